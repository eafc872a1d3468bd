/*
 * error.h - the error record every library function fills instead of printing.
 *
 * Library code never prints and never exits: it returns a negative status and
 * describes the failure here (file, place, message).  Only src/cmd/ turns the
 * record into a line on stderr and an exit code.  The idiom is
 *     return zj_error_set(err, path, line, col, "bad thing %s", x);
 * which returns ZJ_ERR so error paths stay one line.
 */
#ifndef ZJ_ERROR_H
#define ZJ_ERROR_H

#include <stddef.h>

enum { ZJ_OK = 0, ZJ_ERR = -1 };

struct zj_error {
    char file[512]; /* "" when no file is involved */
    long line;      /* 1-based; 0 when not known */
    long col;       /* 1-based column in characters; 0 when not known */
    long long byte; /* 0-based byte offset; -1 when not known */
    char msg[1024];
};

/* Fills err (when not NULL) and returns ZJ_ERR.  line/col 0 mean unknown. */
int zj_error_set(struct zj_error *err, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Puts `file` in front of an error that already names a place: "doc.txt:
 * dict.tsv:3: regex match limit ...".  The message is copied first, so an
 * error may be wrapped in place (passing err->msg to zj_error_set may not). */
int zj_error_wrap(struct zj_error *err, const char *file);
/* Same, with a byte offset instead of line and column. */
int zj_error_at_byte(struct zj_error *err, const char *file, long long byte, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void zj_error_clear(struct zj_error *err);
/* Formats "file:line:col: msg" (the parts known) into out. */
void zj_error_format(const struct zj_error *err, char *out, size_t size);

#endif

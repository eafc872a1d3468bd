/* error.c - see error.h. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void set_file(struct zj_error *err, const char *file)
{
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
}

int zj_error_set(struct zj_error *err, const char *file, long line, long col, const char *fmt, ...)
{
    if (!err) return ZJ_ERR;
    set_file(err, file);
    err->line = line;
    err->col = col;
    err->byte = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return ZJ_ERR;
}

int zj_error_at_byte(struct zj_error *err, const char *file, long long byte, const char *fmt, ...)
{
    if (!err) return ZJ_ERR;
    set_file(err, file);
    err->line = err->col = 0;
    err->byte = byte;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return ZJ_ERR;
}

void zj_error_clear(struct zj_error *err)
{
    memset(err, 0, sizeof *err);
    err->byte = -1;
}

void zj_error_format(const struct zj_error *err, char *out, size_t size)
{
    if (!err->file[0]) {
        snprintf(out, size, "%s", err->msg);
    } else if (err->line > 0 && err->col > 0) {
        snprintf(out, size, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
    } else if (err->line > 0) {
        snprintf(out, size, "%s:%ld: %s", err->file, err->line, err->msg);
    } else if (err->byte >= 0) {
        snprintf(out, size, "%s: byte %lld: %s", err->file, err->byte, err->msg);
    } else {
        snprintf(out, size, "%s: %s", err->file, err->msg);
    }
}

int zj_error_wrap(struct zj_error *err, const char *file)
{
    char msg[sizeof err->file + sizeof err->msg + 64]; /* room for the formatted place */
    zj_error_format(err, msg, sizeof msg);
    return zj_error_set(err, file, 0, 0, "%s", msg);
}

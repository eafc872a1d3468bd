/*
 * buf.h - growable byte buffer, the one way zongjie builds strings.
 *
 * Invariant: `ptr` is always NUL-terminated (ptr[len] == 0), even when empty,
 * so a buffer can be handed to C APIs that want a string.  A zeroed
 * `struct zj_buf` (or ZJ_BUF_INIT) is a valid empty buffer.
 */
#ifndef ZJ_BUF_H
#define ZJ_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct zj_buf {
    char *ptr;
    size_t len;
    size_t alloc;
};

#define ZJ_BUF_INIT {NULL, 0, 0}

/* Makes room for `extra` more bytes (plus the terminating NUL). */
void zj_buf_grow(struct zj_buf *b, size_t extra);
void zj_buf_add(struct zj_buf *b, const void *data, size_t len);
void zj_buf_addstr(struct zj_buf *b, const char *s);
void zj_buf_addch(struct zj_buf *b, char c);
void zj_buf_addf(struct zj_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void zj_buf_vaddf(struct zj_buf *b, const char *fmt, va_list ap);
void zj_buf_truncate(struct zj_buf *b, size_t len);
/* Returns a string that is never NULL ("" for a buffer never written). */
const char *zj_buf_cstr(const struct zj_buf *b);
/* Hands the heap string to the caller (who frees it) and empties b. */
char *zj_buf_detach(struct zj_buf *b, size_t *len);
void zj_buf_release(struct zj_buf *b);

#endif

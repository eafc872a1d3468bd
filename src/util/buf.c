/* buf.c - see buf.h. */
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include <stdlib.h>

void zj_buf_grow(struct zj_buf *b, size_t extra)
{
    b->ptr = zj_xgrow(b->ptr, 1, b->len + extra + 1, &b->alloc);
}

void zj_buf_add(struct zj_buf *b, const void *data, size_t len)
{
    zj_buf_grow(b, len);
    if (len) memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void zj_buf_addstr(struct zj_buf *b, const char *s)
{
    zj_buf_add(b, s, strlen(s));
}

void zj_buf_addch(struct zj_buf *b, char c)
{
    zj_buf_add(b, &c, 1);
}

void zj_buf_vaddf(struct zj_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) return;
    zj_buf_grow(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void zj_buf_addf(struct zj_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zj_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void zj_buf_truncate(struct zj_buf *b, size_t len)
{
    if (len >= b->len) return;
    b->len = len;
    b->ptr[len] = '\0';
}

const char *zj_buf_cstr(const struct zj_buf *b)
{
    return b->ptr ? b->ptr : "";
}

char *zj_buf_detach(struct zj_buf *b, size_t *len)
{
    if (!b->ptr) zj_buf_grow(b, 0), b->ptr[0] = '\0';
    char *s = b->ptr;
    if (len) *len = b->len;
    b->ptr = NULL;
    b->len = b->alloc = 0;
    return s;
}

void zj_buf_release(struct zj_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->alloc = 0;
}

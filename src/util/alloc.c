/* alloc.c - see alloc.h. */
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void die_oom(size_t size)
{
    fprintf(stderr, "zongjie: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *zj_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) die_oom(size);
    return p;
}

void *zj_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) die_oom(count * size);
    return p;
}

void *zj_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p) die_oom(size);
    return p;
}

void *zj_xgrow_slow(void *ptr, size_t elem, size_t need, size_t *alloc)
{
    size_t n = *alloc ? *alloc : 8;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / elem) die_oom(need * elem);
        n *= 2;
    }
    *alloc = n;
    return zj_xrealloc(ptr, n * elem);
}

enum { HUGE_PAGE = 2 << 20 };

void *zj_xmalloc_huge(size_t size)
{
    if (size < HUGE_PAGE) return zj_xmalloc(size);
    size_t rounded = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = aligned_alloc(HUGE_PAGE, rounded);
    if (!p) die_oom(size);
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE); /* a hint: without it, small pages */
#endif
    return p;
}

char *zj_xstrdup(const char *s)
{
    return zj_xstrndup(s, strlen(s));
}

char *zj_xstrndup(const char *s, size_t len)
{
    char *p = zj_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

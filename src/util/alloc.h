/*
 * alloc.h - allocation that never returns NULL.
 *
 * zongjie has no sensible way to continue after running out of memory half
 * way through a table, so every allocation goes through these wrappers, which
 * print one line and abort (as cmark's allocator does).  Callers never check
 * for NULL.
 */
#ifndef ZJ_ALLOC_H
#define ZJ_ALLOC_H

#include <stddef.h>

void *zj_xmalloc(size_t size);
void *zj_xcalloc(size_t count, size_t size);
void *zj_xrealloc(void *ptr, size_t size);
/* Grows an array of `*alloc` elements of `elem` bytes so that it holds at
 * least `need` elements; amortised doubling.  Returns the (new) array.
 * Inline because hot loops append one element at a time and almost never
 * need to grow: the common case is one compare, not a call. */
void *zj_xgrow_slow(void *ptr, size_t elem, size_t need, size_t *alloc);
static inline void *zj_xgrow(void *ptr, size_t elem, size_t need, size_t *alloc)
{
    return need <= *alloc ? ptr : zj_xgrow_slow(ptr, elem, need, alloc);
}
/* A large array read at random (reuse's texts and postings), backed by
 * transparent huge pages where the kernel allows them (madvise mode): on a
 * virtual machine every TLB miss is a two-level page walk, and random reads
 * over hundreds of megabytes of small pages were most of reuse's stalls.
 * Free with free(). */
void *zj_xmalloc_huge(size_t size);
char *zj_xstrdup(const char *s);
char *zj_xstrndup(const char *s, size_t len);

#endif

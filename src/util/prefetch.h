/*
 * prefetch.h - ask for a cache line before it is read.
 *
 * GCC treats __builtin_prefetch as free of side effects, so a helper that
 * only prefetches is found to do nothing and its calls are deleted (GCC 12,
 * -O1 and up: reuse's partner prefetch never reached the binary).  The empty
 * asm takes the address as an input the compiler cannot see through, which
 * keeps the prefetch.
 */
#ifndef ZJ_PREFETCH_H
#define ZJ_PREFETCH_H

static inline void zj_prefetch(const void *p)
{
    __builtin_prefetch(p);
    __asm__ volatile("" : : "r"(p));
}

#endif

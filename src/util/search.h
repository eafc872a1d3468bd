/*
 * search.h - binary search over sorted records (a lower bound), one for
 * every record type: reuse's anchors, spans' ends, line starts and
 * exception lists all ask "the first whose key is at least x".
 */
#ifndef ZJ_SEARCH_H
#define ZJ_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The first of n records of `size` bytes at base, ascending by the
 * uint32_t `key` bytes into each, whose key is lo or more (n: none).
 * Inline, so that size and key fold to constants at each caller. */
static inline size_t zj_first_key(const void *base, size_t n, size_t size, size_t key, uint32_t lo)
{
    const unsigned char *p = base;
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        uint32_t v;
        memcpy(&v, p + mid * size + key, sizeof v);
        if (v < lo)
            a = mid + 1;
        else
            b = mid;
    }
    return a;
}

/* The same, naming the record type and the key's field. */
#define ZJ_FIRST(type, v, n, field, lo) zj_first_key(v, n, sizeof(type), offsetof(type, field), lo)

#endif

/*
 * winnow.c - see winnow.h.
 *
 * The window minimum is kept with a monotone deque (amortised O(1) per
 * k-gram); the rolling hash is a polynomial mod 2^64 whose value is mixed
 * (splitmix64 finaliser) before selection, so minima are spread evenly even
 * for the low code points of ASCII placeholders.
 */
#include "reuse/winnow.h"

#include <stdlib.h>

#include "util/alloc.h"
#include "util/banned.h"

#define BASE 0x100000001B3ULL

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

void zj_winnow(const uint32_t *code, size_t n, int k, int w, struct zj_fp **out, size_t *nout,
               size_t *alloc)
{
    if (k < 1 || w < 1 || n < (size_t)k) return;
    size_t ngrams = n - (size_t)k + 1;
    uint64_t top = 1, h = 0;
    for (int i = 1; i < k; i++) top *= BASE;
    uint64_t *hs = zj_xmalloc(ngrams * sizeof *hs);
    for (size_t i = 0; i < n; i++) {
        if (i >= (size_t)k) h -= (code[i - (size_t)k] + 1) * top;
        h = h * BASE + code[i] + 1;
        if (i + 1 >= (size_t)k) hs[i + 1 - (size_t)k] = mix(h);
    }
    size_t *dq = zj_xmalloc(ngrams * sizeof *dq), head = 0, tail = 0, last = (size_t)-1;
    for (size_t i = 0; i < ngrams; i++) {
        while (tail > head && hs[dq[tail - 1]] > hs[i]) tail--;
        dq[tail++] = i;
        if (dq[head] + (size_t)w <= i) head++;
        if (i + 1 < (size_t)w && i + 1 < ngrams) continue; /* first window not full yet */
        if (dq[head] != last) {
            last = dq[head];
            *out = zj_xgrow(*out, sizeof **out, *nout + 1, alloc);
            (*out)[(*nout)++] = (struct zj_fp){hs[last], (uint32_t)last};
        }
    }
    free(dq);
    free(hs);
}

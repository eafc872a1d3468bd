/*
 * winnow.h - document fingerprints by winnowing (Schleimer, Wilkerson & Aiken
 * 2003) over reuse characters.
 *
 * Every k-gram gets a 64-bit rolling hash; in every window of w consecutive
 * k-gram hashes the minimum is selected (on ties the one already selected is
 * kept: "robust winnowing").  Guarantee: any run of w + k - 1 reuse characters
 * that two documents share yields at least one common fingerprint.
 */
#ifndef ZJ_WINNOW_H
#define ZJ_WINNOW_H

#include <stddef.h>
#include <stdint.h>

struct zj_fp {
    uint64_t hash;
    uint32_t pos; /* index of the k-gram's first reuse character */
};

/* Appends the fingerprints of code[0..n) to *out (grown with *alloc). */
void zj_winnow(const uint32_t *code, size_t n, int k, int w, struct zj_fp **out, size_t *nout,
               size_t *alloc);

#endif

/*
 * align.h - verify that two documents share passages, given their common
 * fingerprints, and find where.
 *
 * Anchors (the k-gram positions of a shared fingerprint in A and in B) are
 * chained along near-diagonals (drift at most ZJ_ALIGN_BAND characters,
 * gaps at most ZJ_ALIGN_GAP), each chain's region is extended while the
 * characters agree, overlapping regions are merged, and each region is scored
 * by edit distance: similarity = 1 - distance / longer side (a region below
 * --min-sim reports 0: the distance is only computed up to that bound).  A pair
 * can yield several passages (reordered paragraphs come out separately).  A
 * passage's edges then grow past an edit near them, within their line, and
 * the sentences of a reordered paragraph too short to be passages come out
 * as satellites (align.c), shorter than min_chars.
 */
#ifndef ZJ_ALIGN_H
#define ZJ_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#define ZJ_ALIGN_BAND 24
#define ZJ_ALIGN_GAP 120

struct zj_anchor {
    uint32_t a, b; /* k-gram start in A and in B (reuse characters) */
};

struct zj_passage {
    uint32_t a0, a1, b0, b1; /* reuse characters, end exclusive */
    double similarity;
};

struct zj_align_opts {
    int k;
    size_t min_chars;
    double min_sim;
    /* A chain of one anchor cannot reach min_chars by exact extension (reuse
     * sets this when min_chars >= 2w + k - 1, see reuse.c): it is merged as
     * its bare k-gram, not extended into the partner's text. */
    int lone_futile;
    /* The line of side 0 (A) or 1 (B) that holds position pos, as [*lo,
     * *hi) (NULL: lines are not known, and passages do not grow): a
     * passage's edges grow past an edit near them only within their line.
     * may_grow says whether an accepted passage may grow so (NULL: always).
     * Both get grow_ctx. */
    void (*line_of)(const void *ctx, int side, uint32_t pos, uint32_t *lo, uint32_t *hi);
    int (*may_grow)(const struct zj_passage *p, const void *ctx);
    const void *grow_ctx;
};

/* A caller's working storage for zj_align_with, kept from one pair to the
 * next: reuse aligns over a hundred million pairs on a large corpus, most of
 * them sharing nothing, and four allocations a pair were a tenth of the
 * time.  Zero-initialise; zj_align_scratch_release frees it. */
struct zj_align_scratch {
    void *chains;
    struct zj_passage *regions, *kept;
    struct zj_anchor *in;
    long *rows; /* edit distance: two rows of diagonals */
    unsigned char *drop; /* drop_contained's marks */
    /* satellites (align.c): uncovered stretches, the passages' sides sorted,
     * their groups by line */
    uint32_t *gaps, *lines;
    void *keys;
    size_t chains_alloc, regions_alloc, kept_alloc, in_alloc, rows_alloc, drop_alloc;
    size_t gaps_alloc, lines_alloc, keys_alloc;
};

void zj_align_scratch_release(struct zj_align_scratch *s);

/* Fills *out (malloc'ed at its exact size, *n entries; NULL when there are
 * none) with the accepted passages; anchors are reordered. */
void zj_align(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_anchor *anchors,
              size_t nanchors, const struct zj_align_opts *o, struct zj_passage **out, size_t *n);
/* The same, with the working storage in s (the only allocation left is *out,
 * and only when a passage is found). */
void zj_align_with(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                   struct zj_anchor *anchors, size_t nanchors, const struct zj_align_opts *o,
                   struct zj_align_scratch *s, struct zj_passage **out, size_t *n);

/* Sorts anchors by position in A, then in B; a sorted list (reuse gathers
 * them in that order) costs one pass. */
void zj_anchors_sort(struct zj_anchor *an, size_t n);

/* Levenshtein distance of a and b when it is at most cap, else cap + 1.
 * Diagonal-wise furthest reaching (Ukkonen 1985): O(na + nb + cap^2) time,
 * O(cap) memory, fast on near copies, whose distance is small. */
size_t zj_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t cap);

#endif

/*
 * span.h - one side of a verified passage, as clustering handles it
 * (internal to cluster.c and cut.c; reuse.h is the module's interface).
 *
 * Spans live in one array in (document, position) order: document d's are
 * s[first[d], first[d + 1]), sorted by start, then end, then collection
 * index.  The collection index (in `set` until the clusters are numbered)
 * pairs the two sides of a passage: 2p and 2p + 1.
 */
#ifndef ZJ_SPAN_H
#define ZJ_SPAN_H

#include <stddef.h>
#include <stdint.h>

struct span {
    uint32_t doc, partner, r0, r1; /* partner: the document on the passage's other side */
    uint32_t set;
    unsigned char template_regime;
    unsigned char kind; /* enum zj_reuse_kind, from the span's own passage (span_kind) */
    double sim;
};

/* The overlap rule that joins two spans of one document into one cluster:
 * [a0, a1) and [b0, b1) share two thirds of the longer (cluster.c, and
 * cut.c, which cuts passages so that their pieces join). */
static inline int zj_spans_overlap_join(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    uint32_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    uint32_t longer = a1 - a0 > b1 - b0 ? a1 - a0 : b1 - b0;
    return hi > lo && 3 * (hi - lo) >= 2 * longer;
}

/* Whether two spans of one document hold the same text: they share nine
 * tenths of the longer (ends aligned a little differently), or, both at
 * least `whole` long, the shorter lies nine tenths or more inside the longer
 * and the overlap rule joins them (a paragraph copied with a sentence
 * trimmed at an end).  Shorter spans are not taken as trimmed copies: the
 * genre's stock clauses come in shifted runs that lie inside each other.
 * It implies zj_spans_overlap_join, which split_chains (cluster.c) counts
 * on: every part lies inside one cluster. */
static inline int zj_spans_same_text(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1,
                                     uint32_t whole)
{
    uint32_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    uint32_t la = a1 - a0, lb = b1 - b0, longer = la > lb ? la : lb, shorter = la < lb ? la : lb;
    if (hi <= lo) return 0;
    if (10 * (size_t)(hi - lo) >= 9 * (size_t)longer) return 1;
    return shorter >= whole && 10 * (size_t)(hi - lo) >= 9 * (size_t)shorter &&
           zj_spans_overlap_join(a0, a1, b0, b1);
}

/* Sorts each document's spans into position order, on all workers; only the
 * documents d with only[d] set when only is not NULL (cluster.c). */
void zj_spans_sort(struct span *s, const size_t *first, size_t ndocs, const unsigned char *only,
                   int threads);

/* Cuts passages where the documents holding their text change (cut.c); s
 * in (document, position) order, document d's spans s[first[d], first[d +
 * 1]).  Returns the spans (s, or s grown: the caller frees the returned
 * array), again in that order, with *n and first updated; a passage cut in
 * c places becomes c + 1 passages, numbered from the old *n on. */
struct span *zj_spans_cut(struct span *s, size_t *n, size_t *first, size_t ndocs, size_t min_chars,
                          int threads);

#endif

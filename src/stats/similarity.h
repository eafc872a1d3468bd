/*
 * similarity.h - how alike two documents' term profiles are.
 *
 * Cosine similarity of raw term-count vectors (each vector over the terms of
 * the dictionary, counts as in `count`): sum(x_t * y_t) / (|x| |y|); 0 when a
 * document has no hits.  Vectors are the sorted per-document counts of
 * terms/count.h, so one merge walk computes a pair in O(terms of both).
 */
#ifndef ZJ_SIMILARITY_H
#define ZJ_SIMILARITY_H

#include <stddef.h>
#include <stdint.h>

#include "terms/count.h"

/* *shared receives the number of terms both documents use. */
double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared);
/* The same with the vectors' norms given (zj_norm_of), for all-pairs loops. */
double zj_cosine_normed(const struct zj_doc_counts *x, double nx, const struct zj_doc_counts *y,
                        double ny, size_t *shared);
double zj_norm_of(const struct zj_doc_counts *x);

/*
 * All pairs at once, through an inverted index (term -> documents using it):
 * one document's dot products with every other come from walking the
 * posting lists of its own terms, adding into a dense accumulator, with no
 * per-pair merge.  Cost: sum over terms of df^2 multiply-adds.
 *
 * Terms many documents use (the genre's staples: used by an eighth of the
 * documents or more, df up to n) make that sum
 * quadratic with a large constant, so zj_sim_top takes their part of every
 * dot product from a dense document x frequent-term matrix multiplied by its
 * transpose in blocks (BLAS gemm, near the machine's peak), and only the
 * other terms from the posting lists.  Counts are integers, so every partial
 * sum is an integer and exact in any order (float when the largest possible
 * dot product is below 2^24, double below 2^53, else postings only): every
 * value equals zj_cosine's to the last bit.
 */
struct zj_sim_index {
    size_t ndocs, nterms;
    const struct zj_doc_counts *const *docs; /* borrowed */
    uint32_t **ids;                          /* per document, per item: term id */
    uint32_t *post_start;                    /* nterms + 1 */
    uint32_t *post_doc;
    double *post_val;
    double *norm;
    size_t ndense;       /* frequent terms, columns of dense_* */
    uint32_t *dense_col; /* per term: its column, or UINT32_MAX */
    float *dense_f;      /* ndocs x ndense, when float is exact */
    double *dense_d;     /* otherwise, when double is */
};

/* How the work is split (tests force each path; zongjie uses the defaults). */
struct zj_sim_tuning {
    double dense_share; /* a term is dense when used by >= this share of documents; > 1: none */
    int allow_float;    /* 0: double even when float would be exact */
};

/* Postings only: enough for zj_sim_dots (and a slow zj_sim_top). */
void zj_sim_index_init(struct zj_sim_index *ix, const struct zj_doc_counts *const *docs, size_t n);
/* Also the dense part, for zj_sim_top; tuning NULL: the defaults. */
void zj_sim_index_init_dense(struct zj_sim_index *ix, const struct zj_doc_counts *const *docs,
                             size_t n, const struct zj_sim_tuning *tuning);
void zj_sim_index_release(struct zj_sim_index *ix);

/* Dot products of document i with every document (dot[j]; dot[i] included)
 * and the number of terms they share; both arrays hold ndocs entries.
 * Postings only: the slow path, for output that lists every pair anyway. */
void zj_sim_dots(const struct zj_sim_index *ix, size_t i, double *dot, uint32_t *shared);

struct zj_sim_partner {
    double cos;
    size_t doc, shared;
};

/* Each document's `top` most similar others, most similar first (ties: lower
 * document first), into best[i * top ...], nbest[i] of them; `threads`
 * workers (<= 0: one per core; at most one per 256 documents, as each holds
 * lists for all).  Output does not depend on threads or on the tuning.
 * The dense products are gemm.h's (one BLAS thread each: the workers are
 * the threads). */
void zj_sim_top(const struct zj_sim_index *ix, size_t top, int threads, struct zj_sim_partner *best,
                size_t *nbest);

#endif

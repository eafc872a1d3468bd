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
 * Sets OpenBLAS to one thread for the process: the workers are the threads. */
void zj_sim_top(const struct zj_sim_index *ix, size_t top, int threads, struct zj_sim_partner *best,
                size_t *nbest);

/* Process start-up, once: OpenBLAS to one thread and its server threads
 * stopped.  zongjie never runs BLAS on more than one thread (zj_sim_top's
 * workers each run their own gemm), but OpenBLAS starts one server thread
 * per core when it is loaded, and each spins on sched_yield for ~0.1 s
 * before it sleeps: 0.03-0.1 s of CPU in every run of every command, on a
 * core the command's own workers want.  Stopping them uses OpenBLAS's
 * pthread build's blas_thread_shutdown_ (its fork handler, the one way to
 * stop them; openblas_set_num_threads would start them again, so it is not
 * called after this).  OpenBLAS's OpenMP build has the symbol too (it frees
 * per-thread buffers; harmless), but resets the thread count to OpenMP's at
 * every gemm; a serial build or one with suffixed symbols leaves the weak
 * symbol NULL, and this only sets the thread count.  Debian's default
 * libopenblas-dev is the pthread build. */
void zj_sim_blas_init(void);

#endif

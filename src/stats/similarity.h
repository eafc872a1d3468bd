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

#include "terms/count.h"

/* *shared receives the number of terms both documents use. */
double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared);
/* The same with the vectors' norms given (zj_norm_of), for all-pairs loops. */
double zj_cosine_normed(const struct zj_doc_counts *x, double nx, const struct zj_doc_counts *y,
                        double ny, size_t *shared);
double zj_norm_of(const struct zj_doc_counts *x);

#endif

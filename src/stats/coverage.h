/*
 * coverage.h - how much of a document each section (and section type) holds:
 * text characters, dictionary hits, and hits per topic category.
 *
 * Works on an outline whose nodes have types (sectypes.h) and on hits given
 * as code-point positions in the decoded text.  Sections are counted by their
 * own spans, which partition the document, so the per-type figures of one
 * document add up to its totals.
 */
#ifndef ZJ_COVERAGE_H
#define ZJ_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include "doc/outline.h"

struct zj_coverage {
    const struct zj_outline *outline; /* borrowed */
    size_t ncats;
    size_t *chars;     /* per node: text characters (letters, digits) of its own span */
    size_t *hits;      /* per node: hits starting in its own span */
    uint32_t *cat_hits; /* per node x category */
    size_t doc_chars, doc_hits;
};

/* Counts text characters per node; ncats is the number of topic categories. */
void zj_coverage_init(struct zj_coverage *cv, const struct zj_outline *o, const char *text,
                      size_t len, size_t ncats);
void zj_coverage_add_hit(struct zj_coverage *cv, size_t cp, uint32_t cat);
void zj_coverage_release(struct zj_coverage *cv);

/* Sums over the subtree of node i (the node and its descendants). */
void zj_coverage_subtree(const struct zj_coverage *cv, size_t i, size_t *chars, size_t *hits);

struct zj_type_cover {
    size_t sections; /* headings (or special nodes) of this type */
    size_t chars, hits;
    uint32_t *cat_hits; /* ncats entries */
};

/* Per section type (ntypes of them): fills out[0..ntypes); release with
 * zj_type_cover_release. */
void zj_coverage_by_type(const struct zj_coverage *cv, size_t ntypes, struct zj_type_cover *out);
void zj_type_cover_release(struct zj_type_cover *tc, size_t ntypes);

#endif

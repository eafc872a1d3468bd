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
#include "doc/sectypes.h"
#include "terms/match.h"

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

/* A document's outline with section types, and its coverage: the one sequence
 * `sections`, `count --by section` and `compare --coverage/--section` share.
 * The coverage borrows the outline in the same struct: do not copy or move it
 * after init. */
struct zj_doc_sections {
    struct zj_outline outline;
    struct zj_coverage cover;
};

/* Parses decoded text (title_line from meta), assigns section types, counts
 * characters per node; ncats topic categories for hits (0: none). */
void zj_doc_sections_init(struct zj_doc_sections *ds, const char *text, size_t len,
                          size_t title_line, const struct zj_sectypes *st, size_t ncats);
/* The node holding hit h (normalized byte offsets, mapped to decoded code
 * points through map). */
size_t zj_doc_sections_node(const struct zj_doc_sections *ds, const uint32_t *map,
                            const struct zj_hit *h);
/* Adds hits to the coverage; cat_of_entry maps entries to categories. */
void zj_doc_sections_add_hits(struct zj_doc_sections *ds, const uint32_t *map,
                              const struct zj_hit *hits, size_t n, const uint32_t *cat_of_entry);
void zj_doc_sections_release(struct zj_doc_sections *ds);

/* A document's figures per section type, kept after its outline is gone. */
struct zj_type_profile {
    size_t ntypes, ncats;
    double doc_chars;
    double *chars;    /* ntypes */
    double *hits;     /* ntypes */
    double *cat_hits; /* ntypes x ncats */
    unsigned char *present; /* ntypes */
};

void zj_type_profile_init(struct zj_type_profile *p, const struct zj_coverage *cv, size_t ntypes);
void zj_type_profile_release(struct zj_type_profile *p);

/* Section coverage of group B against group A (groups: 0 = A, 1 = B, -1 =
 * neither).  One row per type (cat = -1) and per type x category, for every
 * type or topic present in A or B. */
struct zj_cover_row {
    int type, cat;
    size_t docs_a, docs_b;       /* documents in each group */
    size_t present_a, present_b; /* of which have this type (topic: use this category in it) */
    double chars_a, chars_b;     /* characters of the type in the group */
    double size_a, size_b;       /* characters of the group (type rows) or of the type (topics) */
    double hits_a, hits_b;
};

void zj_coverage_compare(const struct zj_type_profile *const *docs, const int *group, size_t ndocs,
                         struct zj_cover_row **rows, size_t *nrows);

#endif

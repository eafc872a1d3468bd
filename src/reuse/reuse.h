/*
 * reuse.h - copied passages across a corpus: who shares what, and how much
 * of each summary is copied (重复率).
 *
 * Pipeline (each stage its own file):
 *   prep.c     reuse text of each document (names and numbers masked)
 *   winnow.c   fingerprints
 *   reuse.c    the fingerprint index and candidate pairs, in two regimes by
 *              how many units share a fingerprint: *peer* (2 .. max_df units:
 *              anchors for every pair of postings) and *template* (more units:
 *              every posting is anchored to one representative document, so
 *              the work stays linear in postings); plus each unit's summary
 *              against its own previous year
 *   align.c    verification and passage boundaries
 *   cut.c      passages cut where the documents holding their text change
 *   cluster.c  passages into clusters of copies, labels, per-document shares
 */
#ifndef ZJ_REUSE_H
#define ZJ_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "reuse/align.h"
#include "reuse/prep.h"

struct zj_reuse_doc {
    struct zj_reuse_text text; /* owned */
    unsigned char *in_term;    /* a bit per reuse character (bit i % 8 of byte i / 8): inside a
                                  dictionary hit; owned; read from pairing on (formula rule) */
    int unit;                  /* unit id (documents without a unit get their own) */
    int year;                  /* 0 unknown */
};

struct zj_reuse_opts {
    int k, w;
    size_t max_df;         /* units sharing a fingerprint before it counts as a template */
    size_t min_chars;
    double min_sim;
    size_t min_anchors;    /* shared fingerprints a peer pair needs before it is verified */
    size_t template_units; /* a cluster spanning this many units is a template family */
    double formula_share;  /* a short member (under 2 x min_chars) this much covered by
                              dictionary terms and placeholders is a formula */
    int threads;           /* pair verification workers (<= 0: one per core); output does
                              not depend on it */
};

/* One verified alignment between two documents. */
struct zj_reuse_pair {
    uint32_t a, b; /* document indices, a < b */
    int template_regime; /* some anchor came from a template fingerprint */
    struct zj_passage *passages;
    size_t npassages;
    unsigned char *passage_template; /* per passage: holds a template-fingerprint anchor (NULL: none does) */
};

/* Whether passage j of pair p is a template passage. */
static inline int zj_reuse_passage_is_template(const struct zj_reuse_pair *p, size_t j)
{
    return p->passage_template ? p->passage_template[j] : p->template_regime;
}

/* Whether passage j of pair p is a satellite (align.c): the only passages
 * shorter than min_chars on a side.  They are evidence (--alignments) and
 * formula members (--passages), and are not counted as shared text. */
static inline int zj_reuse_passage_is_satellite(const struct zj_reuse_pair *p, size_t j,
                                                size_t min_chars)
{
    const struct zj_passage *q = &p->passages[j];
    return q->a1 - q->a0 < min_chars || q->b1 - q->b0 < min_chars;
}

enum zj_reuse_kind {
    ZJ_REUSE_TEMPLATE,
    ZJ_REUSE_CROSS_UNIT,
    ZJ_REUSE_SELF,     /* same unit, earlier year */
    ZJ_REUSE_FORMULA,
    ZJ_REUSE_ORIGIN,   /* the earliest copy within one unit: not copied */
};

struct zj_reuse_member {
    uint32_t cluster, doc;
    uint32_t r0, r1; /* reuse characters */
    enum zj_reuse_kind kind;
    double similarity; /* best similarity of the alignments that made it */
    int source_doc;    /* where it was most likely taken from; -1 none */
};

struct zj_reuse_cluster {
    size_t members, docs, units;
    int first_year, last_year;
    enum zj_reuse_kind kind; /* template, cross-unit, self or formula (the majority) */
    uint32_t representative; /* member index */
};

struct zj_reuse_docstat {
    size_t chars, reused, template_chars, cross_chars, self_chars, formula_chars;
    int top_source;
    size_t top_source_chars;
};

struct zj_reuse_result {
    struct zj_reuse_pair *pairs;
    size_t npairs;
    struct zj_reuse_member *members; /* sorted by cluster, then document, then position */
    size_t nmembers;
    struct zj_reuse_cluster *clusters;
    size_t nclusters;
    struct zj_reuse_docstat *docs; /* one per input document */
    size_t fingerprints, postings, template_fingerprints;
    size_t anchor_records; /* anchors (and self-pair markers) gathered before verification */
    size_t pairs_tried;    /* document pairs aligned (npairs of them shared passages) */
};

void zj_reuse_opts_default(struct zj_reuse_opts *o, int cnki);

/* Moves the documents' reuse characters into one block in huge pages and
 * returns it; each text is marked packed and the block is freed by the
 * caller after the texts are released.  Pair verification reads partners'
 * texts at random, which on hundreds of megabytes of small pages is bound by
 * address translation: callers with many documents pack them before
 * zj_reuse_run (output is the same either way). */
uint32_t *zj_reuse_pack(struct zj_reuse_doc *docs, size_t ndocs);
void zj_reuse_run(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                  struct zj_reuse_result *out);
void zj_reuse_result_release(struct zj_reuse_result *r);

struct zj_interval {
    uint32_t lo, hi;
};

/* Reuse characters that pair p's passages cover on side A (side_b 0) or B,
 * each counted once (a pair's passages can overlap on one side: a
 * paragraph held twice); template passages only with with_templates,
 * satellites (under min_chars) never.  scratch holds p->npassages
 * intervals. */
size_t zj_reuse_pair_cover(const struct zj_reuse_pair *p, int side_b, int with_templates,
                           size_t min_chars, struct zj_interval *scratch);

/*
 * Per year, how much of each unit's summary it shares with each other unit's
 * summary of the same year: reuse characters of the row unit's documents
 * inside verified passages with the column unit's documents (union per
 * document pair), template passages left out — a template family is
 * membership (reuse --passages), not n^2 copies — and so are satellites.
 * Units 0..nunits-1 are the named ones (documents of other units are left
 * out).
 */
struct zj_unit_matrix {
    size_t nyears, nunits;
    int *years;     /* ascending */
    size_t *chars;  /* [year][unit]: reuse characters of the unit's documents */
    size_t *shared; /* [year][row unit][column unit] */
};

void zj_unit_matrix_init(struct zj_unit_matrix *m, const struct zj_reuse_doc *docs, size_t ndocs,
                         size_t nunits, size_t min_chars, const struct zj_reuse_result *res);
void zj_unit_matrix_release(struct zj_unit_matrix *m);
const char *zj_reuse_kind_name(enum zj_reuse_kind k);

/* Stage functions, in reuse.c and cluster.c. */
void zj_reuse_pairs(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                    struct zj_reuse_result *out);
void zj_reuse_cluster(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                      struct zj_reuse_result *out);
/* Whether reuse characters [r0, r1) of d are stock wording, not a copy:
 * shorter than min_chars, or shorter than twice that and formula_share or
 * more dictionary terms and placeholders (cluster.c). */
int zj_reuse_formula(const struct zj_reuse_doc *d, uint32_t r0, uint32_t r1,
                     const struct zj_reuse_opts *o);

#endif

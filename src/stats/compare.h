/*
 * compare.h - term (or category) frequencies of group B against group A.
 *
 * Input: documents, each with its term counts, its size in text characters
 * and its group (A, B, or neither).  Output: one row per term used in A or B
 * at least min_count times, with the keyness statistics (keyness.h),
 * Benjamini-Hochberg q-values over all rows, a status, and how many
 * documents of each group use the term.  Where units have documents in both
 * groups, each row also has paired tests over those units (paired.h): the
 * Wilcoxon signed-rank test on per-10k rates and McNemar's test on use.  Terms are the (entry, text) keys of
 * terms/count.h, so the same code compares categories once counts are
 * rolled up (entry = category index).
 */
#ifndef ZJ_COMPARE_H
#define ZJ_COMPARE_H

#include <stddef.h>

#include "stats/keyness.h"
#include "terms/count.h"

enum zj_group { ZJ_GROUP_NONE = -1, ZJ_GROUP_A = 0, ZJ_GROUP_B = 1 };

struct zj_cmp_doc {
    const struct zj_doc_counts *counts; /* borrowed */
    double chars;
    enum zj_group group;
    int unit; /* for paired tests: an index shared by the unit's documents, -1 unknown */
};

enum zj_status { ZJ_ST_UNCHANGED, ZJ_ST_UP, ZJ_ST_DOWN, ZJ_ST_NEW, ZJ_ST_DROPPED };

struct zj_cmp_row {
    struct zj_term_count key; /* count unused */
    double a, b;
    size_t docs_a, docs_b;
    struct zj_keyness k;
    double p;     /* the p-value BH adjusts: Fisher's where computed, else G2's */
    int p_fisher; /* 1 when p is Fisher's */
    double q;
    enum zj_status status;
    /* units with documents in both groups (paired); NaN p when none differ */
    double wilcoxon_v, wilcoxon_p, mcnemar_p;
    int wilcoxon_exact;
};

struct zj_cmp_opts {
    unsigned flags; /* ZJ_KEY_YATES, ZJ_KEY_WILLIAMS */
    double alpha;   /* significance level for status, after BH */
    double conf;    /* LRC confidence level */
    double min_count;
};

struct zj_cmp_result {
    struct zj_cmp_row *rows; /* sorted: q, then |log ratio| descending, then term order */
    size_t count;
    double size_a, size_b;
    size_t docs_a, docs_b;
    size_t pairs; /* units with documents in both groups */
};

void zj_compare(const struct zj_cmp_doc *docs, size_t ndocs, const struct zj_cmp_opts *opts,
                struct zj_cmp_result *out);
void zj_cmp_result_release(struct zj_cmp_result *r);
const char *zj_status_name(enum zj_status s);

#endif

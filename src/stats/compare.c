/*
 * compare.c - see compare.h.
 *
 * Group totals come from one sort of all (term, document) counts by term,
 * so the cost is O(h log h) in the number of per-document term counts and
 * no table over the whole vocabulary is allocated.
 */
#include "stats/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/paired.h"
#include "util/alloc.h"
#include "util/banned.h"

struct tagged {
    struct zj_term_count t;
    enum zj_group g;
    int unit;
};

/* Per-unit sizes of each group, for the paired tests. */
struct units {
    double *size[2];
    size_t n;
};

static int tagged_cmp(const void *x, const void *y)
{
    return zj_term_cmp(&((const struct tagged *)x)->t, &((const struct tagged *)y)->t);
}

static struct tagged *collect(const struct zj_cmp_doc *docs, size_t ndocs, size_t *n,
                              struct zj_cmp_result *out)
{
    size_t total = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].group != ZJ_GROUP_NONE) total += docs[d].counts->count;
    struct tagged *all = zj_xmalloc((total + 1) * sizeof *all);
    size_t k = 0;
    for (size_t d = 0; d < ndocs; d++) {
        if (docs[d].group == ZJ_GROUP_NONE) continue;
        if (docs[d].group == ZJ_GROUP_A) out->size_a += docs[d].chars, out->docs_a++;
        else out->size_b += docs[d].chars, out->docs_b++;
        for (size_t i = 0; i < docs[d].counts->count; i++)
            all[k++] = (struct tagged){docs[d].counts->items[i], docs[d].group, docs[d].unit};
    }
    if (k) qsort(all, k, sizeof *all, tagged_cmp);
    *n = k;
    return all;
}

static void unit_sizes(const struct zj_cmp_doc *docs, size_t ndocs, struct units *u, size_t *pairs)
{
    u->n = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].unit >= 0 && (size_t)docs[d].unit + 1 > u->n) u->n = (size_t)docs[d].unit + 1;
    u->size[0] = zj_xcalloc(u->n + 1, sizeof(double));
    u->size[1] = zj_xcalloc(u->n + 1, sizeof(double));
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].unit >= 0 && docs[d].group != ZJ_GROUP_NONE)
            u->size[docs[d].group][docs[d].unit] += docs[d].chars;
    *pairs = 0;
    for (size_t i = 0; i < u->n; i++) *pairs += u->size[0][i] > 0 && u->size[1][i] > 0;
}

/* Wilcoxon on per-10k rates and McNemar on use, over the paired units that
 * use the term in either group (the others have a zero difference). */
static void paired_tests(struct zj_cmp_row *r, const struct tagged *first, const struct tagged *end,
                         const struct units *u)
{
    double *ca = zj_xcalloc(u->n + 1, sizeof *ca), *cb = zj_xcalloc(u->n + 1, sizeof *cb);
    double *diff = zj_xmalloc(((size_t)(end - first) + 1) * sizeof *diff);
    for (const struct tagged *t = first; t < end; t++)
        if (t->unit >= 0) (t->g == ZJ_GROUP_A ? ca : cb)[t->unit] += t->t.count;
    size_t n = 0, n01 = 0, n10 = 0;
    for (const struct tagged *t = first; t < end; t++) {
        int k = t->unit;
        if (k < 0 || u->size[0][k] <= 0 || u->size[1][k] <= 0 || ca[k] < 0) continue;
        diff[n++] = cb[k] * 10000 / u->size[1][k] - ca[k] * 10000 / u->size[0][k];
        n01 += ca[k] == 0 && cb[k] > 0;
        n10 += ca[k] > 0 && cb[k] == 0;
        ca[k] = -1; /* this unit is done */
    }
    zj_wilcoxon(diff, n, &r->wilcoxon_v, &r->wilcoxon_p, &r->wilcoxon_exact);
    r->mcnemar_p = zj_mcnemar_exact(n01, n10);
    free(ca), free(cb), free(diff);
}

static enum zj_status status_of(const struct zj_cmp_row *r, double alpha)
{
    if (r->a == 0 && r->b > 0) return ZJ_ST_NEW;
    if (r->b == 0 && r->a > 0) return ZJ_ST_DROPPED;
    if (!(r->q < alpha)) return ZJ_ST_UNCHANGED;
    return r->k.log_ratio > 0 ? ZJ_ST_UP : ZJ_ST_DOWN;
}

static int row_cmp(const void *x, const void *y)
{
    const struct zj_cmp_row *a = x, *b = y;
    if (a->q != b->q) return a->q < b->q ? -1 : 1;
    double ea = fabs(a->k.log_ratio), eb = fabs(b->k.log_ratio);
    if (ea != eb) return ea > eb ? -1 : 1;
    return zj_term_cmp(&a->key, &b->key);
}

static void add_row(struct zj_cmp_result *out, size_t *alloc, const struct tagged *first,
                    const struct tagged *end, const struct zj_cmp_opts *o, const struct units *u)
{
    struct zj_cmp_row r;
    memset(&r, 0, sizeof r);
    r.key = first->t;
    r.key.count = 0;
    for (const struct tagged *t = first; t < end; t++) {
        if (t->g == ZJ_GROUP_A) r.a += t->t.count, r.docs_a++;
        else r.b += t->t.count, r.docs_b++;
    }
    if (r.a + r.b < o->min_count) return;
    zj_keyness(r.a, r.b, out->size_a, out->size_b, o->flags, o->conf, &r.k);
    r.p_fisher = !isnan(r.k.fisher_p);
    r.p = r.p_fisher ? r.k.fisher_p : r.k.p_g2;
    r.wilcoxon_p = r.mcnemar_p = NAN;
    if (out->pairs) paired_tests(&r, first, end, u);
    out->rows = zj_xgrow(out->rows, sizeof *out->rows, out->count + 1, alloc);
    out->rows[out->count++] = r;
}

void zj_compare(const struct zj_cmp_doc *docs, size_t ndocs, const struct zj_cmp_opts *opts,
                struct zj_cmp_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n, alloc = 0;
    struct units u;
    unit_sizes(docs, ndocs, &u, &out->pairs);
    struct tagged *all = collect(docs, ndocs, &n, out);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !zj_term_cmp(&all[i].t, &all[j].t)) j++;
        if (out->size_a > 0 && out->size_b > 0) add_row(out, &alloc, &all[i], &all[j], opts, &u);
        i = j;
    }
    free(all);
    free(u.size[0]), free(u.size[1]);
    double *p = zj_xmalloc((out->count + 1) * sizeof *p), *q = zj_xmalloc((out->count + 1) * sizeof *q);
    for (size_t i = 0; i < out->count; i++) p[i] = out->rows[i].p;
    zj_bh_adjust(p, out->count, q);
    for (size_t i = 0; i < out->count; i++) {
        out->rows[i].q = q[i];
        out->rows[i].status = status_of(&out->rows[i], opts->alpha);
    }
    free(p);
    free(q);
    if (out->count) qsort(out->rows, out->count, sizeof *out->rows, row_cmp);
}

void zj_cmp_result_release(struct zj_cmp_result *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}

const char *zj_status_name(enum zj_status s)
{
    static const char *const names[] = {"unchanged", "up", "down", "new", "dropped"};
    return names[s];
}

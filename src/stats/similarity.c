/* similarity.c - see similarity.h. */
#include "stats/similarity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/parallel.h"
#include "util/strmap.h"
#include "util/banned.h"

double zj_norm_of(const struct zj_doc_counts *x)
{
    double s = 0;
    for (size_t i = 0; i < x->count; i++) s += (double)x->items[i].count * x->items[i].count;
    return sqrt(s);
}

double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared)
{
    return zj_cosine_normed(x, zj_norm_of(x), y, zj_norm_of(y), shared);
}

double zj_cosine_normed(const struct zj_doc_counts *x, double nx, const struct zj_doc_counts *y,
                        double ny, size_t *shared)
{
    double dot = 0;
    size_t i = 0, j = 0;
    *shared = 0;
    while (i < x->count && j < y->count) {
        int c = zj_term_cmp(&x->items[i], &y->items[j]);
        if (c == 0) {
            dot += (double)x->items[i].count * y->items[j].count;
            ++*shared, i++, j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    double n = nx * ny;
    return n > 0 ? dot / n : 0;
}

/* A term's identity: its entry and its interned text (pointer equality is
 * text equality in zj_terms). */
static uint32_t term_id(struct zj_strmap *ids, const struct zj_term_count *t)
{
    char key[sizeof t->entry + sizeof t->text];
    memcpy(key, &t->entry, sizeof t->entry);
    memcpy(key + sizeof t->entry, &t->text, sizeof t->text);
    return *zj_strmap_put(ids, key, sizeof key, (uint32_t)ids->count, NULL);
}

void zj_sim_index_init(struct zj_sim_index *ix, const struct zj_doc_counts *const *docs, size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->ndocs = n, ix->docs = docs;
    ix->ids = zj_xcalloc(n + 1, sizeof *ix->ids);
    ix->norm = zj_xcalloc(n + 1, sizeof *ix->norm);
    struct zj_strmap map = {0};
    size_t total = 0;
    for (size_t d = 0; d < n; d++) {
        ix->ids[d] = zj_xmalloc((docs[d]->count + 1) * sizeof **ix->ids);
        for (size_t k = 0; k < docs[d]->count; k++) ix->ids[d][k] = term_id(&map, &docs[d]->items[k]);
        ix->norm[d] = zj_norm_of(docs[d]);
        total += docs[d]->count;
    }
    ix->nterms = map.count;
    zj_strmap_release(&map);
    ix->post_start = zj_xcalloc(ix->nterms + 2, sizeof *ix->post_start);
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < docs[d]->count; k++) ix->post_start[ix->ids[d][k] + 1]++;
    for (size_t t = 0; t < ix->nterms; t++) ix->post_start[t + 1] += ix->post_start[t];
    uint32_t *fill = zj_xmalloc((ix->nterms + 1) * sizeof *fill);
    memcpy(fill, ix->post_start, ix->nterms * sizeof *fill);
    ix->post_doc = zj_xmalloc((total + 1) * sizeof *ix->post_doc);
    ix->post_val = zj_xmalloc((total + 1) * sizeof *ix->post_val);
    for (size_t d = 0; d < n; d++) /* documents in order: each list is sorted by document */
        for (size_t k = 0; k < docs[d]->count; k++) {
            uint32_t at = fill[ix->ids[d][k]]++;
            ix->post_doc[at] = (uint32_t)d, ix->post_val[at] = docs[d]->items[k].count;
        }
    free(fill);
}

void zj_sim_index_release(struct zj_sim_index *ix)
{
    for (size_t d = 0; d < ix->ndocs; d++) free(ix->ids[d]);
    free(ix->ids), free(ix->norm), free(ix->post_start), free(ix->post_doc), free(ix->post_val);
    memset(ix, 0, sizeof *ix);
}

void zj_sim_dots(const struct zj_sim_index *ix, size_t i, double *dot, uint32_t *shared)
{
    memset(dot, 0, ix->ndocs * sizeof *dot);
    memset(shared, 0, ix->ndocs * sizeof *shared);
    const struct zj_doc_counts *x = ix->docs[i];
    for (size_t k = 0; k < x->count; k++) {
        uint32_t t = ix->ids[i][k];
        double v = x->items[k].count;
        for (uint32_t p = ix->post_start[t]; p < ix->post_start[t + 1]; p++) {
            dot[ix->post_doc[p]] += v * ix->post_val[p];
            shared[ix->post_doc[p]]++;
        }
    }
}

static int by_cos_desc(const struct zj_sim_partner *a, const struct zj_sim_partner *b)
{
    if (a->cos != b->cos) return a->cos > b->cos ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

/* Keeps the best `top` partners, most similar first. */
static void offer(struct zj_sim_partner *best, size_t *n, size_t top, struct zj_sim_partner p)
{
    if (*n == top && by_cos_desc(&p, &best[top - 1]) >= 0) return;
    size_t i = *n < top ? (*n)++ : top - 1;
    while (i > 0 && by_cos_desc(&p, &best[i - 1]) < 0) best[i] = best[i - 1], i--;
    best[i] = p;
}

struct top_job {
    const struct zj_sim_index *ix;
    size_t top;
    struct zj_sim_partner *best;
    size_t *nbest;
};

struct dots {
    double *dot;
    uint32_t *shared;
};

static void *dots_new(void *ctx)
{
    const struct top_job *job = ctx;
    struct dots *d = zj_xmalloc(sizeof *d);
    d->dot = zj_xmalloc((job->ix->ndocs + 1) * sizeof *d->dot);
    d->shared = zj_xmalloc((job->ix->ndocs + 1) * sizeof *d->shared);
    return d;
}

static void dots_free(void *ctx, void *scratch)
{
    struct dots *d = scratch;
    (void)ctx;
    free(d->dot), free(d->shared), free(d);
}

/* Document i's best partners, into its own slots. */
static void top_of(void *ctx, void *scratch, size_t i)
{
    struct top_job *job = ctx;
    struct dots *d = scratch;
    const struct zj_sim_index *ix = job->ix;
    zj_sim_dots(ix, i, d->dot, d->shared);
    for (size_t j = 0; j < ix->ndocs; j++) {
        if (j == i) continue;
        double n = ix->norm[i] * ix->norm[j];
        struct zj_sim_partner p = {n > 0 ? d->dot[j] / n : 0, j, d->shared[j]};
        offer(job->best + i * job->top, &job->nbest[i], job->top, p);
    }
}

void zj_sim_top(const struct zj_sim_index *ix, size_t top, int threads, struct zj_sim_partner *best,
                size_t *nbest)
{
    struct top_job job = {ix, top, best, nbest};
    memset(nbest, 0, ix->ndocs * sizeof *nbest);
    struct zj_parallel p = {ix->ndocs, 1, &job, dots_new, dots_free, top_of};
    zj_parallel_run(&p, threads);
}

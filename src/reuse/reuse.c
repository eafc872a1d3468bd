/*
 * reuse.c - fingerprint index, candidate pairs and verification (reuse.h).
 *
 * Postings are sorted by hash once; each run of equal hashes is one
 * fingerprint.  Peer fingerprints add an anchor to every pair of documents
 * that hold them; template fingerprints (held by more than max_df units, the
 * superior office's text pasted everywhere) anchor each holder to the run's
 * first document only, so a text in a thousand units costs a thousand
 * anchors, not half a million.
 */
#define _GNU_SOURCE /* qsort_r */
#include "reuse/reuse.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reuse/winnow.h"
#include "util/alloc.h"
#include "util/banned.h"

struct posting {
    uint64_t hash;
    uint32_t doc, pos;
};

/* One anchor of a document pair (a, b), a < b, filed under a: the k-gram
 * positions in a and b, and whether it came from a template fingerprint
 * (top bit of pbt); or (pa == NO_POS) a marker that the pair is a unit's
 * summary and its previous year's, to be verified anyway.  Twelve bytes:
 * the index holds tens of millions of them on a large corpus. */
struct anchor_rec {
    uint32_t b, pa, pbt;
};

#define NO_POS UINT32_MAX
#define TMPL_BIT 0x80000000u

/* The records, grouped by document a (start[a] .. start[a + 1]).  Built in
 * two passes over the same generation code: the first only counts, so the
 * records are stored once, at their final place, with no growth slack. */
struct index {
    struct anchor_rec *recs;
    size_t n;
    size_t *start, *fill; /* ndocs + 1 */
    int counting;
};

void zj_reuse_opts_default(struct zj_reuse_opts *o, int cnki)
{
    *o = (struct zj_reuse_opts){cnki ? 8 : 10, cnki ? 6 : 8, 200, 30, 0.8, 2, 3, 0.6, 0};
}

const char *zj_reuse_kind_name(enum zj_reuse_kind k)
{
    static const char *const names[] = {"template", "cross-unit", "same-unit-earlier", "formula",
                                        "origin"};
    return names[k];
}

static int posting_cmp(const void *x, const void *y)
{
    const struct posting *p = x, *q = y;
    if (p->hash != q->hash) return p->hash < q->hash ? -1 : 1;
    if (p->doc != q->doc) return p->doc < q->doc ? -1 : 1;
    return (p->pos > q->pos) - (p->pos < q->pos);
}

static void add_rec(struct index *ix, uint32_t d1, uint32_t p1, uint32_t d2, uint32_t p2, int tmpl)
{
    uint32_t lo = d1 < d2 ? d1 : d2, hi = d1 < d2 ? d2 : d1;
    uint32_t plo = d1 < d2 ? p1 : p2, phi = d1 < d2 ? p2 : p1;
    if (ix->counting) {
        ix->start[lo + 1]++, ix->n++;
        return;
    }
    uint32_t pbt = phi == NO_POS ? NO_POS : (phi & ~TMPL_BIT) | (tmpl ? TMPL_BIT : 0);
    ix->recs[ix->fill[lo]++] = (struct anchor_rec){hi, plo, pbt};
}

static void anchor(struct index *ix, const struct posting *p, const struct posting *q, int tmpl)
{
    add_rec(ix, p->doc, p->pos, q->doc, q->pos, tmpl);
}

static size_t count_units(const struct zj_reuse_doc *docs, const struct posting *g, size_t n,
                          uint32_t *stamp, uint32_t run)
{
    size_t units = 0;
    for (size_t i = 0; i < n; i++) {
        int u = docs[g[i].doc].unit;
        if (stamp[u] != run) stamp[u] = run, units++;
    }
    return units;
}

/* One fingerprint held by postings g[0..n), sorted by document. */
static void add_fingerprint(struct index *ix, const struct posting *g, size_t n, size_t units,
                            const struct zj_reuse_opts *o, size_t *templates)
{
    if (units > o->max_df || n > o->max_df) { /* many docs of few units is no peer either */
        ++*templates;
        for (size_t i = 1; i < n; i++)
            if (g[i].doc != g[0].doc) anchor(ix, &g[0], &g[i], 1);
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (g[j].doc != g[i].doc) anchor(ix, &g[i], &g[j], 0);
}

static struct posting *all_postings(const struct zj_reuse_doc *docs, size_t ndocs,
                                    const struct zj_reuse_opts *o, size_t *n)
{
    struct posting *all = NULL;
    size_t count = 0, alloc = 0, fp_alloc = 0;
    struct zj_fp *fps = NULL;
    for (size_t d = 0; d < ndocs; d++) {
        size_t nfp = 0;
        zj_winnow(docs[d].text.code, docs[d].text.len, o->k, o->w, &fps, &nfp, &fp_alloc);
        all = zj_xgrow(all, sizeof *all, count + nfp + 1, &alloc);
        for (size_t i = 0; i < nfp; i++) all[count++] = (struct posting){fps[i].hash, (uint32_t)d, fps[i].pos};
    }
    free(fps);
    if (count) qsort(all, count, sizeof *all, posting_cmp);
    *n = count;
    return all;
}

static int by_unit_year(const void *x, const void *y, void *ctx)
{
    const struct zj_reuse_doc *docs = ctx;
    const struct zj_reuse_doc *a = &docs[*(const uint32_t *)x], *b = &docs[*(const uint32_t *)y];
    if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    return (*(const uint32_t *)x > *(const uint32_t *)y) - (*(const uint32_t *)x < *(const uint32_t *)y);
}

/* Each unit's summary against its own previous year (the latest earlier
 * year it has), whatever the index says. */
static void self_pairs(struct index *ix, const struct zj_reuse_doc *docs, size_t ndocs)
{
    uint32_t *order = zj_xmalloc((ndocs + 1) * sizeof *order);
    for (size_t i = 0; i < ndocs; i++) order[i] = (uint32_t)i;
    qsort_r(order, ndocs, sizeof *order, by_unit_year, (void *)docs);
    size_t prev_start = 0, year_start = 0; /* [prev_start, year_start): the previous year's docs */
    for (size_t i = 0; i < ndocs; i++) {
        const struct zj_reuse_doc *d = &docs[order[i]];
        if (i == 0 || d->unit != docs[order[i - 1]].unit) prev_start = year_start = i;
        else if (d->year != docs[order[i - 1]].year) prev_start = year_start, year_start = i;
        if (!d->year) continue;
        for (size_t j = prev_start; j < year_start; j++)
            if (docs[order[j]].year) add_rec(ix, order[i], NO_POS, order[j], NO_POS, 0);
    }
    free(order);
}

/* Every anchor record: the fingerprints' and the self pairs' (one pass of
 * the index build, counting or filling as ix says). */
static void generate(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                     const struct posting *all, size_t n, struct index *ix, struct zj_reuse_result *out)
{
    int maxu = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].unit > maxu) maxu = docs[d].unit;
    uint32_t *stamp = zj_xcalloc((size_t)maxu + 2, sizeof *stamp), run = 0;
    size_t fingerprints = 0, templates = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && all[j].hash == all[i].hash) j++;
        fingerprints++;
        size_t units = count_units(docs, &all[i], j - i, stamp, ++run);
        if (all[j - 1].doc != all[i].doc) add_fingerprint(ix, &all[i], j - i, units, o, &templates);
        i = j;
    }
    free(stamp);
    self_pairs(ix, docs, ndocs);
    out->postings = n, out->fingerprints = fingerprints, out->template_fingerprints = templates;
}

static void build_index(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                        struct index *ix, struct zj_reuse_result *out)
{
    size_t n;
    struct posting *all = all_postings(docs, ndocs, o, &n);
    ix->start = zj_xcalloc(ndocs + 2, sizeof *ix->start);
    ix->counting = 1;
    generate(docs, ndocs, o, all, n, ix, out);
    for (size_t d = 0; d < ndocs; d++) ix->start[d + 1] += ix->start[d];
    ix->fill = zj_xmalloc((ndocs + 1) * sizeof *ix->fill);
    memcpy(ix->fill, ix->start, (ndocs + 1) * sizeof *ix->fill);
    ix->recs = zj_xmalloc((ix->n + 1) * sizeof *ix->recs);
    out->anchor_records = ix->n;
    ix->counting = 0;
    generate(docs, ndocs, o, all, n, ix, out);
    free(ix->fill);
    free(all);
}

static int by_b(const void *x, const void *y)
{
    uint32_t p = ((const struct anchor_rec *)x)->b, q = ((const struct anchor_rec *)y)->b;
    return (p > q) - (p < q);
}

/* Groups each document's records by partner, partners in order.  Order
 * inside a pair does not matter: zj_align sorts its anchors. */
static void group_by_pair(struct index *ix, size_t ndocs)
{
    for (size_t a = 0; a < ndocs; a++)
        if (ix->start[a + 1] - ix->start[a] > 1)
            qsort(ix->recs + ix->start[a], ix->start[a + 1] - ix->start[a], sizeof *ix->recs, by_b);
}

/* Verifies one pair's anchors recs[0..n) (any order); returns 1 and fills
 * *r when the pair shares passages. */
static int verify(const struct zj_reuse_doc *docs, uint32_t doc_a, const struct anchor_rec *recs,
                  size_t n, const struct zj_reuse_opts *o, struct zj_anchor *scratch,
                  struct zj_reuse_pair *out)
{
    size_t na = 0;
    int self = 0, tmpl = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].pa == NO_POS) {
            self = 1;
            continue;
        }
        scratch[na++] = (struct zj_anchor){recs[i].pa, recs[i].pbt & ~TMPL_BIT};
        tmpl |= (recs[i].pbt & TMPL_BIT) != 0;
    }
    if (!na || na < (self || tmpl ? 1 : o->min_anchors)) return 0;
    struct zj_align_opts ao = {o->k, o->min_chars, o->min_sim};
    struct zj_reuse_pair r = {doc_a, recs[0].b, tmpl, NULL, 0, NULL};
    const struct zj_reuse_text *a = &docs[r.a].text, *b = &docs[r.b].text;
    zj_align(a->code, a->len, b->code, b->len, scratch, na, &ao, &r.passages, &r.npassages);
    if (!r.npassages) {
        free(r.passages);
        return 0;
    }
    /* A pair can share a template paragraph and, elsewhere, text of its own:
     * only passages holding a template anchor are template passages. */
    r.passage_template = zj_xcalloc(r.npassages, 1);
    for (size_t i = 0; tmpl && i < n; i++) {
        if (recs[i].pa == NO_POS || !(recs[i].pbt & TMPL_BIT)) continue;
        for (size_t p = 0; p < r.npassages; p++)
            if (recs[i].pa >= r.passages[p].a0 && recs[i].pa < r.passages[p].a1) r.passage_template[p] = 1;
    }
    *out = r;
    return 1;
}

/* Pair verification in parallel: groups [start[g], start[g + 1]) of the
 * grouped records are handed out in chunks; each result lands in its
 * group's slot, so the pairs come out in the same order for any thread count. */
struct verify_job {
    const struct zj_reuse_doc *docs;
    const struct zj_reuse_opts *o;
    const struct anchor_rec *recs;
    const size_t *start;
    const uint32_t *doc_a; /* per group */
    size_t ngroups, next, max_group;
    struct zj_reuse_pair *slot;
    unsigned char *kept;
    pthread_mutex_t lock;
};

enum { VERIFY_CHUNK = 64 };

static void *verify_worker(void *arg)
{
    struct verify_job *job = arg;
    struct zj_anchor *scratch = zj_xmalloc((job->max_group + 1) * sizeof *scratch);
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t g0 = job->next;
        job->next += VERIFY_CHUNK;
        pthread_mutex_unlock(&job->lock);
        if (g0 >= job->ngroups) break;
        size_t g1 = g0 + VERIFY_CHUNK < job->ngroups ? g0 + VERIFY_CHUNK : job->ngroups;
        for (size_t g = g0; g < g1; g++)
            job->kept[g] = (unsigned char)verify(job->docs, job->doc_a[g], job->recs + job->start[g],
                                                 job->start[g + 1] - job->start[g], job->o, scratch,
                                                 &job->slot[g]);
    }
    free(scratch);
    return NULL;
}

static void verify_all(struct verify_job *job, int threads)
{
    if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, verify_worker, job) == 0) started++;
    verify_worker(job);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
}

void zj_reuse_pairs(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                    struct zj_reuse_result *out)
{
    struct index ix = {0};
    build_index(docs, ndocs, o, &ix, out);
    if (ix.n) group_by_pair(&ix, ndocs);
    struct verify_job job = {docs, o, ix.recs, NULL, NULL, 0, 0, 0, NULL, NULL, PTHREAD_MUTEX_INITIALIZER};
    size_t groups = 0;
    for (size_t a = 0; a < ndocs; a++)
        for (size_t i = ix.start[a]; i < ix.start[a + 1]; i++)
            groups += i == ix.start[a] || ix.recs[i].b != ix.recs[i - 1].b;
    size_t *start = zj_xmalloc((groups + 2) * sizeof *start);
    uint32_t *doc_a = zj_xmalloc((groups + 1) * sizeof *doc_a);
    for (size_t a = 0; a < ndocs; a++)
        for (size_t i = ix.start[a]; i < ix.start[a + 1];) {
            size_t j = i + 1;
            while (j < ix.start[a + 1] && ix.recs[j].b == ix.recs[i].b) j++;
            doc_a[job.ngroups] = (uint32_t)a, start[job.ngroups++] = i;
            if (j - i > job.max_group) job.max_group = j - i;
            i = j;
        }
    start[job.ngroups] = ix.n;
    job.start = start, job.doc_a = doc_a;
    job.slot = zj_xcalloc(job.ngroups + 1, sizeof *job.slot);
    job.kept = zj_xcalloc(job.ngroups + 1, 1);
    verify_all(&job, o->threads);
    out->pairs = zj_xmalloc((job.ngroups + 1) * sizeof *out->pairs);
    for (size_t g = 0; g < job.ngroups; g++)
        if (job.kept[g]) out->pairs[out->npairs++] = job.slot[g];
    pthread_mutex_destroy(&job.lock);
    free(job.slot), free(job.kept), free(start), free(doc_a);
    free(ix.recs), free(ix.start);
}

void zj_reuse_run(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                  struct zj_reuse_result *out)
{
    memset(out, 0, sizeof *out);
    zj_reuse_pairs(docs, ndocs, o, out);
    zj_reuse_cluster(docs, ndocs, o, out);
}

void zj_reuse_result_release(struct zj_reuse_result *r)
{
    for (size_t i = 0; i < r->npairs; i++) free(r->pairs[i].passages), free(r->pairs[i].passage_template);
    free(r->pairs), free(r->members), free(r->clusters), free(r->docs);
    memset(r, 0, sizeof *r);
}

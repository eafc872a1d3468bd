/*
 * reuse.c - fingerprint index, candidate pairs and verification (reuse.h).
 *
 * Postings are sorted by hash once; each run of equal hashes is one
 * fingerprint.  Peer fingerprints anchor every pair of documents that hold
 * them; template fingerprints (held by more than max_df units, the superior
 * office's text pasted everywhere) anchor each holder to the run's first
 * document only, so a text in a thousand units costs a thousand anchors, not
 * half a million.
 *
 * No global list of anchors is built: each document a gathers, from the
 * fingerprints it holds, its anchors with every later document b (and the
 * self-pair markers), groups them by b and verifies those pairs at once, so
 * memory holds one document's anchors per worker, not the corpus's (tens of
 * millions on 7,000 summaries).  Documents are shared out to the workers in
 * chunks; each document's pairs land in its own slot, so the output order
 * (a, then b) is the same for any number of threads.
 */
#define _GNU_SOURCE /* qsort_r */
#include "reuse/reuse.h"

#include <stdlib.h>
#include <string.h>

#include "reuse/winnow.h"
#include "util/alloc.h"
#include "util/parallel.h"
#include "util/prefetch.h"
#include "util/banned.h"

struct posting {
    uint64_t hash;
    uint32_t doc, pos;
};

/* One anchor of a document pair (a, b), a < b, gathered by a: the k-gram
 * positions in a and b, and whether it came from a template fingerprint
 * (top bit of pbt); or (pa == NO_POS) a marker that the pair is a unit's
 * summary and its previous year's, to be verified anyway. */
struct anchor_rec {
    uint32_t b, pa, pbt;
};

#define NO_POS UINT32_MAX
#define TMPL_BIT 0x80000000u

/* A posting of a fingerprint that two documents or more hold, once the
 * fingerprints are grouped (the hash is no longer needed). */
struct held {
    uint32_t doc, pos;
};

/* A fingerprint held by two documents or more: postings all[start, end),
 * sorted by document then position. */
struct fp_group {
    size_t start, end;
    int templ;
};

/* One posting of a shared fingerprint, as its document holds it: its
 * position, its index in the sorted postings, and its group's postings
 * [start, end) and kind, copied here so that gathering does not visit the
 * group (a cache miss per holding). */
struct hold {
    uint32_t pos, at, start, end_templ;
};

#define HOLD_TEMPL 0x80000000u

/* What a document holds, grouped by document (first[d] .. first[d + 1]) and
 * in position order; and its self partners. */
struct holdings {
    struct hold *hold;
    size_t *first;
    uint32_t *self;       /* later documents of the same unit it is paired with */
    size_t *self_first;
};

void zj_reuse_opts_default(struct zj_reuse_opts *o, int cnki)
{
    *o = (struct zj_reuse_opts){cnki ? 8 : 10, cnki ? 6 : 8, 200, 30, 0.9, 2, 3, 0.6, 0};
}

const char *zj_reuse_kind_name(enum zj_reuse_kind k)
{
    static const char *const names[] = {"template", "cross-unit", "same-unit-earlier", "formula",
                                        "origin"};
    return names[k];
}

static size_t count_units(const int *unit_of, const struct posting *g, size_t n, uint32_t *stamp,
                          uint32_t run)
{
    size_t units = 0;
    for (size_t i = 0; i < n; i++) {
        int u = unit_of[g[i].doc];
        if (stamp[u] != run) stamp[u] = run, units++;
    }
    return units;
}

enum { BUCKET_BITS = 12, DIGIT_BITS = 11 };
enum { DIGITS = (64 - BUCKET_BITS + DIGIT_BITS - 1) / DIGIT_BITS }; /* below the bucket's bits */

/* Digit d (from the lowest) of a hash, for the radix passes. */
static size_t digit(uint64_t hash, int d)
{
    return (size_t)(hash >> (d * DIGIT_BITS)) & (((size_t)1 << DIGIT_BITS) - 1);
}

struct bucket_job {
    struct posting *p;
    const size_t *start; /* bucket b is p[start[b], start[b + 1]) */
};

/* Sorts bucket b by hash, stably: a least-significant-digit radix sort on
 * the bits below the bucket's own (qsort and its call per comparison were a
 * fifth of the serial-looking part before the pairs on 100,000 summaries).
 * A bucket arrives in document and position order (each document's
 * fingerprints in position order, documents in order), which equal hashes
 * keep: the order is (hash, document, position), as a full comparison would
 * give. */
static void sort_bucket(void *ctx, void *scratch, size_t b)
{
    const struct bucket_job *job = ctx;
    struct zj_parallel_buf *buf = scratch; /* the radix passes' other half */
    size_t n = job->start[b + 1] - job->start[b];
    if (n < 2) return;
    struct posting *src = job->p + job->start[b];
    buf->ptr = zj_xgrow(buf->ptr, sizeof *src, n, &buf->alloc);
    struct posting *from = src, *to = buf->ptr;
    uint32_t count[DIGITS][1 << DIGIT_BITS];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < DIGITS; d++) count[d][digit(src[i].hash, d)]++;
    for (int d = 0; d < DIGITS; d++) {
        uint32_t *c = count[d], at = 0;
        if (c[digit(src[0].hash, d)] == n) continue; /* one value: already in order */
        for (size_t v = 0; v < (1u << DIGIT_BITS); v++) {
            uint32_t k = c[v];
            c[v] = at, at += k;
        }
        for (size_t i = 0; i < n; i++) to[c[digit(from[i].hash, d)]++] = from[i];
        struct posting *t = from;
        from = to, to = t;
    }
    if (from != src) memcpy(src, from, n * sizeof *src);
}

struct winnow_job {
    const struct zj_reuse_doc *docs;
    const struct zj_reuse_opts *o;
    uint64_t **hash; /* per document, in position order: 12 bytes a fingerprint, */
    uint32_t **pos;  /* not a padded 16, since all documents' are held at once */
    size_t *nfp;
};

/* Each document's fingerprints, copied out at their exact size: all of them
 * are held at once, and growth slack was gigabytes at 100,000 summaries. */
static void winnow_doc(void *ctx, void *scratch, size_t d)
{
    struct winnow_job *job = ctx;
    struct zj_parallel_buf *b = scratch; /* reused from one document to the next */
    struct zj_fp *fp = b->ptr;
    size_t n = 0;
    zj_winnow(job->docs[d].text.code, job->docs[d].text.len, job->o->k, job->o->w, &fp, &n, &b->alloc);
    b->ptr = fp;
    job->hash[d] = zj_xmalloc((n + 1) * sizeof *job->hash[d]);
    job->pos[d] = zj_xmalloc((n + 1) * sizeof *job->pos[d]);
    for (size_t i = 0; i < n; i++) job->hash[d][i] = fp[i].hash, job->pos[d][i] = fp[i].pos;
    job->nfp[d] = n;
}

#define BUCKET(hash) ((size_t)((hash) >> (64 - BUCKET_BITS)))

/*
 * All postings, sorted by hash, then document and position.  Documents are
 * winnowed on all workers; their fingerprints go straight into buckets of
 * the hash's top bits (a counting sort, stable, so each bucket is in document
 * and position order), each document's list freed once placed; then the
 * buckets, small enough for the cache, are sorted on all workers.  (A serial
 * winnowing pass and one qsort over ten million postings were a fifth of the
 * time on 10,000 summaries, and growing then copying the list tripled its
 * memory at the peak.)
 */
static struct posting *all_postings(const struct zj_reuse_doc *docs, size_t ndocs,
                                    const struct zj_reuse_opts *o, size_t *n)
{
    struct winnow_job wj = {docs, o, zj_xcalloc(ndocs + 1, sizeof *wj.hash), zj_xcalloc(ndocs + 1, sizeof *wj.pos),
                            zj_xcalloc(ndocs + 1, sizeof *wj.nfp)};
    struct zj_parallel wrun = {ndocs, 16, &wj, zj_parallel_buf_new, zj_parallel_buf_free, winnow_doc};
    zj_parallel_run(&wrun, o->threads);
    size_t nb = (size_t)1 << BUCKET_BITS, *start = zj_xcalloc(nb + 2, sizeof *start), count = 0;
    for (size_t d = 0; d < ndocs; d++)
        for (size_t i = 0; i < wj.nfp[d]; i++) start[BUCKET(wj.hash[d][i]) + 1]++, count++;
    for (size_t b = 0; b < nb; b++) start[b + 1] += start[b];
    size_t *fill = zj_xmalloc((nb + 1) * sizeof *fill);
    memcpy(fill, start, nb * sizeof *fill);
    struct posting *out = zj_xmalloc_huge((count + 1) * sizeof *out);
    for (size_t d = 0; d < ndocs; d++) {
        for (size_t i = 0; i < wj.nfp[d]; i++)
            out[fill[BUCKET(wj.hash[d][i])]++] = (struct posting){wj.hash[d][i], (uint32_t)d, wj.pos[d][i]};
        free(wj.hash[d]), free(wj.pos[d]);
    }
    free(fill), free(wj.hash), free(wj.pos), free(wj.nfp);
    struct bucket_job job = {out, start};
    struct zj_parallel run = {nb, 16, &job, zj_parallel_buf_new, zj_parallel_buf_free, sort_bucket};
    zj_parallel_run(&run, o->threads);
    free(start);
    *n = count;
    return out;
}

/* The fingerprints held by two documents or more, each marked peer or
 * template (more than max_df units, or postings). */
static struct fp_group *find_groups(const struct zj_reuse_doc *docs, size_t ndocs,
                                    const struct zj_reuse_opts *o, const struct posting *all,
                                    size_t n, size_t *ngroups, struct zj_reuse_result *out)
{
    int maxu = 0, *unit_of = zj_xmalloc((ndocs + 1) * sizeof *unit_of); /* compact: read at random */
    for (size_t d = 0; d < ndocs; d++) {
        unit_of[d] = docs[d].unit;
        if (docs[d].unit > maxu) maxu = docs[d].unit;
    }
    uint32_t *stamp = zj_xcalloc((size_t)maxu + 2, sizeof *stamp), run = 0;
    struct fp_group *g = NULL;
    size_t count = 0, alloc = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && all[j].hash == all[i].hash) j++;
        out->fingerprints++;
        if (all[j - 1].doc != all[i].doc) {
            size_t units = count_units(unit_of, &all[i], j - i, stamp, ++run);
            int templ = units > o->max_df || j - i > o->max_df; /* many docs of few units is no peer either */
            out->template_fingerprints += templ;
            g = zj_xgrow(g, sizeof *g, count + 1, &alloc);
            g[count++] = (struct fp_group){i, j, templ};
        }
        i = j;
    }
    free(stamp), free(unit_of);
    out->postings = n;
    *ngroups = count;
    return g;
}

static int by_unit_year(const void *x, const void *y, void *ctx)
{
    const struct zj_reuse_doc *docs = ctx;
    const struct zj_reuse_doc *a = &docs[*(const uint32_t *)x], *b = &docs[*(const uint32_t *)y];
    if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    return (*(const uint32_t *)x > *(const uint32_t *)y) - (*(const uint32_t *)x < *(const uint32_t *)y);
}

/* Each unit's summary and its own previous year's (the latest earlier year
 * it has), whatever the fingerprints say: pairs (lo, hi) counted into
 * h->self_first[lo + 1] (cursor NULL) or filed at h->self[cursor[lo]++]. */
static void self_pairs(const struct zj_reuse_doc *docs, size_t ndocs, struct holdings *h,
                       size_t *cursor)
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
        for (size_t j = prev_start; j < year_start; j++) {
            if (!docs[order[j]].year) continue;
            uint32_t lo = order[i] < order[j] ? order[i] : order[j], hi = order[i] ^ order[j] ^ lo;
            if (cursor) h->self[cursor[lo]++] = hi;
            else h->self_first[lo + 1]++;
        }
    }
    free(order);
}

struct holds_job {
    struct hold *hold;
    const size_t *first;
};

/* Document d's holdings by position (each position holds one k-gram, so
 * the order is unique): a radix sort, a byte of the position at a time up to
 * the largest, instead of qsort's call per comparison. */
static void sort_doc_holds(void *ctx, void *scratch, size_t d)
{
    const struct holds_job *job = ctx;
    struct zj_parallel_buf *buf = scratch; /* the radix passes' other half */
    size_t n = job->first[d + 1] - job->first[d];
    if (n < 2) return;
    struct hold *src = job->hold + job->first[d], *from = src, *to;
    buf->ptr = zj_xgrow(buf->ptr, sizeof *src, n, &buf->alloc);
    to = buf->ptr;
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++) max = src[i].pos > max ? src[i].pos : max;
    for (unsigned shift = 0; shift < 32 && (max >> shift); shift += 8) {
        uint32_t count[256] = {0}, at = 0;
        for (size_t i = 0; i < n; i++) count[(from[i].pos >> shift) & 255]++;
        for (size_t v = 0; v < 256; v++) {
            uint32_t k = count[v];
            count[v] = at, at += k;
        }
        for (size_t i = 0; i < n; i++) to[count[(from[i].pos >> shift) & 255]++] = from[i];
        struct hold *t = from;
        from = to, to = t;
    }
    if (from != src) memcpy(src, from, n * sizeof *src);
}

/* Holdings are kept in position order, so the anchors gathered from them come
 * out sorted by (position in a, position in b) for each partner, as
 * zj_align wants them, with no sort per pair. */
static void holdings_init(struct holdings *h, const struct zj_reuse_doc *docs, size_t ndocs,
                          const struct held *all, const struct fp_group *g, size_t ngroups,
                          int threads)
{
    h->first = zj_xcalloc(ndocs + 2, sizeof *h->first);
    size_t total = 0;
    for (size_t k = 0; k < ngroups; k++)
        for (size_t i = g[k].start; i < g[k].end; i++) h->first[all[i].doc + 1]++, total++;
    for (size_t d = 0; d < ndocs; d++) h->first[d + 1] += h->first[d];
    h->hold = zj_xmalloc_huge((total + 1) * sizeof *h->hold);
    size_t *fill = zj_xmalloc((ndocs + 1) * sizeof *fill);
    memcpy(fill, h->first, (ndocs + 1) * sizeof *fill);
    for (size_t k = 0; k < ngroups; k++)
        for (size_t i = g[k].start; i < g[k].end; i++)
            h->hold[fill[all[i].doc]++] = (struct hold){all[i].pos, (uint32_t)i, (uint32_t)g[k].start,
                                                        (uint32_t)g[k].end | (g[k].templ ? HOLD_TEMPL : 0)};
    struct holds_job hj = {h->hold, h->first};
    struct zj_parallel run = {ndocs, 64, &hj, zj_parallel_buf_new, zj_parallel_buf_free,
                              sort_doc_holds};
    zj_parallel_run(&run, threads);
    h->self_first = zj_xcalloc(ndocs + 2, sizeof *h->self_first);
    self_pairs(docs, ndocs, h, NULL);
    for (size_t d = 0; d < ndocs; d++) h->self_first[d + 1] += h->self_first[d];
    h->self = zj_xmalloc((h->self_first[ndocs] + 1) * sizeof *h->self);
    memcpy(fill, h->self_first, (ndocs + 1) * sizeof *fill);
    self_pairs(docs, ndocs, h, fill);
    free(fill);
}

static void holdings_release(struct holdings *h)
{
    free(h->hold), free(h->first), free(h->self), free(h->self_first);
}

/*
 * Whether a peer pair can hold a passage: two anchors that zj_align would
 * chain (near one diagonal, close together), or one anchor whose exact
 * shared run already reaches min_chars.  Most candidate pairs hold only a few
 * scattered stock phrases and fail both, without an alignment.
 *
 * The second test is skipped when min_chars >= 2w + k - 1: such a run holds
 * two disjoint windows of w k-grams, and winnowing picks the same leftmost
 * minimum of each window in both texts, so a run of peer fingerprints
 * already gives two anchors that chain (at most w apart).  A lone anchor in a
 * long run means the run's other fingerprints are template ones, and that
 * text is linked through the template's first holder.  Extending every lone
 * anchor cost a cache miss into the partner's text per anchor: a fifth of
 * the time on 10,000 summaries, for pairs that fail.  zj_align skips the
 * extension of lone anchors on the same grounds.
 */
static int lone_anchor_futile(const struct zj_reuse_opts *o)
{
    return o->min_chars >= (size_t)(2 * o->w + o->k - 1);
}

static int worth_aligning(const struct zj_reuse_text *a, const struct zj_reuse_text *b,
                          struct zj_anchor *an, size_t n, const struct zj_reuse_opts *o)
{
    zj_anchors_sort(an, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && an[j].a - an[i].a <= ZJ_ALIGN_GAP; j++) {
            long d = ((long)an[j].b - (long)an[j].a) - ((long)an[i].b - (long)an[i].a);
            if (an[j].a > an[i].a && an[j].b > an[i].b && d <= ZJ_ALIGN_BAND && d >= -ZJ_ALIGN_BAND)
                return 1;
        }
    if (lone_anchor_futile(o)) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t x0 = an[i].a, y0 = an[i].b, x1 = an[i].a, y1 = an[i].b;
        while (x0 > 0 && y0 > 0 && a->code[x0 - 1] == b->code[y0 - 1]) x0--, y0--;
        while (x1 < a->len && y1 < b->len && a->code[x1] == b->code[y1]) x1++, y1++;
        if (x1 - x0 >= o->min_chars) return 1;
    }
    return 0;
}

/* A pair's anchors recs[0..n) (any order) as zj_align takes them, into
 * scratch; whether the pair is a self pair and holds template anchors. */
static size_t pair_anchors(const struct anchor_rec *recs, size_t n, struct zj_anchor *scratch,
                           int *self, int *tmpl)
{
    size_t na = 0;
    *self = *tmpl = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].pa == NO_POS) {
            *self = 1;
            continue;
        }
        scratch[na++] = (struct zj_anchor){recs[i].pa, recs[i].pbt & ~TMPL_BIT};
        *tmpl |= (recs[i].pbt & TMPL_BIT) != 0;
    }
    return na;
}

/* Whether a pair is to be aligned, from its anchors alone (for the default
 * min_chars: see worth_aligning). */
static int candidate(const struct zj_reuse_doc *docs, uint32_t doc_a, const struct anchor_rec *recs,
                     size_t n, const struct zj_reuse_opts *o, struct zj_anchor *scratch)
{
    int self, tmpl;
    size_t na = pair_anchors(recs, n, scratch, &self, &tmpl);
    if (!na || na < (self || tmpl ? 1 : o->min_anchors)) return 0;
    return self || tmpl || worth_aligning(&docs[doc_a].text, &docs[recs[0].b].text, scratch, na, o);
}

/* A document's reuse characters, as pair verification reads them: one
 * compact array of these, not the documents' records (a cache miss per pair
 * into a hundred bytes of which two fields are read). */
struct text_ref {
    const uint32_t *code;
    size_t len;
};

struct grow_ctx {
    const struct zj_reuse_doc *a, *b;
    const struct zj_reuse_opts *o;
};

/* A passage that is formula on either side as it stands (the member rule
 * applied to the passage before growth) does not grow past the words its
 * documents changed: the genre's standard opening (坚持以习近平
 * 新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，认真落实……)
 * differs between units in a word or two, and grown across them it passed
 * the formula length and turned into cross-unit copying. */
static int may_grow(const struct zj_passage *p, const void *ctx)
{
    const struct grow_ctx *g = ctx;
    return !zj_reuse_formula(g->a, p->a0, p->a1, g->o) &&
           !zj_reuse_formula(g->b, p->b0, p->b1, g->o);
}

/* Read from the documents' records only when an edge grows (the compact
 * text_ref array is what the pair loop reads). */
static void line_of(const void *ctx, int side, uint32_t pos, uint32_t *lo, uint32_t *hi)
{
    const struct grow_ctx *g = ctx;
    zj_reuse_line_of(side ? &g->b->text : &g->a->text, pos, lo, hi);
}

/* Aligns a candidate pair; returns 1 and fills *out when it shares
 * passages. */
static int verify(const struct zj_reuse_doc *docs, const struct text_ref *text, uint32_t doc_a,
                  const struct anchor_rec *recs, size_t n, const struct zj_reuse_opts *o,
                  struct zj_anchor *scratch, struct zj_align_scratch *as, struct zj_reuse_pair *out)
{
    int self, tmpl;
    size_t na = pair_anchors(recs, n, scratch, &self, &tmpl);
    struct zj_reuse_pair r = {doc_a, recs[0].b, tmpl, NULL, 0, NULL};
    const struct text_ref *a = &text[r.a], *b = &text[r.b];
    struct grow_ctx gc = {&docs[r.a], &docs[r.b], o};
    struct zj_align_opts ao = {
        o->k,    o->min_chars, o->min_sim, !self && !tmpl && lone_anchor_futile(o),
        line_of, may_grow,     &gc};
    zj_align_with(a->code, a->len, b->code, b->len, scratch, na, &ao, as, &r.passages, &r.npassages);
    if (!r.npassages) return 0;
    /* A pair can share a template paragraph and, elsewhere, text of its own:
     * only passages holding a template anchor are template passages (NULL:
     * none is, as for most of the millions of pairs of a large corpus). */
    r.passage_template = tmpl ? zj_xcalloc(r.npassages, 1) : NULL;
    for (size_t i = 0; tmpl && i < n; i++) {
        if (recs[i].pa == NO_POS || !(recs[i].pbt & TMPL_BIT)) continue;
        for (size_t p = 0; p < r.npassages; p++)
            if (recs[i].pa >= r.passages[p].a0 && recs[i].pa < r.passages[p].a1) r.passage_template[p] = 1;
    }
    *out = r;
    return 1;
}

/* A worker's storage, reused from one document to the next. */
struct gather {
    struct anchor_rec *recs, *sorted;
    size_t n, alloc, sorted_alloc;
    struct zj_anchor *scratch;
    size_t scratch_alloc;
    uint32_t *count; /* per partner document (ndocs + 1), zeroed after use */
    uint64_t *seen;  /* a bit per partner document, cleared after use */
    uint32_t *distinct; /* partners of the current document */
    size_t distinct_alloc;
    size_t *todo; /* w->sorted offsets of the candidate pairs' first anchors */
    size_t todo_alloc;
    struct zj_align_scratch align;
};

static void put(struct gather *w, uint32_t b, uint32_t pa, uint32_t pb, int tmpl)
{
    w->recs = zj_xgrow(w->recs, sizeof *w->recs, w->n + 1, &w->alloc);
    uint32_t pbt = pb == NO_POS ? NO_POS : (pb & ~TMPL_BIT) | (tmpl ? TMPL_BIT : 0);
    w->recs[w->n++] = (struct anchor_rec){b, pa, pbt};
}

/* Each holding sends the gatherer to a random stretch of the postings: the
 * one four holdings ahead is asked for early. */
static void prefetch_holding(const struct held *all, const struct holdings *h, size_t m, size_t end)
{
    if (m + 4 < end) zj_prefetch(&all[h->hold[m + 4].at + 1]);
}

/* Document a's anchors with every later document, and its self markers.
 * A group's postings are sorted by document, so the later documents' are
 * those after a's own (and after a's other positions). */
static void gather_anchors(struct gather *w, uint32_t a, const struct held *all,
                           const struct holdings *h)
{
    w->n = 0;
    size_t end = h->first[a + 1];
    for (size_t m = h->first[a]; m < end; m++) {
        prefetch_holding(all, h, m, end);
        const struct hold *hd = &h->hold[m];
        size_t gend = hd->end_templ & ~HOLD_TEMPL;
        if (hd->end_templ & HOLD_TEMPL) { /* linked to the group's first posting only */
            const struct held *rep = &all[hd->start];
            if (rep->doc > a) put(w, rep->doc, hd->pos, rep->pos, 1);
            else if (hd->at == hd->start)
                for (size_t i = hd->start + 1; i < gend; i++)
                    if (all[i].doc != a) put(w, all[i].doc, rep->pos, all[i].pos, 1);
            continue;
        }
        size_t i = hd->at + 1;
        while (i < gend && all[i].doc == a) i++;
        for (; i < gend; i++) put(w, all[i].doc, hd->pos, all[i].pos, 0);
    }
    for (size_t s = h->self_first[a]; s < h->self_first[a + 1]; s++) put(w, h->self[s], NO_POS, NO_POS, 0);
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Sorts the nd distinct partners (all later than a), and clears their bits
 * in w->seen.  Stock wording makes a document a partner of thousands of
 * others: then reading the later documents' bits in order beats sorting
 * (the sort was a tenth of the time on 10,000 summaries, and a scan of
 * per-document counters a tenth of the pair work on 100,000). */
static void sort_partners(struct gather *w, size_t nd, uint32_t a, size_t ndocs)
{
    size_t span = ndocs - a - 1, log2nd = 1;
    while ((size_t)1 << log2nd < nd) log2nd++;
    if (nd * log2nd < span / 64 + 1) {
        if (nd > 1) qsort(w->distinct, nd, sizeof *w->distinct, cmp_u32);
        for (size_t k = 0; k < nd; k++) w->seen[w->distinct[k] / 64] = 0;
        return;
    }
    size_t k = 0;
    for (size_t wd = (a + 1) / 64; k < nd; wd++) {
        uint64_t bits = w->seen[wd];
        w->seen[wd] = 0;
        for (; bits; bits &= bits - 1) w->distinct[k++] = (uint32_t)(wd * 64 + (size_t)__builtin_ctzll(bits));
    }
}

/* Groups w->recs by partner into w->sorted, partners in order: a counting
 * sort over the distinct partners only (sorted themselves), so the cost
 * follows the anchors, not the number of documents.  Order inside a pair
 * does not matter: zj_align sorts its anchors. */
static void group_by_partner(struct gather *w, uint32_t a, size_t ndocs)
{
    w->sorted = zj_xgrow(w->sorted, sizeof *w->sorted, w->n + 1, &w->sorted_alloc);
    size_t nd = 0;
    for (size_t i = 0; i < w->n; i++) {
        uint32_t b = w->recs[i].b;
        if (!w->count[b]++) {
            w->distinct = zj_xgrow(w->distinct, sizeof *w->distinct, nd + 1, &w->distinct_alloc);
            w->distinct[nd++] = b;
            w->seen[b / 64] |= (uint64_t)1 << (b % 64);
        }
    }
    sort_partners(w, nd, a, ndocs);
    size_t at = 0;
    for (size_t k = 0; k < nd; k++) {
        uint32_t c = w->count[w->distinct[k]];
        w->count[w->distinct[k]] = (uint32_t)at;
        at += c;
    }
    for (size_t i = 0; i < w->n; i++) w->sorted[w->count[w->recs[i].b]++] = w->recs[i];
    for (size_t k = 0; k < nd; k++) w->count[w->distinct[k]] = 0;
}

struct pairs_job {
    const struct zj_reuse_doc *docs;
    const struct text_ref *text; /* their texts again, compact: read at random */
    size_t ndocs;
    const struct zj_reuse_opts *o;
    const struct held *all;
    const struct holdings *h;
    /* per document a: its verified pairs, anchors gathered, pairs aligned */
    struct zj_reuse_pair **pairs;
    size_t *npairs, *anchors, *tried;
};

enum { DOC_CHUNK = 8 };

static void *gather_new(void *ctx)
{
    const struct pairs_job *job = ctx;
    struct gather *w = zj_xcalloc(1, sizeof *w);
    w->count = zj_xcalloc(job->ndocs + 1, sizeof *w->count);
    w->seen = zj_xcalloc(job->ndocs / 64 + 2, sizeof *w->seen);
    return w;
}

static void gather_free(void *ctx, void *scratch)
{
    struct gather *w = scratch;
    (void)ctx;
    zj_align_scratch_release(&w->align);
    free(w->recs), free(w->sorted), free(w->scratch), free(w->count), free(w->seen), free(w->distinct), free(w->todo), free(w);
}

/* Partner texts are scattered over the heap and a pair first touches its
 * partner's text at its anchors (the profile's top stall): the candidate
 * two ahead has its first anchors' text asked for early (and the one eight
 * ahead its partner's text_ref, read here). */
static void prefetch_partner(const struct text_ref *text, const struct gather *w, size_t from)
{
    const struct anchor_rec *run = w->sorted + from;
    const uint32_t *b = text[run[0].b].code;
    size_t n = w->n - from < 16 ? w->n - from : 16; /* the run may end the list */
    for (size_t i = 0; i < n && run[i].b == run[0].b; i++)
        if (run[i].pa != NO_POS) zj_prefetch(b + (run[i].pbt & ~TMPL_BIT) - 1);
}

/* The end of the partner run starting at w->sorted[i]. */
static size_t run_end(const struct gather *w, size_t i)
{
    size_t j = i + 1;
    while (j < w->n && w->sorted[j].b == w->sorted[i].b) j++;
    return j;
}

/* Document a's candidate pairs, from their anchors alone, into w->todo;
 * returns how many. */
static size_t candidates_of(struct pairs_job *job, struct gather *w, uint32_t a)
{
    size_t nt = 0;
    for (size_t i = 0; i < w->n;) {
        size_t j = run_end(w, i);
        w->scratch = zj_xgrow(w->scratch, sizeof *w->scratch, j - i + 1, &w->scratch_alloc);
        if (candidate(job->docs, a, w->sorted + i, j - i, job->o, w->scratch)) {
            w->todo = zj_xgrow(w->todo, sizeof *w->todo, nt + 2, &w->todo_alloc);
            w->todo[nt++] = i;
        }
        i = j;
    }
    return nt;
}

/* Verifies document a's pairs into its slots: candidates first (no text
 * read), then the alignments, so that the prefetch runs ahead by candidates
 * (half of all partners are dropped without an alignment). */
static void pairs_of(void *ctx, void *scratch, size_t doc)
{
    struct pairs_job *job = ctx;
    struct gather *w = scratch;
    uint32_t a = (uint32_t)doc;
    gather_anchors(w, a, job->all, job->h);
    group_by_partner(w, a, job->ndocs);
    size_t nt = candidates_of(job, w, a), kept = 0, alloc = 0;
    struct zj_reuse_pair *out = NULL;
    for (size_t t = 0; t < nt; t++) {
        if (t + 8 < nt) zj_prefetch(&job->text[w->sorted[w->todo[t + 8]].b]);
        if (t + 2 < nt) prefetch_partner(job->text, w, w->todo[t + 2]);
        size_t i = w->todo[t], j = run_end(w, i);
        struct zj_reuse_pair r;
        if (verify(job->docs, job->text, a, w->sorted + i, j - i, job->o, w->scratch, &w->align,
                   &r)) {
            out = zj_xgrow(out, sizeof *out, kept + 1, &alloc);
            out[kept++] = r;
        }
    }
    job->pairs[a] = out, job->npairs[a] = kept, job->anchors[a] = w->n, job->tried[a] = nt;
}

/* The postings of shared fingerprints only, without their hashes (most
 * fingerprints are held by one document); g is renumbered to match. */
static struct held *keep_held(const struct posting *all, struct fp_group *g, size_t ngroups)
{
    size_t total = 0;
    for (size_t k = 0; k < ngroups; k++) total += g[k].end - g[k].start;
    struct held *out = zj_xmalloc_huge((total + 1) * sizeof *out);
    size_t at = 0;
    for (size_t k = 0; k < ngroups; k++) {
        size_t start = at;
        for (size_t i = g[k].start; i < g[k].end; i++) out[at++] = (struct held){all[i].doc, all[i].pos};
        g[k].start = start, g[k].end = at;
    }
    return out;
}

uint32_t *zj_reuse_pack(struct zj_reuse_doc *docs, size_t ndocs)
{
    size_t total = 0;
    for (size_t d = 0; d < ndocs; d++) total += docs[d].text.len;
    uint32_t *block = zj_xmalloc_huge((total + 1) * sizeof *block);
    size_t at = 0;
    for (size_t d = 0; d < ndocs; d++) {
        struct zj_reuse_text *t = &docs[d].text;
        if (t->len) memcpy(block + at, t->code, t->len * sizeof *block);
        if (!t->packed) free(t->code);
        t->code = block + at, t->packed = 1;
        at += t->len;
    }
    return block;
}

void zj_reuse_pairs(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                    struct zj_reuse_result *out)
{
    size_t n, ngroups;
    struct posting *all = all_postings(docs, ndocs, o, &n);
    struct fp_group *g = find_groups(docs, ndocs, o, all, n, &ngroups, out);
    struct held *held = keep_held(all, g, ngroups);
    free(all);
    struct holdings h;
    holdings_init(&h, docs, ndocs, held, g, ngroups, o->threads);
    free(g);
    struct text_ref *text = zj_xmalloc_huge((ndocs + 1) * sizeof *text);
    for (size_t d = 0; d < ndocs; d++)
        text[d] = (struct text_ref){docs[d].text.code, docs[d].text.len};
    struct pairs_job job = {docs, text, ndocs, o, held, &h, NULL, NULL, NULL, NULL};
    job.pairs = zj_xcalloc(ndocs + 1, sizeof *job.pairs);
    job.npairs = zj_xcalloc(ndocs + 1, sizeof *job.npairs);
    job.anchors = zj_xcalloc(ndocs + 1, sizeof *job.anchors);
    job.tried = zj_xcalloc(ndocs + 1, sizeof *job.tried);
    struct zj_parallel run = {ndocs, DOC_CHUNK, &job, gather_new, gather_free, pairs_of};
    zj_parallel_run(&run, o->threads);
    size_t total = 0;
    for (size_t a = 0; a < ndocs; a++) {
        total += job.npairs[a];
        out->anchor_records += job.anchors[a], out->pairs_tried += job.tried[a];
    }
    out->pairs = zj_xmalloc((total + 1) * sizeof *out->pairs);
    for (size_t a = 0; a < ndocs; a++) {
        if (job.npairs[a]) memcpy(out->pairs + out->npairs, job.pairs[a], job.npairs[a] * sizeof *out->pairs);
        out->npairs += job.npairs[a];
        free(job.pairs[a]);
    }
    free(job.pairs), free(job.npairs), free(job.anchors), free(job.tried);
    holdings_release(&h);
    free(held), free(text);
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

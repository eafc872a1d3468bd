/*
 * cut.c - passages cut where the documents holding their text change
 * (span.h).
 *
 * Two summaries that both hold two texts side by side (the lead of one
 * template, then another template's paragraph) share one passage covering
 * both; where other summaries hold only one of the texts, that long span
 * overlaps the spans of each text by about half: under the half rule the
 * overlap join of cluster.c made the two families one cluster, and under
 * today's two thirds the passage stays a cluster of its own, apart from
 * both families.  Cut between the texts, its pieces join the families.
 *
 * So, within each document, a *swap point* is a place where the documents
 * holding the text change: spans of some partners end there and spans of
 * others begin (within SLACK characters either way: alignments' ends
 * scatter by a few characters), and fewer than half of the partners holding
 * the text just before or just after hold it on both sides.  What two
 * documents share with each other alone, or with one group of documents
 * throughout, has no swap point; nor has a short stock phrase shared with a
 * few others inside a long copy (its partners are added to the copy's, not
 * swapped for them).  A passage crossing a swap point (in either of its
 * documents) is cut there on both sides, the other side at the proportional
 * position, when each piece would join, by the overlap rule, a span of the
 * document ending (beginning) at the point, so that the pieces go with the
 * two texts' clusters and none is left on its own; and when each piece is
 * twice min_chars or more: shorter is stock phrasing (a member that short
 * may be a formula), not a text of its own, and cutting a copy for it only
 * scatters the copy over more clusters.
 *
 * Cost: per document, a sort of its spans' ends and a sweep over its spans
 * with two probes at each candidate point (the start of a span with the end
 * of another nearby), each probe reading the spans that cover it; then one
 * pass over all spans in their order, a binary search in the document's
 * swap points for each span long enough to be cut; only the few passages
 * marked for a cut are looked up at random.  About 0.5% of reuse's time on
 * 10,000 summaries.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "reuse/span.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/parallel.h"
#include "util/search.h"

#define SLACK 8 /* characters by which the ends of alignments of one text scatter */

/* The spans of one document covering a position that only moves forward:
 * spans starting at or before it are taken in start order, those ending at
 * or before it dropped. */
struct probe {
    uint32_t *live; /* indices into the document's spans */
    size_t nlive, alloc, next;
};

/* A swap point, and the reach of the spans (of min_chars or more) that
 * end or begin within SLACK of it: the earliest start of those ending, the
 * latest end of those beginning.  A piece can join one of them only if it
 * reaches that far (pieces_join, which this spares most of its calls). */
struct swap {
    uint32_t at, reach_back, reach_on;
};

/* A span's end and start, to be sorted by end. */
struct end {
    uint32_t r1, r0;
};

struct swap_scratch {
    struct probe before, after;
    uint32_t *mark; /* per partner document: the stamp of the probe that last saw it */
    size_t nmark;
    uint32_t stamp;
    struct end *ends;
    struct swap *points;
    size_t ends_alloc, points_alloc;
};

struct swap_job {
    const struct span *s;
    const size_t *first;
    size_t ndocs, min_chars;
    struct swap **points; /* per document: its swap points, ascending (NULL: none) */
    size_t *npoints;
};

static void *swap_scratch_new(void *ctx)
{
    const struct swap_job *job = ctx;
    struct swap_scratch *w = zj_xcalloc(1, sizeof *w);
    w->nmark = job->ndocs + 1;
    w->mark = zj_xcalloc(w->nmark, sizeof *w->mark);
    return w;
}

static void swap_scratch_free(void *ctx, void *scratch)
{
    struct swap_scratch *w = scratch;
    (void)ctx;
    free(w->before.live), free(w->after.live), free(w->mark), free(w->ends), free(w->points);
    free(w);
}

static void probe_move(struct probe *pr, const struct span *s, size_t n, size_t min_chars,
                       uint32_t at)
{
    size_t k = 0;
    for (size_t i = 0; i < pr->nlive; i++)
        if (s[pr->live[i]].r1 > at) pr->live[k++] = pr->live[i];
    pr->nlive = k;
    for (; pr->next < n && s[pr->next].r0 <= at; pr->next++) {
        const struct span *t = &s[pr->next];
        if (t->r1 - t->r0 < min_chars || t->r1 <= at) continue;
        pr->live = zj_xgrow(pr->live, sizeof *pr->live, pr->nlive + 1, &pr->alloc);
        pr->live[pr->nlive++] = (uint32_t)pr->next;
    }
}

/* Whether the partners covering the two probes make a swap point: some
 * leave, some arrive, and fewer than half of all of them stay. */
static int partners_swap(struct swap_scratch *w, const struct span *s)
{
    if (w->stamp > UINT32_MAX - 4) { /* the stamps would wrap: start again */
        w->stamp = 0;
        memset(w->mark, 0, w->nmark * sizeof *w->mark);
    }
    uint32_t left = w->stamp += 2, right = left + 1;
    size_t nleft = 0, stay = 0, arrive = 0;
    for (size_t i = 0; i < w->before.nlive; i++) {
        uint32_t p = s[w->before.live[i]].partner;
        if (w->mark[p] != left) w->mark[p] = left, nleft++;
    }
    for (size_t i = 0; i < w->after.nlive; i++) {
        uint32_t p = s[w->after.live[i]].partner;
        if (w->mark[p] == left)
            w->mark[p] = right, stay++;
        else if (w->mark[p] != right)
            w->mark[p] = right, arrive++;
    }
    return arrive && nleft > stay && 2 * stay < nleft + arrive;
}

static int by_end(const void *x, const void *y)
{
    const struct end *a = x, *b = y;
    if (a->r1 != b->r1) return a->r1 < b->r1 ? -1 : 1;
    return (a->r0 > b->r0) - (a->r0 < b->r0);
}

/* Swap point x of a document (spans s[0..n), their ends e[0..ne)) with
 * the reach of the spans ending and beginning there. */
static struct swap swap_reach(const struct span *s, size_t n, const struct end *e, size_t ne,
                              size_t m, uint32_t x)
{
    struct swap w = {x, x, x};
    for (size_t i = ZJ_FIRST(struct end, e, ne, r1, x - SLACK); i < ne && e[i].r1 <= x + SLACK; i++)
        if (e[i].r0 < w.reach_back) w.reach_back = e[i].r0;
    for (size_t i = ZJ_FIRST(struct span, s, n, r0, x - SLACK); i < n && s[i].r0 <= x + SLACK; i++)
        if (s[i].r1 - s[i].r0 >= m && s[i].r1 > w.reach_on) w.reach_on = s[i].r1;
    return w;
}

/* Document d's swap points, into its slot.  Candidates are the starts of
 * spans of min_chars or more with the end of such a span within SLACK. */
static void find_swaps(void *ctx, void *scratch, size_t d)
{
    struct swap_job *job = ctx;
    struct swap_scratch *w = scratch;
    const struct span *s = job->s + job->first[d];
    size_t n = job->first[d + 1] - job->first[d], m = job->min_chars, nends = 0, np = 0;
    if (n < 3) return; /* a span to cut, one ending and one beginning */
    w->ends = zj_xgrow(w->ends, sizeof *w->ends, n, &w->ends_alloc);
    for (size_t i = 0; i < n; i++)
        if (s[i].r1 - s[i].r0 >= m) w->ends[nends++] = (struct end){s[i].r1, s[i].r0};
    qsort(w->ends, nends, sizeof *w->ends, by_end);
    w->before.nlive = w->before.next = w->after.nlive = w->after.next = 0;
    uint32_t last = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = s[i].r0;
        if (s[i].r1 - x < m || x <= SLACK || x == last) continue;
        last = x;
        size_t e = ZJ_FIRST(struct end, w->ends, nends, r1, x - SLACK);
        if (e == nends || w->ends[e].r1 > x + SLACK) continue;
        probe_move(&w->before, s, n, m, x - SLACK - 1);
        probe_move(&w->after, s, n, m, x + SLACK);
        if (!partners_swap(w, s)) continue;
        w->points = zj_xgrow(w->points, sizeof *w->points, np + 1, &w->points_alloc);
        w->points[np++] = swap_reach(s, n, w->ends, nends, m, x);
    }
    if (!np) return;
    job->points[d] = zj_xmalloc(np * sizeof *job->points[d]);
    memcpy(job->points[d], w->points, np * sizeof *w->points);
    job->npoints[d] = np;
}

/* Whether the pieces [lo, x) and [x, hi) of a span of this document (spans
 * s[0..n)) would each join (zj_spans_overlap_join) a span of m or more
 * characters ending, respectively beginning, within SLACK of x.  A span
 * joining [lo, x) is at most 3/2 of its length and covers two thirds of it;
 * the bounds below (twice the length, half of it) are looser and still
 * true. */
static int pieces_join(const struct span *s, size_t n, size_t m, uint32_t lo, uint32_t x,
                       uint32_t hi)
{
    uint32_t len = x - lo, from = x - SLACK > 2 * len ? x - SLACK - 2 * len : 0;
    int before = 0, after = 0;
    for (size_t i = ZJ_FIRST(struct span, s, n, r0, from);
         !before && i < n && s[i].r0 <= x - len / 2; i++) {
        const struct span *t = &s[i];
        before = t->r1 - t->r0 >= m && t->r1 + SLACK >= x && t->r1 <= x + SLACK &&
                 zj_spans_overlap_join(t->r0, t->r1, lo, x);
    }
    for (size_t i = ZJ_FIRST(struct span, s, n, r0, x - SLACK);
         before && !after && i < n && s[i].r0 <= x + SLACK; i++)
        after = s[i].r1 - s[i].r0 >= m && zj_spans_overlap_join(s[i].r0, s[i].r1, x, hi);
    return before && after;
}

/* A place to cut one side of a passage: the passage (collection index /
 * 2), the side (0: a, 1: b) and the position on it. */
struct mark {
    uint32_t passage, side, at;
};

struct mark_list {
    struct mark *v;
    size_t n, alloc;
};

static int by_passage(const void *x, const void *y)
{
    const struct mark *a = x, *b = y;
    if (a->passage != b->passage) return a->passage < b->passage ? -1 : 1;
    if (a->side != b->side) return a->side < b->side ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* Where the spans' passages are cut: (x, y) on sides a and b. */
struct cut {
    uint32_t passage, x, y;
};

struct cut_list {
    struct cut *v;
    size_t n, alloc;
};

static void cut_push(struct cut_list *l, uint32_t passage, uint32_t x, uint32_t y)
{
    l->v = zj_xgrow(l->v, sizeof *l->v, l->n + 1, &l->alloc);
    l->v[l->n++] = (struct cut){passage, x, y};
}

/* Position x of [a0, a1) carried proportionally to [b0, b1). */
static uint32_t carry(uint32_t x, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    uint64_t num = 2 * (uint64_t)(x - a0) * (b1 - b0) + (a1 - a0);
    return b0 + (uint32_t)(num / (2 * (uint64_t)(a1 - a0)));
}

/* The swap points of t's document that t crosses with a piece's length to
 * spare on either side and whose pieces would join, as marks.  Spans come
 * in document order, so this reads them in order; the other side of a
 * passage is looked up only for the few marked. */
static void side_marks(const struct swap_job *job, const struct span *t, struct mark_list *out)
{
    const struct swap *pts = job->points[t->doc];
    size_t np = job->npoints[t->doc], piece = 2 * job->min_chars;
    const struct span *ds = job->s + job->first[t->doc];
    size_t dn = job->first[t->doc + 1] - job->first[t->doc];
    if (t->r1 - t->r0 < 2 * piece) return;
    for (size_t i = ZJ_FIRST(struct swap, pts, np, at, t->r0 + (uint32_t)piece);
         i < np && pts[i].at + piece <= t->r1; i++) {
        uint32_t x = pts[i].at; /* a joining span covers half of its piece at least */
        if (pts[i].reach_back > x - (x - t->r0) / 2 || pts[i].reach_on < x + (t->r1 - x) / 2)
            continue;
        if (!pieces_join(ds, dn, job->min_chars, t->r0, x, t->r1)) continue;
        out->v = zj_xgrow(out->v, sizeof *out->v, out->n + 1, &out->alloc);
        out->v[out->n++] = (struct mark){t->set / 2, t->set % 2, x};
    }
}

/* The cuts of passage k (sides a and b) from its marks m[0..nm), appended
 * to out in order along side a, each piece twice min_chars or more on
 * both sides. */
static void passage_cuts(size_t min_chars, uint32_t k, const struct span *a, const struct span *b,
                         const struct mark *m, size_t nm, struct cut_list *tmp,
                         struct cut_list *out)
{
    tmp->n = 0;
    for (size_t i = 0; i < nm; i++)
        if (m[i].side)
            cut_push(tmp, k, carry(m[i].at, b->r0, b->r1, a->r0, a->r1), m[i].at);
        else
            cut_push(tmp, k, m[i].at, carry(m[i].at, a->r0, a->r1, b->r0, b->r1));
    for (size_t i = 1; i < tmp->n; i++) /* a handful: insertion sort by x */
        for (size_t j = i; j > 0 && tmp->v[j].x < tmp->v[j - 1].x; j--) {
            struct cut t = tmp->v[j];
            tmp->v[j] = tmp->v[j - 1], tmp->v[j - 1] = t;
        }
    uint32_t x = a->r0, y = b->r0, piece = 2 * (uint32_t)min_chars;
    for (size_t i = 0; i < tmp->n; i++) {
        const struct cut *c = &tmp->v[i];
        if (c->x < x + piece || c->y < y + piece || c->x + piece > a->r1 || c->y + piece > b->r1)
            continue;
        cut_push(out, k, c->x, c->y);
        x = c->x, y = c->y;
    }
}

/* Shrinks the two sides of a passage to its first piece and appends the
 * others at the documents' cursors fill[], numbered from *next on. */
static void cut_passage(struct span *s, struct span *a, struct span *b, const struct cut *c,
                        size_t nc, size_t *fill, uint32_t *next)
{
    uint32_t a1 = a->r1, b1 = b->r1;
    a->r1 = c[0].x, b->r1 = c[0].y;
    for (size_t i = 0; i < nc; i++, *next += 2) {
        struct span pa = *a, pb = *b;
        pa.r0 = c[i].x, pa.r1 = i + 1 < nc ? c[i + 1].x : a1, pa.set = *next;
        pb.r0 = c[i].y, pb.r1 = i + 1 < nc ? c[i + 1].y : b1, pb.set = *next + 1;
        s[fill[pa.doc]++] = pa, s[fill[pb.doc]++] = pb;
    }
}

/* Makes room after each document's spans for its new pieces, writes them
 * and sorts the documents that received some; place[] (each span's
 * position by collection index) follows the cut passages' sides as they
 * move. */
static struct span *apply_cuts(struct span *s, size_t *n, size_t *first, size_t ndocs,
                               uint32_t *place, const struct cut_list *cuts, int threads)
{
    size_t *shift = zj_xcalloc(ndocs + 2, sizeof *shift);
    size_t *fill = zj_xmalloc((ndocs + 1) * sizeof *fill);
    unsigned char *touched = zj_xcalloc(ndocs + 1, 1);
    for (size_t i = 0; i < cuts->n; i++) {
        uint32_t k = cuts->v[i].passage;
        shift[s[place[2 * k]].doc + 1]++, shift[s[place[2 * k + 1]].doc + 1]++;
    }
    for (size_t d = 0; d < ndocs; d++)
        touched[d] = shift[d + 1] != 0, shift[d + 1] += shift[d];
    for (size_t i = 0; i < cuts->n; i++) {
        uint32_t k = cuts->v[i].passage;
        if (i && cuts->v[i - 1].passage == k) continue; /* once per passage */
        place[2 * k] += (uint32_t)shift[s[place[2 * k]].doc];
        place[2 * k + 1] += (uint32_t)shift[s[place[2 * k + 1]].doc];
    }
    s = zj_xrealloc(s, (*n + 2 * cuts->n + 1) * sizeof *s);
    for (size_t d = ndocs; d-- > 0;) {
        if (shift[d])
            memmove(s + first[d] + shift[d], s + first[d], (first[d + 1] - first[d]) * sizeof *s);
        fill[d] = first[d + 1] + shift[d];
    }
    uint32_t next = (uint32_t)*n;
    for (size_t i = 0, j; i < cuts->n; i = j) {
        uint32_t k = cuts->v[i].passage;
        for (j = i + 1; j < cuts->n && cuts->v[j].passage == k;)
            j++;
        cut_passage(s, &s[place[2 * k]], &s[place[2 * k + 1]], cuts->v + i, j - i, fill, &next);
    }
    for (size_t d = 0; d <= ndocs; d++)
        first[d] += shift[d];
    *n += 2 * cuts->n;
    zj_spans_sort(s, first, ndocs, touched, threads);
    free(shift), free(fill), free(touched);
    return s;
}

struct span *zj_spans_cut(struct span *s, size_t *n, size_t *first, size_t ndocs, size_t min_chars,
                          int threads)
{
    struct swap_job job = {s,
                           first,
                           ndocs,
                           min_chars,
                           zj_xcalloc(ndocs + 1, sizeof *job.points),
                           zj_xcalloc(ndocs + 1, sizeof *job.npoints)};
    struct zj_parallel run = {ndocs, 16, &job, swap_scratch_new, swap_scratch_free, find_swaps};
    zj_parallel_run(&run, threads);
    struct mark_list marks = {NULL, 0, 0};
    for (size_t i = 0; i < *n; i++)
        if (job.npoints[s[i].doc]) side_marks(&job, &s[i], &marks);
    for (size_t d = 0; d < ndocs; d++)
        free(job.points[d]);
    free(job.points), free(job.npoints);
    if (!marks.n) return s;
    qsort(marks.v, marks.n, sizeof *marks.v, by_passage);
    uint32_t *place = zj_xmalloc((*n + 1) * sizeof *place);
    for (size_t i = 0; i < *n; i++)
        place[s[i].set] = (uint32_t)i;
    struct cut_list cuts = {NULL, 0, 0}, tmp = {NULL, 0, 0};
    for (size_t i = 0, j; i < marks.n; i = j) {
        uint32_t k = marks.v[i].passage;
        for (j = i + 1; j < marks.n && marks.v[j].passage == k;)
            j++;
        passage_cuts(min_chars, k, &s[place[2 * k]], &s[place[2 * k + 1]], marks.v + i, j - i, &tmp,
                     &cuts);
    }
    free(marks.v), free(tmp.v);
    if (cuts.n) s = apply_cuts(s, n, first, ndocs, place, &cuts, threads);
    free(place), free(cuts.v);
    return s;
}

/*
 * align.c - see align.h.
 *
 * Chaining keeps a short list of open chains, ordered by creation; an anchor
 * joins the first chain whose last anchor lies before it on a diagonal within
 * the band and within the gap, else it opens a new one.  The work is linear
 * in anchors times open chains, and both are small per document pair.
 */
#include "reuse/align.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

struct chain {
    uint32_t a0, b0, a_last, b_last, n;
};

static int by_a(const void *x, const void *y)
{
    const struct zj_anchor *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static long diag(uint32_t a, uint32_t b)
{
    return (long)b - (long)a;
}

void zj_anchors_sort(struct zj_anchor *an, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (by_a(&an[i - 1], &an[i]) > 0) {
            qsort(an, n, sizeof *an, by_a);
            return;
        }
}

static size_t chain_anchors(struct zj_anchor *an, size_t n, struct chain **out)
{
    zj_anchors_sort(an, n);
    struct chain *c = NULL;
    size_t nc = 0, alloc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        for (; j < nc; j++) {
            long d = diag(an[i].a, an[i].b) - diag(c[j].a_last, c[j].b_last);
            if (an[i].a > c[j].a_last && an[i].b > c[j].b_last && an[i].a - c[j].a_last <= ZJ_ALIGN_GAP &&
                d <= ZJ_ALIGN_BAND && d >= -ZJ_ALIGN_BAND)
                break;
        }
        if (j == nc) {
            c = zj_xgrow(c, sizeof *c, nc + 1, &alloc);
            c[nc++] = (struct chain){an[i].a, an[i].b, an[i].a, an[i].b, 1};
        } else {
            c[j].a_last = an[i].a, c[j].b_last = an[i].b, c[j].n++;
        }
    }
    *out = c;
    return nc;
}

/* Furthest row reachable on diagonal k at cost d from the rows of cost d-1
 * (prev, indexed k + off; -1 = unreachable), before sliding. */
static long step(const long *prev, long k, long off, long lo, long hi, size_t na, size_t nb)
{
    long best = prev[k + off], r;
    if (best >= 0 && (size_t)best < na && (size_t)(best + k) < nb) best++; /* substitution */
    if (k + 1 <= hi && (r = prev[k + 1 + off]) >= 0 && (size_t)r < na && r + 1 > best)
        best = r + 1; /* deletion: from diagonal k+1, one row down */
    if (k - 1 >= lo && (r = prev[k - 1 + off]) >= 0 && (size_t)(r + k - 1) < nb && r > best)
        best = r; /* insertion: from diagonal k-1, same row */
    return best;
}

size_t zj_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t cap)
{
    size_t diff = na > nb ? na - nb : nb - na;
    if (diff > cap) return cap + 1;
    long lo = -(long)(na < cap ? na : cap), hi = (long)(nb < cap ? nb : cap), off = -lo;
    long target = (long)nb - (long)na, width = hi - lo + 1;
    long *prev = zj_xmalloc((size_t)width * sizeof *prev), *cur = zj_xmalloc((size_t)width * sizeof *cur);
    for (long x = 0; x < width; x++) prev[x] = -1;
    size_t result = cap + 1;
    for (size_t d = 0; d <= cap; d++) {
        long klo = -(long)d > lo ? -(long)d : lo, khi = (long)d < hi ? (long)d : hi;
        for (long x = 0; x < width; x++) cur[x] = prev[x];
        for (long k = klo; k <= khi; k++) {
            long i = d == 0 ? (k == 0 ? 0 : -1) : step(prev, k, off, lo, hi, na, nb);
            if (i < 0) continue;
            while ((size_t)i < na && (size_t)(i + k) < nb && a[i] == b[i + k]) i++;
            cur[k + off] = i;
        }
        if (cur[target + off] == (long)na) {
            result = d;
            break;
        }
        long *t = prev;
        prev = cur, cur = t;
    }
    free(prev), free(cur);
    return result;
}

static double similarity(const uint32_t *a, const uint32_t *b, const struct zj_passage *p,
                         double min_sim)
{
    size_t la = p->a1 - p->a0, lb = p->b1 - p->b0, m = la > lb ? la : lb;
    if (!m) return 0;
    /* only whether it reaches min_sim matters: stop once the distance is past that */
    size_t cap = (size_t)((1 - min_sim) * (double)m + 1e-9);
    size_t d = zj_edit_distance(a + p->a0, la, b + p->b0, lb, cap);
    return d > cap ? 0 : 1 - (double)d / (double)m;
}

/* Grows a region while the characters just outside it agree. */
static void extend(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_passage *p)
{
    while (p->a0 > 0 && p->b0 > 0 && a[p->a0 - 1] == b[p->b0 - 1]) p->a0--, p->b0--;
    while (p->a1 < na && p->b1 < nb && a[p->a1] == b[p->b1]) p->a1++, p->b1++;
}

static int by_a0(const void *x, const void *y)
{
    const struct zj_passage *p = x, *q = y;
    return (p->a0 > q->a0) - (p->a0 < q->a0);
}

/* Regions that overlap on both sides are one passage. */
static size_t merge(struct zj_passage *p, size_t n)
{
    if (!n) return 0;
    qsort(p, n, sizeof *p, by_a0);
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        struct zj_passage *last = &p[m];
        if (p[i].a0 <= last->a1 && p[i].b0 <= last->b1 && p[i].b1 >= last->b0) {
            if (p[i].a1 > last->a1) last->a1 = p[i].a1;
            if (p[i].b0 < last->b0) last->b0 = p[i].b0;
            if (p[i].b1 > last->b1) last->b1 = p[i].b1;
        } else {
            p[++m] = p[i];
        }
    }
    return m + 1;
}

struct result {
    struct zj_passage *p;
    size_t n, alloc;
};

static void keep(struct result *r, struct zj_passage p)
{
    r->p = zj_xgrow(r->p, sizeof *r->p, r->n + 1, &r->alloc);
    r->p[r->n++] = p;
}

#define SPLIT_DEPTH 8

/*
 * A region that fails the similarity test as a whole often holds a good
 * copy that ran on into a paragraph on the same topic (a few shared
 * phrases): it is split at its widest gap between anchors, and each side is
 * tried on its own, rather than dropped.  an[0..n) are the region's anchors,
 * sorted by position in A.
 */
static void try_region(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                       const struct zj_anchor *an, size_t n, const struct zj_align_opts *o,
                       int depth, struct result *r)
{
    uint32_t k = (uint32_t)o->k, b0 = an[0].b, b1 = an[0].b;
    for (size_t i = 1; i < n; i++) b0 = an[i].b < b0 ? an[i].b : b0, b1 = an[i].b > b1 ? an[i].b : b1;
    struct zj_passage p = {an[0].a, an[n - 1].a + k, b0, b1 + k, 0};
    if (p.a1 > na) p.a1 = (uint32_t)na;
    if (p.b1 > nb) p.b1 = (uint32_t)nb;
    extend(a, na, b, nb, &p);
    size_t la = p.a1 - p.a0, lb = p.b1 - p.b0;
    if ((la < lb ? la : lb) < o->min_chars) return;
    p.similarity = similarity(a, b, &p, o->min_sim);
    if (p.similarity >= o->min_sim) {
        keep(r, p);
        return;
    }
    if (n < 2 || depth >= SPLIT_DEPTH) return;
    size_t cut = 1;
    for (size_t i = 2; i < n; i++)
        if (an[i].a - an[i - 1].a > an[cut].a - an[cut - 1].a) cut = i;
    try_region(a, na, b, nb, an, cut, o, depth + 1, r);
    try_region(a, na, b, nb, an + cut, n - cut, o, depth + 1, r);
}

void zj_align(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_anchor *anchors,
              size_t nanchors, const struct zj_align_opts *o, struct zj_passage **out, size_t *n)
{
    struct chain *c;
    size_t nc = chain_anchors(anchors, nanchors, &c), k = (size_t)o->k; /* anchors now sorted by a */
    struct zj_passage *p = zj_xmalloc((nc + 1) * sizeof *p);
    for (size_t i = 0; i < nc; i++) {
        p[i] = (struct zj_passage){c[i].a0, c[i].a_last + (uint32_t)k, c[i].b0, c[i].b_last + (uint32_t)k, 0};
        if (p[i].a1 > na) p[i].a1 = (uint32_t)na;
        if (p[i].b1 > nb) p[i].b1 = (uint32_t)nb;
        if (c[i].n > 1 || !o->lone_futile) extend(a, na, b, nb, &p[i]);
    }
    free(c);
    size_t m = merge(p, nc);
    struct result r = {NULL, 0, 0};
    struct zj_anchor *in = zj_xmalloc((nanchors + 1) * sizeof *in);
    for (size_t i = 0; i < m; i++) {
        size_t la = p[i].a1 - p[i].a0, lb = p[i].b1 - p[i].b0;
        if ((la < lb ? la : lb) < o->min_chars) continue;
        p[i].similarity = similarity(a, b, &p[i], o->min_sim);
        if (p[i].similarity >= o->min_sim) {
            keep(&r, p[i]);
            continue;
        }
        size_t ni = 0; /* the region's own anchors, still sorted by a */
        for (size_t j = 0; j < nanchors; j++)
            if (anchors[j].a >= p[i].a0 && anchors[j].a < p[i].a1 && anchors[j].b >= p[i].b0 &&
                anchors[j].b < p[i].b1)
                in[ni++] = anchors[j];
        if (ni >= 2) {
            size_t cut = 1;
            for (size_t j = 2; j < ni; j++)
                if (in[j].a - in[j - 1].a > in[cut].a - in[cut - 1].a) cut = j;
            try_region(a, na, b, nb, in, cut, o, 1, &r);
            try_region(a, na, b, nb, in + cut, ni - cut, o, 1, &r);
        }
    }
    free(in);
    free(p);
    if (r.n) qsort(r.p, r.n, sizeof *r.p, by_a0);
    *n = r.n;
    /* a pair's passages are kept for the whole run (millions of pairs on a
     * large corpus): no growth slack */
    *out = r.p ? zj_xrealloc(r.p, r.n * sizeof *r.p) : zj_xmalloc(sizeof **out);
}

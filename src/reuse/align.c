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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/alloc.h"
#include "util/banned.h"
#include "util/search.h"

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

static size_t chain_anchors(struct zj_anchor *an, size_t n, struct zj_align_scratch *s)
{
    zj_anchors_sort(an, n);
    struct chain *c = s->chains;
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        for (; j < nc; j++) {
            long d = diag(an[i].a, an[i].b) - diag(c[j].a_last, c[j].b_last);
            if (an[i].a > c[j].a_last && an[i].b > c[j].b_last && an[i].a - c[j].a_last <= ZJ_ALIGN_GAP &&
                d <= ZJ_ALIGN_BAND && d >= -ZJ_ALIGN_BAND)
                break;
        }
        if (j == nc) {
            c = s->chains = zj_xgrow(c, sizeof *c, nc + 1, &s->chains_alloc);
            c[nc++] = (struct chain){an[i].a, an[i].b, an[i].a, an[i].b, 1};
        } else {
            c[j].a_last = an[i].a, c[j].b_last = an[i].b, c[j].n++;
        }
    }
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

/* Diagonals outside [-d, d] cannot be reached at cost d, so each row is
 * written only over that range and both start unreachable (-1): a row never
 * needs copying from the one before. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t cap,
                            struct zj_align_scratch *s)
{
    size_t diff = na > nb ? na - nb : nb - na;
    if (diff > cap) return cap + 1;
    long lo = -(long)(na < cap ? na : cap), hi = (long)(nb < cap ? nb : cap), off = -lo;
    long target = (long)nb - (long)na, width = hi - lo + 1;
    s->rows = zj_xgrow(s->rows, sizeof *s->rows, 2 * (size_t)width, &s->rows_alloc);
    long *prev = s->rows, *cur = s->rows + width;
    for (long x = 0; x < 2 * width; x++) s->rows[x] = -1;
    size_t result = cap + 1;
    for (size_t d = 0; d <= cap; d++) {
        long klo = -(long)d > lo ? -(long)d : lo, khi = (long)d < hi ? (long)d : hi;
        for (long k = klo; k <= khi; k++) {
            long i = d == 0 ? (k == 0 ? 0 : -1) : step(prev, k, off, lo, hi, na, nb);
            if (i >= 0)
                while ((size_t)i < na && (size_t)(i + k) < nb && a[i] == b[i + k]) i++;
            cur[k + off] = i; /* -1 only where prev had -1 too (rows only grow) */
        }
        if (cur[target + off] == (long)na) {
            result = d;
            break;
        }
        long *t = prev;
        prev = cur, cur = t;
    }
    return result;
}

size_t zj_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t cap)
{
    struct zj_align_scratch s = {0};
    size_t d = edit_distance(a, na, b, nb, cap, &s);
    zj_align_scratch_release(&s);
    return d;
}

static double similarity(const uint32_t *a, const uint32_t *b, const struct zj_passage *p,
                         double min_sim, struct zj_align_scratch *s)
{
    size_t la = p->a1 - p->a0, lb = p->b1 - p->b0, m = la > lb ? la : lb;
    if (!m) return 0;
    /* only whether it reaches min_sim matters: stop once the distance is past that */
    size_t cap = (size_t)((1 - min_sim) * (double)m + 1e-9);
    size_t d = edit_distance(a + p->a0, la, b + p->b0, lb, cap, s);
    return d > cap ? 0 : 1 - (double)d / (double)m;
}

/* How many characters a[0..n) and b[0..n) agree on from the start; four at
 * a time where SSE2 is there (copies run to hundreds of characters). */
static size_t agree_forward(const uint32_t *a, const uint32_t *b, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 4 <= n; i += 4) {
        __m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(a + i)),
                                     _mm_loadu_si128((const __m128i *)(b + i)));
        unsigned differ = ~(unsigned)_mm_movemask_ps(_mm_castsi128_ps(eq)) & 15u;
        if (differ) return i + (size_t)__builtin_ctz(differ);
    }
#endif
    while (i < n && a[i] == b[i]) i++;
    return i;
}

/* How many characters before a[0] and b[0] agree, going back at most n. */
static size_t agree_backward(const uint32_t *a, const uint32_t *b, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 4 <= n; i += 4) {
        __m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(a - i - 4)),
                                     _mm_loadu_si128((const __m128i *)(b - i - 4)));
        unsigned differ = ~(unsigned)_mm_movemask_ps(_mm_castsi128_ps(eq)) & 15u;
        if (differ) return i + (size_t)__builtin_clz(differ << 28);
    }
#endif
    while (i < n && a[-(ptrdiff_t)i - 1] == b[-(ptrdiff_t)i - 1]) i++;
    return i;
}

/* Grows region p while the characters just outside it agree, within w. */
static void extend_in(const uint32_t *a, const uint32_t *b, const struct zj_passage *w,
                      struct zj_passage *p)
{
    uint32_t ra = p->a0 - w->a0, rb = p->b0 - w->b0;
    size_t back = agree_backward(a + p->a0, b + p->b0, ra < rb ? ra : rb);
    p->a0 -= (uint32_t)back, p->b0 -= (uint32_t)back;
    uint32_t fa = w->a1 - p->a1, fb = w->b1 - p->b1;
    size_t fwd = agree_forward(a + p->a1, b + p->b1, fa < fb ? fa : fb);
    p->a1 += (uint32_t)fwd, p->b1 += (uint32_t)fwd;
}

/* The same within the whole texts. */
static void extend(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_passage *p)
{
    struct zj_passage w = {0, (uint32_t)na, 0, (uint32_t)nb, 0};
    extend_in(a, b, &w, p);
}

/* Sorts by a0, keeping the order of equal ones (which the merge below and
 * the output depend on): an insertion sort, stable on every C library, and
 * cheap because regions come few and nearly sorted (chains start in anchor
 * order; extension moves a start back a little). */
static void sort_by_a0(struct zj_passage *p, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct zj_passage x = p[i];
        size_t j = i;
        for (; j > 0 && p[j - 1].a0 > x.a0; j--) p[j] = p[j - 1];
        p[j] = x;
    }
}

/* Regions that overlap on both sides are one passage.  Each is held against
 * every region kept so far, not only the last: where a paragraph occurs
 * twice in one text, the regions of its two diagonals interleave in A's
 * order. */
static size_t merge(struct zj_passage *p, size_t n)
{
    if (!n) return 0;
    sort_by_a0(p, n);
    size_t m = 1;
    for (size_t i = 1; i < n; i++) {
        size_t j = m;
        while (j > 0 &&
               !(p[i].a0 <= p[j - 1].a1 && p[i].b0 <= p[j - 1].b1 && p[i].b1 >= p[j - 1].b0))
            j--;
        if (!j) {
            p[m++] = p[i];
            continue;
        }
        struct zj_passage *into = &p[j - 1];
        if (p[i].a1 > into->a1) into->a1 = p[i].a1;
        if (p[i].b0 < into->b0) into->b0 = p[i].b0;
        if (p[i].b1 > into->b1) into->b1 = p[i].b1;
    }
    return m;
}

/* The accepted passages, in s->kept; the pair's anchors, sorted by a. */
struct result {
    struct zj_align_scratch *s;
    size_t n;
    const struct zj_anchor *an;
    size_t nan;
};

/* Whether either side of p is shorter than a passage may be. */
static int too_short(const struct zj_passage *p, const struct zj_align_opts *o)
{
    size_t la = p->a1 - p->a0, lb = p->b1 - p->b0;
    return (la < lb ? la : lb) < o->min_chars;
}

static void push(struct result *r, struct zj_passage p)
{
    r->s->kept = zj_xgrow(r->s->kept, sizeof *r->s->kept, r->n + 1, &r->s->kept_alloc);
    r->s->kept[r->n++] = p;
}

static void keep_piece(const uint32_t *a, const uint32_t *b, struct zj_passage p,
                       const struct zj_align_opts *o, struct result *r)
{
    if (too_short(&p, o)) return;
    p.similarity = similarity(a, b, &p, o->min_sim, r->s);
    if (p.similarity >= o->min_sim) push(r, p);
}

/* The first of an[0..n) (sorted by a) at or after position a0 of A. */
static size_t first_from(const struct zj_anchor *an, size_t n, uint32_t a0)
{
    return ZJ_FIRST(struct zj_anchor, an, n, a, a0);
}

/* Where a failed region's anchors an[0..n) (n >= 2, sorted by a) are split:
 * at its widest gap, the index of the anchor after it. */
static size_t widest_gap(const struct zj_anchor *an, size_t n)
{
    size_t cut = 1;
    for (size_t i = 2; i < n; i++)
        if (an[i].a - an[i - 1].a > an[cut].a - an[cut - 1].a) cut = i;
    return cut;
}

#define REWRITE_MIN 8

/* Whether the text between two exact blocks was rewritten rather than
 * lightly edited: at least REWRITE_MIN characters on each side and
 * more than half of the longer side changed. */
static int rewritten(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                     struct zj_align_scratch *s)
{
    if (na < REWRITE_MIN || nb < REWRITE_MIN) return 0;
    size_t m = na > nb ? na : nb;
    return edit_distance(a, na, b, nb, m / 2, s) > m / 2;
}

/* The exact block around an anchor inside p: the anchor's k-gram grown
 * while the characters agree, within p.  0 when the k-gram itself differs
 * (a fingerprint collision). */
static int block_at(const uint32_t *a, const uint32_t *b, const struct zj_passage *p,
                    struct zj_anchor an, uint32_t k, struct zj_passage *x)
{
    if (an.a < p->a0 || an.b < p->b0 || an.a + k > p->a1 || an.b + k > p->b1) return 0;
    if (agree_forward(a + an.a, b + an.b, k) < k) return 0;
    *x = (struct zj_passage){an.a, an.a + k, an.b, an.b + k, 0};
    extend_in(a, b, p, x);
    return 1;
}

/* How far a copy's edge reaches into a[0..na), b[0..nb) (dir > 0: forward
 * from a[0], b[0]; dir < 0: backward from a[-1], b[-1]): the end of the
 * best-scoring alignment from the edge (+1 for a character that agrees, -1
 * for one that differs, is inserted or dropped) within `band` diagonals,
 * given up REACH_DROP below the best; returns that best score.  Used where
 * a passage is cut at a rewritten stretch (an edit just inside a copied
 * paragraph then does not cost the characters between it and the reworded
 * heading) and where an accepted passage's edges grow (grow).  Both are
 * short stretches, so a plain banded table will do. */
#define REACH_DROP 5
static long reach(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int dir, size_t band,
                  struct zj_align_scratch *s, uint32_t *ra, uint32_t *rb)
{
    const long none = -(1L << 40);
    s->rows = zj_xgrow(s->rows, sizeof *s->rows, 2 * (nb + 2), &s->rows_alloc);
    long *prev = s->rows, *cur = s->rows + nb + 2, best = 0;
    *ra = *rb = 0;
    /* row i holds columns [i - band, i + band]; the one just outside each
     * end reads as none, which is all the next row looks at beyond them */
    for (size_t j = 0; j <= nb && j <= band + 1; j++)
        prev[j] = j <= band ? -(long)j : none;
    for (size_t i = 1; i <= na; i++) {
        long row_best = none;
        uint32_t ai = dir > 0 ? a[i - 1] : a[-(ptrdiff_t)i];
        size_t lo = i > band ? i - band : 0, hi = i + band < nb ? i + band : nb;
        if (lo > nb) break;
        if (lo) cur[lo - 1] = none;
        for (size_t j = lo; j <= hi; j++) {
            long v = prev[j] - 1;
            if (j) {
                uint32_t bj = dir > 0 ? b[j - 1] : b[-(ptrdiff_t)j];
                long diag_v = prev[j - 1] + (ai == bj ? 1 : -1);
                v = cur[j - 1] - 1 > v ? cur[j - 1] - 1 : v;
                v = diag_v > v ? diag_v : v;
            }
            if (v > best) best = v, *ra = (uint32_t)i, *rb = (uint32_t)j;
            row_best = v > row_best ? v : row_best;
            cur[j] = v;
        }
        if (hi < nb) cur[hi + 1] = none;
        if (row_best < best - REACH_DROP) break;
        long *t = prev;
        prev = cur, cur = t;
    }
    return best;
}

#define GROW_MAX 48
#define GROW_GAIN 3
#define GROW_BAND 8 /* an edit near an edge inserts or drops a word, not a clause */

static uint32_t at_most(uint32_t x, uint32_t cap)
{
    return x < cap ? x : cap;
}

/* Whether an edge grows into a[0..ga), b[0..gb) (dir as for reach), and
 * by how much. */
static int grows(const uint32_t *a, uint32_t ga, const uint32_t *b, uint32_t gb, int dir,
                 struct zj_align_scratch *s, uint32_t *ra, uint32_t *rb)
{
    return ga && gb && reach(a, ga, b, gb, dir, GROW_BAND, s, ra, rb) >= GROW_GAIN;
}

/* Grows edge dir of p (-1: its start, backward; +1: its end, forward)
 * past an edit near it; whether it moved.  The edge is first tried over
 * GROW_MAX characters whatever the lines, a gate kept for speed: most
 * passages end where their copy does, and only an edge that grows there
 * has its lines looked up (a cache miss into the partner's record) and is
 * tried again within them. */
static int grow_edge(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int dir,
                     const struct zj_align_opts *o, struct zj_align_scratch *s,
                     struct zj_passage *p)
{
    uint32_t ea = dir < 0 ? p->a0 : p->a1, eb = dir < 0 ? p->b0 : p->b1, ra, rb, l0, l1, m0, m1;
    uint32_t ga = at_most(dir < 0 ? ea : (uint32_t)na - ea, GROW_MAX);
    uint32_t gb = at_most(dir < 0 ? eb : (uint32_t)nb - eb, GROW_MAX);
    if (!grows(a + ea, ga, b + eb, gb, dir, s, &ra, &rb)) return 0;
    /* the line of the edge's own character: the last one before an end */
    o->line_of(o->grow_ctx, 0, dir < 0 ? ea : ea - 1, &l0, &l1);
    o->line_of(o->grow_ctx, 1, dir < 0 ? eb : eb - 1, &m0, &m1);
    uint32_t la = at_most(ga, dir < 0 ? ea - l0 : l1 - ea);
    uint32_t lb = at_most(gb, dir < 0 ? eb - m0 : m1 - eb);
    if ((la != ga || lb != gb) && !grows(a + ea, la, b + eb, lb, dir, s, &ra, &rb)) return 0;
    if (dir < 0)
        p->a0 -= ra, p->b0 -= rb;
    else
        p->a1 += ra, p->b1 += rb;
    return 1;
}

/* Grows a region's edges past an edit near them, within the line each edge
 * lies in: exact extension stops at the first character that differs, and
 * a copy's words before an edit at its start or after one at its end were
 * lost.  A line is a paragraph or heading of its own: the text past it
 * (the next heading, a neighbouring paragraph of stock wording) was not
 * part of the copy.  Returns whether p moved. */
static int grow(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                const struct zj_align_opts *o, struct zj_align_scratch *s, struct zj_passage *p)
{
    if (!o->line_of || p->a1 <= p->a0 || p->b1 <= p->b0) return 0;
    int back = grow_edge(a, na, b, nb, -1, o, s, p);
    return grow_edge(a, na, b, nb, 1, o, s, p) | back;
}

/*
 * Keeps an accepted region, cut where its text was rewritten on both sides
 * (a heading reworded between carried-over paragraphs, a sentence replaced):
 * the similarity of a long region forgives a rewritten stretch, but its
 * characters were not copied, and counting them inflates the 重复率.  The
 * exact blocks around the region's anchors, taken in order along one path,
 * show the stretches between them; a stretch is a cut when rewritten().
 */
static void keep(const uint32_t *a, const uint32_t *b, struct zj_passage p,
                 const struct zj_align_opts *o, struct result *r)
{
    uint32_t k = (uint32_t)o->k;
    struct zj_passage piece = p, prev = {0}, x;
    int have = 0;
    for (size_t i = first_from(r->an, r->nan, p.a0); i < r->nan; i++) {
        if (r->an[i].a >= p.a1) break;
        if (have && r->an[i].a < prev.a1 && diag(r->an[i].a, r->an[i].b) == diag(prev.a0, prev.b0))
            continue; /* inside the block already taken */
        if (!block_at(a, b, &p, r->an[i], k, &x)) continue;
        /* the path starts on the region's own diagonal (its start is an
         * exact match grown from its first chain, or grown past an edit,
         * which moves it at most GROW_BAND diagonals off), then follows
         * drift */
        long d = diag(x.a0, x.b0) - (have ? diag(prev.a0, prev.b0) : diag(p.a0, p.b0));
        if (d > ZJ_ALIGN_BAND || d < -ZJ_ALIGN_BAND) continue; /* a phrase met elsewhere */
        if (have) {
            if (x.a0 < prev.a1 || x.b0 < prev.b1) {                /* overlapping: no stretch */
                if (x.a1 > prev.a1) prev.a1 = x.a1;
                if (x.b1 > prev.b1) prev.b1 = x.b1;
                continue;
            }
            uint32_t ga = x.a0 - prev.a1, gb = x.b0 - prev.b1;
            if (rewritten(a + prev.a1, ga, b + prev.b1, gb, r->s)) {
                uint32_t fa, fb, ba, bb;
                reach(a + prev.a1, ga, b + prev.b1, gb, 1, ZJ_ALIGN_BAND, r->s, &fa, &fb);
                piece.a1 = prev.a1 + fa, piece.b1 = prev.b1 + fb;
                keep_piece(a, b, piece, o, r);
                reach(a + x.a0, ga - fa, b + x.b0, gb - fb, -1, ZJ_ALIGN_BAND, r->s, &ba, &bb);
                piece.a0 = x.a0 - ba, piece.b0 = x.b0 - bb;
            }
        }
        prev = x, have = 1;
    }
    piece.a1 = p.a1, piece.b1 = p.b1;
    if (piece.a0 == p.a0 && piece.b0 == p.b0)
        push(r, p); /* no cut: p is already verified */
    else
        keep_piece(a, b, piece, o, r);
}

#define SPLIT_DEPTH 8

/* Judges region p: kept (its edges grown, then cut where rewritten) when
 * it passes the similarity test; 0 only when it failed that test, and so
 * may be split.  Only a passage that passes grows: grown before, the short
 * regions of two sentences built on one frame (the same words around a
 * different slot word) reached min_chars and were taken for copies. */
static int judged(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_passage p,
                  const struct zj_align_opts *o, struct result *r)
{
    if (too_short(&p, o)) return 1;
    p.similarity = similarity(a, b, &p, o->min_sim, r->s);
    if (p.similarity < o->min_sim) return 0;
    struct zj_passage g = p;
    if (grow(a, na, b, nb, o, r->s, &g) && (!o->may_grow || o->may_grow(&p, o->grow_ctx)) &&
        (g.similarity = similarity(a, b, &g, o->min_sim, r->s)) >= o->min_sim)
        p = g;
    keep(a, b, p, o, r);
    return 1;
}

static void try_region(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                       const struct zj_anchor *an, size_t n, const struct zj_align_opts *o,
                       int depth, struct result *r);

/*
 * A region that fails the similarity test as a whole often holds a good
 * copy that ran on into a paragraph on the same topic (a few shared
 * phrases): it is split at its widest gap between anchors, and each side is
 * tried on its own, rather than dropped.  an[0..n) (n >= 2) are the region's
 * anchors, sorted by position in A.
 */
static void split(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                  const struct zj_anchor *an, size_t n, const struct zj_align_opts *o, int depth,
                  struct result *r)
{
    size_t cut = widest_gap(an, n);
    try_region(a, na, b, nb, an, cut, o, depth + 1, r);
    try_region(a, na, b, nb, an + cut, n - cut, o, depth + 1, r);
}

/* The region of anchors an[0..n), grown while the texts agree, judged. */
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
    if (judged(a, na, b, nb, p, o, r) || n < 2 || depth >= SPLIT_DEPTH) return;
    split(a, na, b, nb, an, n, o, depth, r);
}

/* Whether passage x lies inside y on both sides. */
static int within(const struct zj_passage *x, const struct zj_passage *y)
{
    return y->a0 <= x->a0 && x->a1 <= y->a1 && y->b0 <= x->b0 && x->b1 <= y->b1;
}

/* Passages sorted by a0, without those lying inside another on both sides
 * (of equal ones, the first stays): the halves of a split region each grow
 * back to the whole copy when a paragraph occurs twice in one text, and
 * were kept once per half. */
static size_t drop_contained(struct zj_passage *p, size_t n, struct zj_align_scratch *s)
{
    if (n < 2) return n;
    unsigned char *drop = s->drop = zj_xgrow(s->drop, 1, n, &s->drop_alloc);
    memset(drop, 0, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n && !drop[i]; j++)
            if (j != i && !drop[j] && within(&p[i], &p[j]) && (j < i || !within(&p[j], &p[i])))
                drop[i] = 1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!drop[i]) p[m++] = p[i];
    return m;
}

/*
 * Satellites: the short sentences of a paragraph copied with its sentences
 * reordered.  Each longer sentence comes out as a passage of its own, but a
 * sentence under --min-chars (a paragraph's lead 推进清廉机关建设。, a short
 * closing clause) has none.  Where a line of B holds two passages or more
 * whose A sides start in one line of A, that paragraph was copied; a stretch
 * of the B line that no passage covers, SAT_MIN characters or more, is a
 * satellite when its whole text occurs in a stretch of the A line that no
 * passage covers.  Both sides uncovered and the text whole: another sentence
 * of the same copied paragraph, not a phrase met by chance (on the quality
 * corpus 96.6% of their characters lie in gold spans: docs/reuse.md).  Only
 * stretches within SAT_REACH of the group's passages are tried, so a
 * document written as one long line costs no more than a paragraph.
 */
#define SAT_MIN 6
#define SAT_REACH 200

/* One side's passages as intervals sorted by start, with the running
 * maximum of their ends: the stretches a line leaves uncovered are then
 * found by a binary search and a sweep over the passages inside it. */
struct sides {
    uint32_t *start, *reach; /* reach[i]: the furthest end among intervals 0..i */
    size_t n;
};

/* A passage's group: the lines its A side and B side start in. */
struct group_key {
    uint32_t la0, la1, lb0, lb1, b0, b1, a0, a1;
};

static int by_lines(const void *x, const void *y)
{
    const struct group_key *p = x, *q = y;
    if (p->la0 != q->la0) return p->la0 < q->la0 ? -1 : 1;
    if (p->lb0 != q->lb0) return p->lb0 < q->lb0 ? -1 : 1;
    return (p->b0 > q->b0) - (p->b0 < q->b0);
}

static int by_start(const void *x, const void *y)
{
    const uint32_t *p = x, *q = y; /* (start, end) pairs */
    return (p[0] > q[0]) - (p[0] < q[0]);
}

/* Appends to s->gaps, as (lo, hi) pairs, the stretches of [lo, hi) that no
 * interval of sd covers; returns the pair count. */
static size_t uncovered(const struct sides *sd, uint32_t lo, uint32_t hi,
                        struct zj_align_scratch *s, size_t m)
{
    /* the first interval starting at or after lo; those before it cover
     * [lo, their reach) */
    size_t i = zj_first_key(sd->start, sd->n, sizeof *sd->start, 0, lo);
    uint32_t at = i ? (sd->reach[i - 1] > lo ? sd->reach[i - 1] : lo) : lo;
    for (;; i++) {
        uint32_t next = i < sd->n && sd->start[i] < hi ? sd->start[i] : hi;
        if (next > at) {
            s->gaps = zj_xgrow(s->gaps, 2 * sizeof *s->gaps, m + 1, &s->gaps_alloc);
            s->gaps[2 * m] = at, s->gaps[2 * m + 1] = next, m++;
        }
        if (next == hi) break;
        at = sd->reach[i] > at ? sd->reach[i] : at;
        if (at >= hi) break;
    }
    return m;
}

/* Where b[g0, g1) occurs whole in a[h0, h1) clear of the A sides of
 * r's passages from `from` on (satellites already taken), or UINT32_MAX. */
static uint32_t find_whole(const uint32_t *a, uint32_t h0, uint32_t h1, const uint32_t *b,
                           uint32_t g0, uint32_t g1, const struct result *r, size_t from)
{
    uint32_t m = g1 - g0;
    for (uint32_t x = h0; x + m <= h1; x++) {
        if (a[x] != b[g0] || memcmp(a + x, b + g0, m * sizeof *a)) continue;
        size_t i = from;
        while (i < r->n && (r->s->kept[i].a1 <= x || r->s->kept[i].a0 >= x + m))
            i++;
        if (i == r->n) return x;
    }
    return UINT32_MAX;
}

/* SAT_REACH before x, but not before lo (the line's start). */
static uint32_t reach_back(uint32_t x, uint32_t lo)
{
    return x > lo + SAT_REACH ? x - SAT_REACH : lo;
}

/* The satellites of the group g[0..count) (one A line, one B line). */
static void satellites_of(const uint32_t *a, const uint32_t *b, const struct group_key *g,
                          size_t count, const struct sides *sa, const struct sides *sb,
                          struct result *r)
{
    uint32_t a0 = g[0].a0, a1 = g[0].a1, b0 = g[0].b0, b1 = g[0].b1;
    for (size_t k = 1; k < count; k++) {
        a0 = g[k].a0 < a0 ? g[k].a0 : a0, a1 = g[k].a1 > a1 ? g[k].a1 : a1;
        b0 = g[k].b0 < b0 ? g[k].b0 : b0, b1 = g[k].b1 > b1 ? g[k].b1 : b1;
    }
    struct zj_align_scratch *s = r->s;
    size_t nb = uncovered(sb, reach_back(b0, g->lb0), at_most(b1 + SAT_REACH, g->lb1), s, 0);
    size_t na = uncovered(sa, reach_back(a0, g->la0), at_most(a1 + SAT_REACH, g->la1), s, nb);
    size_t from = r->n;
    for (size_t k = 0; k < nb; k++) {
        uint32_t g0 = s->gaps[2 * k], g1 = s->gaps[2 * k + 1];
        for (size_t h = nb; h < na && g1 - g0 >= SAT_MIN; h++) {
            uint32_t at = find_whole(a, s->gaps[2 * h], s->gaps[2 * h + 1], b, g0, g1, r, from);
            if (at == UINT32_MAX) continue;
            push(r, (struct zj_passage){at, at + (g1 - g0), g0, g1, 1.0});
            break;
        }
    }
}

/* One side's sorted intervals and their running reach, in u (4n entries). */
static void sides_of(const struct zj_passage *p, size_t n, int side, uint32_t *u, struct sides *sd)
{
    for (size_t i = 0; i < n; i++) {
        u[2 * i] = side ? p[i].b0 : p[i].a0;
        u[2 * i + 1] = side ? p[i].b1 : p[i].a1;
    }
    if (side) qsort(u, n, 2 * sizeof *u, by_start); /* A sides come sorted */
    sd->start = u + 2 * n, sd->reach = u + 3 * n, sd->n = n;
    for (size_t i = 0; i < n; i++) {
        sd->start[i] = u[2 * i];
        sd->reach[i] = i && sd->reach[i - 1] > u[2 * i + 1] ? sd->reach[i - 1] : u[2 * i + 1];
    }
}

/* Adds the satellites of r's passages (sorted by a0) when lines are known:
 * passages grouped by the lines they start in, each group of two or more
 * searched once. */
static void add_satellites(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                           const struct zj_align_opts *o, struct result *r)
{
    size_t n = r->n;
    if (!o->line_of || n < 2) return;
    struct zj_align_scratch *s = r->s;
    s->keys = zj_xgrow(s->keys, sizeof(struct group_key), n, &s->keys_alloc);
    s->lines = zj_xgrow(s->lines, 8 * sizeof *s->lines, n, &s->lines_alloc);
    struct group_key *g = s->keys;
    for (size_t i = 0; i < n; i++) {
        const struct zj_passage *p = &s->kept[i];
        g[i] = (struct group_key){0, 0, 0, 0, p->b0, p->b1, p->a0, p->a1};
        o->line_of(o->grow_ctx, 0, p->a0, &g[i].la0, &g[i].la1);
        o->line_of(o->grow_ctx, 1, p->b0, &g[i].lb0, &g[i].lb1);
        /* the texts' ends bound every search, whatever the caller's lines say */
        g[i].la1 = g[i].la1 < na ? g[i].la1 : (uint32_t)na;
        g[i].lb1 = g[i].lb1 < nb ? g[i].lb1 : (uint32_t)nb;
    }
    qsort(g, n, sizeof *g, by_lines);
    struct sides sa, sb;
    sides_of(s->kept, n, 0, s->lines, &sa);
    sides_of(s->kept, n, 1, s->lines + 4 * n, &sb);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && g[j].la0 == g[i].la0 && g[j].lb0 == g[i].lb0; j++)
            continue;
        if (j - i >= 2) satellites_of(a, b, g + i, j - i, &sa, &sb, r);
    }
}

void zj_align_scratch_release(struct zj_align_scratch *s)
{
    free(s->chains), free(s->regions), free(s->kept), free(s->in), free(s->rows), free(s->drop);
    free(s->gaps), free(s->lines), free(s->keys);
    memset(s, 0, sizeof *s);
}

void zj_align(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, struct zj_anchor *anchors,
              size_t nanchors, const struct zj_align_opts *o, struct zj_passage **out, size_t *n)
{
    struct zj_align_scratch s = {0};
    zj_align_with(a, na, b, nb, anchors, nanchors, o, &s, out, n);
    zj_align_scratch_release(&s);
}

void zj_align_with(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                   struct zj_anchor *anchors, size_t nanchors, const struct zj_align_opts *o,
                   struct zj_align_scratch *s, struct zj_passage **out, size_t *n)
{
    size_t nc = chain_anchors(anchors, nanchors, s), k = (size_t)o->k; /* anchors now sorted by a */
    const struct chain *c = s->chains;
    s->regions = zj_xgrow(s->regions, sizeof *s->regions, nc + 1, &s->regions_alloc);
    struct zj_passage *p = s->regions;
    for (size_t i = 0; i < nc; i++) {
        p[i] = (struct zj_passage){c[i].a0, c[i].a_last + (uint32_t)k, c[i].b0, c[i].b_last + (uint32_t)k, 0};
        if (p[i].a1 > na) p[i].a1 = (uint32_t)na;
        if (p[i].b1 > nb) p[i].b1 = (uint32_t)nb;
        if (c[i].n > 1 || !o->lone_futile) extend(a, na, b, nb, &p[i]);
    }
    size_t m = merge(p, nc);
    struct result r = {s, 0, anchors, nanchors};
    s->in = zj_xgrow(s->in, sizeof *s->in, nanchors + 1, &s->in_alloc);
    struct zj_anchor *in = s->in;
    for (size_t i = 0; i < m; i++) {
        if (judged(a, na, b, nb, p[i], o, &r)) continue;
        size_t ni = 0; /* the region's own anchors, still sorted by a */
        for (size_t j = first_from(anchors, nanchors, p[i].a0);
             j < nanchors && anchors[j].a < p[i].a1; j++)
            if (anchors[j].b >= p[i].b0 && anchors[j].b < p[i].b1) in[ni++] = anchors[j];
        if (ni >= 2) split(a, na, b, nb, in, ni, o, 0, &r);
    }
    *out = NULL;
    sort_by_a0(s->kept, r.n);
    r.n = drop_contained(s->kept, r.n, s);
    size_t before = r.n;
    add_satellites(a, na, b, nb, o, &r);
    if (r.n > before) sort_by_a0(s->kept, r.n);
    *n = r.n;
    if (!r.n) return;
    /* a pair's passages are kept for the whole run (millions of pairs on a
     * large corpus): at their exact size */
    *out = zj_xmalloc(r.n * sizeof **out);
    memcpy(*out, s->kept, r.n * sizeof **out);
}

/*
 * test_reuse.c - fingerprints, alignment, reuse text and the whole reuse
 * pipeline on small planted cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reuse/align.h"
#include "reuse/prep.h"
#include "util/alloc.h"
#include "reuse/reuse.h"
#include "reuse/winnow.h"
#include "text/normalize.h"
#include "util/buf.h"

static void random_codes(uint32_t *c, size_t n, unsigned *seed)
{
    for (size_t i = 0; i < n; i++) c[i] = 0x4E00 + (uint32_t)(rand_r(seed) % 40);
}

/* The anchors zj_align gets: positions of fingerprints (k-grams, window w)
 * that a and b share, the first max of them. */
static size_t common_anchors(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k,
                             int w, struct zj_anchor *out, size_t max)
{
    struct zj_fp *fa = NULL, *fb = NULL;
    size_t n1 = 0, n2 = 0, a1 = 0, a2 = 0, n = 0;
    zj_winnow(a, na, k, w, &fa, &n1, &a1);
    zj_winnow(b, nb, k, w, &fb, &n2, &a2);
    for (size_t i = 0; i < n1 && n < max; i++)
        for (size_t j = 0; j < n2 && n < max; j++)
            if (fa[i].hash == fb[j].hash) out[n++] = (struct zj_anchor){fa[i].pos, fb[j].pos};
    free(fa), free(fb);
    return n;
}

static int share_fingerprint(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k,
                             int w)
{
    struct zj_anchor one;
    return common_anchors(a, na, b, nb, k, w, &one, 1) > 0;
}

/* The winnowing guarantee: a shared run of w + k - 1 characters always
 * yields a common fingerprint. */
static void test_shared_run_of_w_plus_k_minus_1_is_always_found(void **state)
{
    (void)state;
    unsigned seed = 11;
    for (int round = 0; round < 300; round++) {
        int k = 3 + rand_r(&seed) % 8, w = 2 + rand_r(&seed) % 8;
        size_t run = (size_t)(w + k - 1), na = 50 + (size_t)(rand_r(&seed) % 100), nb = 50 + (size_t)(rand_r(&seed) % 100);
        uint32_t a[300], b[300], shared[40];
        random_codes(a, na + run, &seed), random_codes(b, nb + run, &seed), random_codes(shared, run, &seed);
        size_t pa = (size_t)rand_r(&seed) % na, pb = (size_t)rand_r(&seed) % nb;
        memcpy(a + pa, shared, run * sizeof *a);
        memcpy(b + pb, shared, run * sizeof *b);
        assert_true(share_fingerprint(a, na + run, b, nb + run, k, w));
    }
}

static size_t levenshtein(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t *d = calloc((na + 1) * (nb + 1), sizeof *d);
    for (size_t i = 0; i <= na; i++) d[i * (nb + 1)] = i;
    for (size_t j = 0; j <= nb; j++) d[j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t best = d[(i - 1) * (nb + 1) + j - 1] + (a[i - 1] != b[j - 1]);
            if (d[(i - 1) * (nb + 1) + j] + 1 < best) best = d[(i - 1) * (nb + 1) + j] + 1;
            if (d[i * (nb + 1) + j - 1] + 1 < best) best = d[i * (nb + 1) + j - 1] + 1;
            d[i * (nb + 1) + j] = best;
        }
    size_t r = d[na * (nb + 1) + nb];
    free(d);
    return r;
}

static void test_capped_distance_agrees_with_full_levenshtein(void **state)
{
    (void)state;
    unsigned seed = 5;
    for (int round = 0; round < 20000; round++) {
        uint32_t a[40], b[40];
        size_t na = (size_t)rand_r(&seed) % 30, nb = (size_t)rand_r(&seed) % 30;
        unsigned sigma = 2 + (unsigned)(rand_r(&seed) % 4);
        for (size_t i = 0; i < na; i++) a[i] = (uint32_t)(rand_r(&seed) % sigma);
        if (round % 3 == 0) { /* near copies, the common case */
            nb = na;
            for (size_t i = 0; i < na; i++) b[i] = rand_r(&seed) % 8 ? a[i] : (uint32_t)(rand_r(&seed) % sigma);
        } else {
            for (size_t i = 0; i < nb; i++) b[i] = (uint32_t)(rand_r(&seed) % sigma);
        }
        size_t want = levenshtein(a, na, b, nb), cap = (size_t)rand_r(&seed) % 35;
        size_t got = zj_edit_distance(a, na, b, nb, cap);
        assert_int_equal(got, want <= cap ? want : cap + 1);
    }
}

/* The passages zj_align finds between a and b with options o (k = 10, w =
 * 8 fingerprints as anchors); NULL: k = 10, min_chars 30, min_sim 0.9. */
static size_t align_codes(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                          const struct zj_align_opts *o, struct zj_passage **out)
{
    static const struct zj_align_opts plain = {.k = 10, .min_chars = 30, .min_sim = 0.9};
    struct zj_anchor an[2000];
    size_t nan = common_anchors(a, na, b, nb, 10, 8, an, 2000), n = 0;
    zj_align(a, na, b, nb, an, nan, o ? o : &plain, out, &n);
    return n;
}

/* Two paragraphs carried over under a reworded heading: the heading was not
 * copied, so the passage is cut there, although the whole would pass the
 * similarity test; a light edit inside a paragraph cuts nothing, and an
 * edit just inside the second paragraph stays in it. */
static void test_passage_is_cut_where_both_sides_were_rewritten(void **state)
{
    (void)state;
    unsigned seed = 3;
    uint32_t a[300], b[300];
    random_codes(a, 300, &seed);
    memcpy(b, a, sizeof a);
    for (size_t i = 120; i < 135; i++)
        b[i] = 0x5000 + (uint32_t)i; /* the heading, reworded */
    b[60] = 0x6000, b[61] = 0x6001;  /* 加强 -> 强化 */
    b[140] = 0x6002;                 /* a typo five characters in */
    struct zj_passage *p;
    size_t n = align_codes(a, 255, b, 255, NULL, &p);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].a0, 0), assert_int_equal(p[0].a1, 120);
    assert_int_equal(p[0].b0, 0), assert_int_equal(p[0].b1, 120);
    assert_int_equal(p[1].a0, 135), assert_int_equal(p[1].a1, 255);
    assert_int_equal(p[1].b0, 135), assert_int_equal(p[1].b1, 255);
    free(p);
    /* the same stretch changed on one side only (a clause dropped) is an edit */
    memcpy(b, a, sizeof a);
    memmove(b + 120, b + 135, (300 - 135) * sizeof *b);
    n = align_codes(a, 255, b, 240, NULL, &p);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].a0, 0), assert_int_equal(p[0].a1, 255);
    free(p);
}

/* A paragraph that B holds twice in a row and A once is two passages, each
 * once: the two copies' regions merge into one that fails the similarity
 * test, its split halves each grew back to a whole copy, and every half was
 * kept (50 passages here before). */
static void test_paragraph_held_twice_is_two_passages_once_each(void **state)
{
    (void)state;
    unsigned seed = 9;
    uint32_t para[120], a[400], b[500];
    random_codes(para, 120, &seed);
    random_codes(a, 400, &seed), random_codes(b, 500, &seed);
    for (size_t i = 0; i < 400; i++)
        a[i] += 100; /* own text: no letter in common with para */
    for (size_t i = 0; i < 500; i++)
        b[i] += 200;
    memcpy(a + 150, para, sizeof para);
    memcpy(b + 60, para, sizeof para);
    memcpy(b + 180, para, sizeof para); /* right after the first: one merged region */
    struct zj_passage *p;
    size_t n = align_codes(a, 400, b, 500, NULL, &p);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].a0, 150), assert_int_equal(p[0].a1, 270);
    assert_int_equal(p[1].a0, 150), assert_int_equal(p[1].a1, 270);
    assert_int_equal(p[0].b0 == 60 ? p[1].b0 : p[0].b0, 180);
    assert_int_equal(p[0].b0 == 60 ? p[0].b0 : p[1].b0, 60);
    free(p);
}

/* Asserts that a and b share one passage: [a0, a1) of a and, as long, from
 * b0 of b (the edits in the growth test below are substitutions). */
static void only_passage(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                         const struct zj_align_opts *o, uint32_t a0, uint32_t a1, uint32_t b0)
{
    struct zj_passage *p;
    assert_int_equal(align_codes(a, na, b, nb, o, &p), 1);
    assert_int_equal(p[0].a0, a0), assert_int_equal(p[0].a1, a1);
    assert_int_equal(p[0].b0, b0), assert_int_equal(p[0].b1, b0 + (a1 - a0));
    free(p);
}

static int never_grow(const struct zj_passage *p, const void *ctx)
{
    (void)p, (void)ctx;
    return 0;
}

/* Lines of the test below: A's paragraph is [100, 160), B's [80, 140). */
static void test_line_of(const void *ctx, int side, uint32_t pos, uint32_t *lo, uint32_t *hi)
{
    uint32_t start = side ? 80 : 100, end = side ? 140 : 160, len = side ? 200 : 220;
    (void)ctx;
    *lo = pos < start ? 0 : pos < end ? start : end;
    *hi = pos < start ? start : pos < end ? end : len;
}

/* A copied paragraph with a changed character five in from each end: exact
 * extension stops at them, growth takes in the ends (up to the line's start
 * and end, though the lines before and after match too past one character),
 * and neither happens without lines or when the caller says no. */
static void test_edges_grow_past_an_edit_within_their_line(void **state)
{
    (void)state;
    unsigned seed = 21;
    uint32_t para[60], a[220], b[200];
    random_codes(para, 60, &seed), random_codes(a, 220, &seed), random_codes(b, 200, &seed);
    for (size_t i = 0; i < 220; i++)
        a[i] += 100;
    for (size_t i = 0; i < 200; i++)
        b[i] += 200;
    memcpy(b + 70, a + 90, 10 * sizeof *a); /* the line before: the same but its last character */
    b[79] = 0x6002;
    memcpy(b + 140, a + 160, 10 * sizeof *a); /* the line after: the same but its first */
    b[140] = 0x6003;
    memcpy(a + 100, para, sizeof para);
    memcpy(b + 80, para, sizeof para);
    b[80 + 4] = 0x6000, b[80 + 55] = 0x6001;
    struct zj_align_opts o = {.k = 10, .min_chars = 30, .min_sim = 0.9, .line_of = test_line_of};
    only_passage(a, 220, b, 200, &o, 100, 160, 80);
    o.may_grow = never_grow;
    only_passage(a, 220, b, 200, &o, 105, 155, 85);
    only_passage(a, 220, b, 200, NULL, 105, 155, 85);
}

/* Lines of the satellite test: each text (len[side] long) is one line, or
 * two when split[side] is set (the second starts there). */
static uint32_t split[2], len[2];

static void reorder_lines(const void *ctx, int side, uint32_t pos, uint32_t *lo, uint32_t *hi)
{
    (void)ctx;
    uint32_t at = split[side];
    *lo = at && pos >= at ? at : 0;
    *hi = at && pos < at ? at : len[side];
}

struct reorder_case {
    size_t hlen;  /* the short sentence's length */
    int changed;  /* one of its characters differs in B */
    int one_each; /* S3 lies on a line of its own in B: each B line holds one passage */
    int apart;    /* in A it lies on a line of its own */
    int lines;    /* lines are known */
};

/* A: H S1 X S3 (X A's own); B: S3 S1 H, so H's neighbours differ on both
 * sides.  Returns how many passages besides S1 and S3 there are, checking
 * that a satellite, if any, is H on both sides. */
static size_t satellites(struct reorder_case c)
{
    unsigned seed = 31;
    uint32_t h[20], s1[40], x[15], s3[40], a[200], b[200];
    random_codes(h, 20, &seed), random_codes(s1, 40, &seed), random_codes(x, 15, &seed);
    random_codes(s3, 40, &seed);
    /* each piece of its own characters: no passage grows into a neighbour by chance */
    for (size_t i = 0; i < 20; i++)
        h[i] += 0x1000;
    for (size_t i = 0; i < 15; i++)
        x[i] += 0x2000;
    for (size_t i = 0; i < 40; i++)
        s3[i] += 0x3000;
    size_t na = 0, nb = 0, ha, hb;
    if (!c.apart) ha = na, memcpy(a + na, h, c.hlen * sizeof *a), na += c.hlen;
    memcpy(a + na, s1, sizeof s1), na += 40;
    memcpy(a + na, x, sizeof x), na += 15;
    memcpy(a + na, s3, sizeof s3), na += 40;
    split[0] = c.apart ? (uint32_t)na : 0;
    if (c.apart) ha = na, memcpy(a + na, h, c.hlen * sizeof *a), na += c.hlen;
    memcpy(b + nb, s3, sizeof s3), nb += 40;
    split[1] = c.one_each ? (uint32_t)nb : 0;
    memcpy(b + nb, s1, sizeof s1), nb += 40;
    hb = nb, memcpy(b + nb, h, c.hlen * sizeof *b), nb += c.hlen;
    if (c.changed) b[hb + c.hlen / 2] = 0x7000;
    len[0] = (uint32_t)na, len[1] = (uint32_t)nb;
    struct zj_align_opts o = {
        .k = 10, .min_chars = 30, .min_sim = 0.9, .line_of = c.lines ? reorder_lines : NULL};
    struct zj_passage *p;
    size_t n = align_codes(a, na, b, nb, &o, &p), extra = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].a1 - p[i].a0 >= 30) continue; /* S1 or S3 */
        extra++;
        assert_int_equal(p[i].a0, ha), assert_int_equal(p[i].a1, ha + c.hlen);
        assert_int_equal(p[i].b0, hb), assert_int_equal(p[i].b1, hb + c.hlen);
        assert_true(p[i].similarity == 1.0);
    }
    free(p);
    split[0] = split[1] = 0;
    return extra;
}

/* A paragraph copied with its sentences reordered: its short sentence,
 * under min_chars, is a satellite of the two long ones; not when it is
 * shorter than SAT_MIN (6), changed, on another line of A, when its B line
 * holds only one passage, or when lines are not known. */
static void test_short_sentence_of_a_reordered_paragraph_is_a_satellite(void **state)
{
    (void)state;
    struct reorder_case c = {10, 0, 0, 0, 1};
    assert_int_equal(satellites(c), 1);
    c.hlen = 6;
    assert_int_equal(satellites(c), 1);
    c.hlen = 5;
    assert_int_equal(satellites(c), 0);
    c.hlen = 10, c.changed = 1;
    assert_int_equal(satellites(c), 0);
    c.changed = 0, c.apart = 1;
    assert_int_equal(satellites(c), 0);
    c.apart = 0, c.one_each = 1;
    assert_int_equal(satellites(c), 0);
    c.one_each = 0, c.lines = 0;
    assert_int_equal(satellites(c), 0);
}

/* Two B lines, each holding two sentences of the one A line and a short
 * one: two groups sharing an A line, a satellite each. */
static void test_groups_sharing_an_a_line_each_find_their_satellite(void **state)
{
    (void)state;
    unsigned seed = 41;
    enum { L = 40, H = 10, X = 15 };
    uint32_t s[4][L], h[2][H], x[2][X], a[300], b[300];
    for (int i = 0; i < 4; i++)
        random_codes(s[i], L, &seed);
    for (int i = 0; i < 2; i++)
        random_codes(h[i], H, &seed), random_codes(x[i], X, &seed);
    for (size_t i = 0; i < L; i++) /* each piece of its own characters */
        s[1][i] += 0x1000, s[2][i] += 0x2000, s[3][i] += 0x3000;
    for (size_t i = 0; i < H; i++)
        h[0][i] += 0x4000, h[1][i] += 0x5000;
    for (size_t i = 0; i < X; i++)
        x[0][i] += 0x6000, x[1][i] += 0x7000;
    size_t na = 0, nb = 0, ha[2], hb[2];
#define PUT(dst, n, src, len) (memcpy(dst + n, src, (len) * sizeof *dst), n += (len))
    ha[0] = na, PUT(a, na, h[0], H), PUT(a, na, s[0], L), PUT(a, na, x[0], X), PUT(a, na, s[1], L);
    ha[1] = na, PUT(a, na, h[1], H), PUT(a, na, s[2], L), PUT(a, na, x[1], X), PUT(a, na, s[3], L);
    PUT(b, nb, s[1], L), PUT(b, nb, s[0], L), hb[0] = nb, PUT(b, nb, h[0], H);
    split[1] = (uint32_t)nb;
    PUT(b, nb, s[3], L), PUT(b, nb, s[2], L), hb[1] = nb, PUT(b, nb, h[1], H);
#undef PUT
    len[0] = (uint32_t)na, len[1] = (uint32_t)nb;
    struct zj_align_opts o = {.k = 10, .min_chars = 30, .min_sim = 0.9, .line_of = reorder_lines};
    struct zj_passage *p;
    size_t n = align_codes(a, na, b, nb, &o, &p), found = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].a1 - p[i].a0 >= 30) continue;
        size_t k = p[i].a0 == ha[0] ? 0 : 1;
        assert_int_equal(p[i].a0, ha[k]), assert_int_equal(p[i].a1, ha[k] + H);
        assert_int_equal(p[i].b0, hb[k]), assert_int_equal(p[i].b1, hb[k] + H);
        found |= 1u << k;
    }
    assert_int_equal(n, 6);
    assert_int_equal(found, 3);
    free(p);
    split[1] = 0;
}

static void build(const char *text, const char *unit, size_t title_line, struct zj_reuse_text *t,
                  struct zj_norm *n)
{
    memset(n, 0, sizeof *n);
    zj_normalize(text, strlen(text), ZJ_NORM_MAP, n);
    zj_reuse_text_build(n, unit, title_line, t);
}

static char *as_string(const struct zj_reuse_text *t)
{
    struct zj_buf b = ZJ_BUF_INIT;
    for (size_t i = 0; i < t->len; i++) {
        char u[5] = {0};
        uint32_t c = t->code[i];
        if (c < 0x80) u[0] = (char)c;
        else if (c < 0x800) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F));
        else u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)), u[2] = (char)(0x80 | (c & 0x3F));
        zj_buf_addstr(&b, u);
    }
    return zj_buf_detach(&b, NULL);
}

static void test_reuse_text_masks_names_numbers_markers_and_title(void **state)
{
    (void)state;
    struct zj_reuse_text t;
    struct zj_norm n;
    build("市交通运输局党委2022年工作总结\n一、交通运输局坚持3.5亿元，二〇二二年完成。\n（二）AB ｃ\n",
          "市交通运输局党委", 1, &t, &n);
    char *s = as_string(&t);
    assert_string_equal(s, "@坚持#亿元#年完成ABc");
    /* positions point into the decoded text: @ covers 交通运输局 (5 code points) */
    assert_int_equal(zj_reuse_start(&t, 0), 20);
    assert_int_equal(zj_reuse_end(&t, 0), 25);
    assert_int_equal(zj_reuse_end(&t, 1), zj_reuse_start(&t, 1) + 1); /* 坚: one code point */
    assert_int_equal(zj_reuse_end(&t, 3), zj_reuse_start(&t, 3) + 3); /* # of 3.5 */
    assert_int_equal(zj_reuse_end(&t, 6), zj_reuse_start(&t, 6) + 4); /* # of 二〇二二 */
    /* lines: the title's (empty here) and the first paragraph's are one */
    uint32_t lo, hi;
    zj_reuse_line_of(&t, 0, &lo, &hi);
    assert_int_equal(lo, 0), assert_int_equal(hi, 10);
    zj_reuse_line_of(&t, 9, &lo, &hi);
    assert_int_equal(lo, 0), assert_int_equal(hi, 10);
    zj_reuse_line_of(&t, 10, &lo, &hi);
    assert_int_equal(lo, 10), assert_int_equal(hi, 13);
    zj_reuse_line_of(&t, 12, &lo, &hi);
    assert_int_equal(lo, 10), assert_int_equal(hi, 13);
    free(s);
    zj_reuse_text_release(&t);
    zj_norm_release(&n);
    /* the sign-off (unit line and date) is left out like the title */
    build("某局2022年工作总结\n今年以来，我局坚持。\n\n某局党组\n2022年12月28日\n", NULL, 1, &t,
          &n);
    s = as_string(&t);
    assert_string_equal(s, "今年以来我局坚持");
    free(s);
    zj_reuse_text_release(&t);
    zj_norm_release(&n);
}

/* Starts are stored as block bases and 16-bit offsets with a list for the
 * far ones: on letters separated by runs of spaces (some longer than an
 * offset can hold), every reuse character must start where its letter is. */
static void test_compact_starts_agree_with_positions(void **state)
{
    (void)state;
    unsigned seed = 7;
    size_t far = 0;
    for (int round = 0; round < 8; round++) {
        struct zj_buf b = ZJ_BUF_INIT;
        uint32_t *want = NULL;
        size_t n = 0, alloc = 0, pos = 0;
        size_t letters = 50 + (size_t)((size_t)rand_r(&seed) % 400);
        for (size_t i = 0; i < letters; i++) {
            size_t r = (size_t)rand_r(&seed) % 100;
            size_t gap = r < 2 ? 65530 + (size_t)((size_t)rand_r(&seed) % 20) : r < 30 ? (size_t)(r % 5) : 0;
            for (size_t g = 0; g < gap; g++) zj_buf_addstr(&b, " ");
            pos += gap;
            char ch[2] = {(char)('a' + (size_t)rand_r(&seed) % 26), 0};
            zj_buf_addstr(&b, ch);
            want = zj_xgrow(want, sizeof *want, n + 1, &alloc);
            want[n++] = (uint32_t)pos++;
        }
        struct zj_reuse_text t;
        struct zj_norm norm;
        build(b.ptr, NULL, 0, &t, &norm);
        assert_int_equal(t.len, n);
        far += t.nfar;
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(zj_reuse_start(&t, i), want[i]);
            assert_int_equal(zj_reuse_end(&t, i), want[i] + 1);
        }
        zj_reuse_text_release(&t);
        zj_norm_release(&norm);
        zj_buf_release(&b);
        free(want);
    }
    assert_true(far > 0); /* the offsets' overflow list was exercised */
}

static void test_name_forms_drop_suffixes_and_prefixes(void **state)
{
    (void)state;
    char **f = zj_name_forms("市交通运输局党委");
    assert_string_equal(f[0], "市交通运输局党委");
    assert_string_equal(f[1], "市交通运输局");
    assert_string_equal(f[2], "交通运输局");
    assert_null(f[3]);
    zj_name_forms_free(f);
}

/* ---- the pipeline on planted cases ---- */

static const char *const para_template =
    "深入学习贯彻习近平总书记在二十届中央纪委二次全会上的重要讲话精神，坚持以党的政治建设为统领，"
    "把严的基调严的措施严的氛围长期坚持下去，一体推进不敢腐不能腐不想腐，以钉钉子精神纠治四风。";
static const char *const para_copy = "坚持把廉政风险防控作为源头治理的重要抓手，围绕工程建设招投标、"
                                     "行政审批、资金拨付等关键环节，逐岗逐人排查廉政风险点，建立风险台账。";

static void own_text(struct zj_buf *b, int seed)
{
    static const char *const words[] = {"河", "山", "林", "草", "湖", "田", "城", "乡", "桥", "路", "港",
                                        "站", "园", "区", "镇", "村"};
    unsigned s = (unsigned)seed;
    for (int i = 0; i < 200; i++) zj_buf_addstr(b, words[rand_r(&s) % 16]);
    zj_buf_addstr(b, "。\n");
}

struct planted {
    struct zj_reuse_doc docs[6];
    struct zj_norm norms[6];
};

static void plant(struct planted *p, int i, const char *unit, int unit_id, int year, int with_tmpl,
                  int with_copy, const char *copy_name)
{
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addf(&b, "%s%d年工作总结\n", unit, year);
    own_text(&b, i * 7 + 1);
    if (with_tmpl) zj_buf_addf(&b, "%s\n", para_template);
    own_text(&b, i * 7 + 2);
    if (with_copy) zj_buf_addf(&b, "%s%s\n", copy_name, para_copy);
    own_text(&b, i * 7 + 3);
    build(b.ptr, unit, 1, &p->docs[i].text, &p->norms[i]);
    p->docs[i].in_term = calloc(p->docs[i].text.len + 1, 1);
    p->docs[i].unit = unit_id;
    p->docs[i].year = year;
    zj_buf_release(&b);
}

static void test_pipeline_finds_template_cross_unit_and_self_copies(void **state)
{
    (void)state;
    struct planted p;
    plant(&p, 0, "甲局", 0, 2022, 1, 1, "甲局");   /* the copy's source keeps its own name (masked) */
    plant(&p, 1, "乙局", 1, 2022, 1, 1, "甲局");   /* copied from 甲局, kept 甲局's name */
    plant(&p, 2, "丙局", 2, 2022, 1, 0, "");
    plant(&p, 3, "丁局", 3, 2022, 1, 0, "");
    plant(&p, 4, "戊局", 4, 2022, 0, 0, "");
    /* 戊局 2023: last year's text re-used, year moved on */
    plant(&p, 5, "戊局", 4, 2023, 0, 0, "");
    zj_reuse_text_release(&p.docs[5].text);
    zj_norm_release(&p.norms[5]);
    free(p.docs[5].in_term);
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, "戊局2023年工作总结\n");
    own_text(&b, 4 * 7 + 1), own_text(&b, 4 * 7 + 2), own_text(&b, 4 * 7 + 3);
    build(b.ptr, "戊局", 1, &p.docs[5].text, &p.norms[5]);
    p.docs[5].in_term = calloc(p.docs[5].text.len + 1, 1);
    zj_buf_release(&b);

    struct zj_reuse_opts o;
    zj_reuse_opts_default(&o, 0);
    struct zj_reuse_result r;
    zj_reuse_run(p.docs, 6, &o, &r);
    int saw_template = 0, saw_cross = 0, saw_self = 0;
    for (size_t i = 0; i < r.nmembers; i++) {
        const struct zj_reuse_member *m = &r.members[i];
        saw_template += m->kind == ZJ_REUSE_TEMPLATE;
        saw_cross += m->kind == ZJ_REUSE_CROSS_UNIT;
        if (m->kind == ZJ_REUSE_SELF) {
            saw_self++;
            assert_int_equal(m->doc, 5);
            assert_int_equal(m->source_doc, 4);
        }
    }
    assert_int_equal(saw_template, 4); /* one member in each of the four units */
    assert_int_equal(saw_cross, 2);
    assert_int_equal(saw_self, 1);
    /* 戊局 2023 is all last year's text; 戊局 2022 is the origin, not a copy */
    assert_true((double)r.docs[5].self_chars / (double)r.docs[5].chars > 0.98);
    assert_int_equal(r.docs[4].reused, 0);
    assert_int_equal(r.docs[5].top_source, 4);
    zj_reuse_result_release(&r);
    for (int i = 0; i < 6; i++) {
        zj_reuse_text_release(&p.docs[i].text);
        zj_norm_release(&p.norms[i]);
        free(p.docs[i].in_term);
    }
}

/* A passage written in 2021 and copied by two units in 2022: the copies
 * count as copied (a template family: three units), the 2021 text is the
 * origin and counts nothing, although its cluster is a template family. */
static void test_first_writer_of_a_later_copied_text_is_its_origin(void **state)
{
    (void)state;
    struct planted p;
    plant(&p, 0, "甲局", 0, 2021, 0, 1, "");
    plant(&p, 1, "乙局", 1, 2022, 0, 1, "");
    plant(&p, 2, "丙局", 2, 2022, 0, 1, "");
    plant(&p, 3, "丁局", 3, 2021, 0, 0, "");
    struct zj_reuse_opts o;
    zj_reuse_opts_default(&o, 0);
    struct zj_reuse_result r;
    zj_reuse_run(p.docs, 4, &o, &r);
    assert_int_equal(r.docs[0].reused, 0);
    for (int i = 1; i <= 2; i++) {
        assert_true(r.docs[i].template_chars >= 40);
        assert_int_equal(r.docs[i].reused, r.docs[i].template_chars);
    }
    size_t origins = 0;
    for (size_t i = 0; i < r.nmembers; i++)
        if (r.members[i].doc == 0) origins++, assert_int_equal(r.members[i].kind, ZJ_REUSE_ORIGIN);
    assert_int_equal(origins, 1);
    zj_reuse_result_release(&r);
    for (int i = 0; i < 4; i++) {
        zj_reuse_text_release(&p.docs[i].text);
        zj_norm_release(&p.norms[i]);
        free(p.docs[i].in_term);
    }
}

static void test_unit_matrix_merges_overlaps_and_leaves_templates_and_satellites_out(void **state)
{
    (void)state;
    /* units 0 and 1 in 2022, unit 2 in 2023 (another year: never in a cell) */
    struct zj_reuse_doc docs[3];
    memset(docs, 0, sizeof docs);
    docs[0].unit = 0, docs[0].year = 2022, docs[0].text.len = 1000;
    docs[1].unit = 1, docs[1].year = 2022, docs[1].text.len = 500;
    docs[2].unit = 2, docs[2].year = 2023, docs[2].text.len = 800;
    struct zj_passage p01[] = {{100, 200, 0, 100, 1},
                               {150, 260, 300, 410, 1},
                               {600, 700, 0, 100, 1},
                               {800, 810, 450, 460, 1}}; /* a satellite: under min_chars */
    unsigned char tmpl01[] = {0, 0, 1, 0};
    struct zj_passage p02[] = {{0, 500, 0, 500, 1}};
    struct zj_reuse_pair pairs[] = {{0, 1, 1, p01, 4, tmpl01}, {0, 2, 0, p02, 1, NULL}};
    struct zj_reuse_result res;
    memset(&res, 0, sizeof res);
    res.pairs = pairs, res.npairs = 2;
    struct zj_unit_matrix m;
    zj_unit_matrix_init(&m, docs, 3, 3, 30, &res);
    assert_int_equal(m.nyears, 2);
    assert_int_equal(m.years[0], 2022);
    assert_int_equal(m.chars[0 * 3 + 0], 1000);
    /* side A: [100,200) and [150,260) merge to 160; the template passage and the
     * satellite are left out */
    assert_int_equal(m.shared[(0 * 3 + 0) * 3 + 1], 160);
    /* side B: [0,100) and [300,410) */
    assert_int_equal(m.shared[(0 * 3 + 1) * 3 + 0], 210);
    assert_int_equal(m.shared[(0 * 3 + 0) * 3 + 2], 0); /* 2023 is another year */
    assert_int_equal(m.shared[(1 * 3 + 2) * 3 + 0], 0);
    zj_unit_matrix_release(&m);
}

/* ---- clustering of given passages ---- */

enum { SPAN_DOCS = 8, SPAN_LEN = 600 };

/* A clustering case: SPAN_LEN reuse characters per document (plain CJK: no
 * placeholder, no dictionary term), each document its own unit, all of
 * 2023, and the pairs the test gives. */
struct span_case {
    struct zj_reuse_doc docs[SPAN_DOCS];
    size_t n;
    struct zj_reuse_result r;
};

static void case_start(struct span_case *c, size_t n)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    for (size_t d = 0; d < n; d++) {
        c->docs[d].text.code = malloc(SPAN_LEN * sizeof *c->docs[d].text.code);
        for (size_t i = 0; i < SPAN_LEN; i++)
            c->docs[d].text.code[i] = 0x4E00 + (uint32_t)((d * 7 + i) % 40);
        c->docs[d].text.len = SPAN_LEN;
        c->docs[d].in_term = calloc(SPAN_LEN / 8 + 1, 1);
        c->docs[d].unit = (int)d, c->docs[d].year = 2023;
    }
}

/* Appends the pair (a, b) sharing [a0, a1) of a and [b0, b1) of b. */
static void add_pair(struct span_case *c, uint32_t a, uint32_t a0, uint32_t a1, uint32_t b,
                     uint32_t b0, uint32_t b1)
{
    struct zj_reuse_result *r = &c->r;
    r->pairs = realloc(r->pairs, (r->npairs + 1) * sizeof *r->pairs);
    struct zj_passage *q = malloc(sizeof *q);
    *q = (struct zj_passage){a0, a1, b0, b1, 1.0};
    r->pairs[r->npairs++] = (struct zj_reuse_pair){a, b, 0, q, 1, NULL};
}

/* Clusters the case's pairs with the default options. */
static void case_cluster(struct span_case *c)
{
    struct zj_reuse_opts o;
    zj_reuse_opts_default(&o, 0);
    zj_reuse_cluster(c->docs, c->n, &o, &c->r);
}

/* The pairs and clusters released, for another set of pairs on the same
 * documents. */
static void case_next(struct span_case *c)
{
    zj_reuse_result_release(&c->r);
}

static void case_end(struct span_case *c)
{
    zj_reuse_result_release(&c->r);
    for (size_t d = 0; d < c->n; d++)
        free(c->docs[d].text.code), free(c->docs[d].in_term);
}

/* The cluster of document d's member [r0, r1), asserted to exist. */
static long member(const struct span_case *c, uint32_t d, uint32_t r0, uint32_t r1)
{
    for (size_t i = 0; i < c->r.nmembers; i++)
        if (c->r.members[i].doc == d && c->r.members[i].r0 == r0 && c->r.members[i].r1 == r1)
            return c->r.members[i].cluster;
    fail_msg("document %u has no member [%u, %u)", d, r0, r1);
    return -1;
}

/* Two units hold two template texts side by side (T1 at [100, 280), T2 at
 * [280, 460)), three others T1 alone, two others T2 alone.  The passage of
 * the first two covers both texts and overlaps each by half, too little to
 * join either family: it is cut where the documents holding the text
 * change, and its pieces join the two families, which stay apart, each
 * member covering its own text. */
static void test_passage_holding_two_texts_is_cut_between_their_families(void **state)
{
    (void)state;
    struct span_case c;
    case_start(&c, 7); /* 0, 1: T1 + T2; 2, 3, 4: T1 at [50, 230); 5, 6: T2 at [300, 480) */
    add_pair(&c, 0, 100, 460, 1, 100, 460);
    for (uint32_t u = 0; u < 2; u++) {
        for (uint32_t v = 2; v < 5; v++)
            add_pair(&c, u, 100, 280, v, 50, 230);
        for (uint32_t w = 5; w < 7; w++)
            add_pair(&c, u, 280, 460, w, 300, 480);
    }
    for (uint32_t v = 2; v < 5; v++)
        for (uint32_t v2 = v + 1; v2 < 5; v2++)
            add_pair(&c, v, 50, 230, v2, 50, 230);
    add_pair(&c, 5, 300, 480, 6, 300, 480);
    case_cluster(&c);
    assert_int_equal(c.r.nclusters, 2);
    long t1 = member(&c, 2, 50, 230), t2 = member(&c, 5, 300, 480);
    assert_true(t1 != t2);
    for (uint32_t u = 0; u < 2; u++) {
        assert_int_equal(member(&c, u, 100, 280), t1);
        assert_int_equal(member(&c, u, 280, 460), t2);
    }
    assert_int_equal(c.r.nmembers, 9);
    case_end(&c);
}

/* Document 0 shares a window of stock text with each of five others, each
 * window 20 characters on from the last: every two neighbours overlap by
 * two thirds, so the overlap rule chains them into one cluster of six
 * documents, and no window is held whole by more than two of them.  It is
 * split into the five windows; with three windows, the largest part (two
 * documents) holds exactly half of the four, and the cluster stays (the
 * split takes less than half).  A family whose text most of its documents
 * hold stays whole with a variant window beside it, and so does a
 * paragraph whose copies were trimmed at different ends. */
static void test_chain_of_shifted_windows_is_split_but_a_family_is_not(void **state)
{
    (void)state;
    struct span_case c;
    case_start(&c, 7);
    for (uint32_t w = 0; w < 5; w++)
        add_pair(&c, 0, 20 * w, 20 * w + 60, w + 1, 100, 160);
    case_cluster(&c);
    assert_int_equal(c.r.nclusters, 5);
    for (uint32_t w = 0; w < 5; w++)
        assert_int_equal(member(&c, 0, 20 * w, 20 * w + 60), member(&c, w + 1, 100, 160));
    case_next(&c);
    for (uint32_t w = 0; w < 3; w++)
        add_pair(&c, 0, 20 * w, 20 * w + 60, w + 1, 100, 160);
    case_cluster(&c);
    assert_int_equal(c.r.nclusters, 1);
    case_next(&c);
    for (uint32_t d = 1; d < 6; d++)
        add_pair(&c, 0, 0, 60, d, 100, 160);
    add_pair(&c, 0, 20, 80, 6, 100, 160);
    case_cluster(&c);
    assert_int_equal(c.r.nclusters, 1);
    case_next(&c);
    /* a paragraph copied whole once and three times with a sentence
     * trimmed at one end or both: one family, a template (five units) */
    add_pair(&c, 0, 100, 200, 1, 100, 200);
    add_pair(&c, 0, 100, 180, 2, 300, 380);
    add_pair(&c, 0, 120, 200, 3, 300, 380);
    add_pair(&c, 0, 110, 190, 4, 300, 380);
    case_cluster(&c);
    assert_int_equal(c.r.nclusters, 1);
    assert_int_equal(c.r.clusters[0].kind, ZJ_REUSE_TEMPLATE);
    case_end(&c);
}

/* A long copy between two documents, with two stretches of it shared with
 * two others, one after the other: the documents holding the text change
 * at 160, and the stretches are long enough to be cut for (each piece
 * twice min_chars), but a piece cut there would not overlap either
 * stretch by two thirds, so it would join nothing; the copy stays whole. */
static void test_copy_is_not_cut_where_no_piece_would_join(void **state)
{
    (void)state;
    struct span_case c;
    case_start(&c, 4);
    add_pair(&c, 0, 0, 400, 1, 0, 400);
    add_pair(&c, 0, 80, 160, 2, 200, 280);
    add_pair(&c, 0, 160, 280, 3, 300, 420);
    case_cluster(&c);
    assert_int_equal(member(&c, 1, 0, 400), member(&c, 0, 0, 400));
    assert_int_equal(c.r.nclusters, 3);
    case_end(&c);
}

/* A text four documents copied whole from document 0, where one other
 * document shares only its first half and another only its second: at the
 * middle a partner leaves and one arrives, but the four stay, more than
 * half, so it is no swap point and the copies stay whole, document 0's
 * too, in one cluster (cut there, each half would join the one-partner
 * span on its side). */
static void test_copy_is_not_cut_where_most_partners_stay(void **state)
{
    (void)state;
    struct span_case c;
    case_start(&c, 7);
    for (uint32_t v = 1; v < 5; v++)
        add_pair(&c, 0, 100, 500, v, 100, 500);
    add_pair(&c, 0, 100, 300, 5, 100, 300);
    add_pair(&c, 0, 300, 500, 6, 300, 500);
    case_cluster(&c);
    long copy = member(&c, 0, 100, 500);
    for (uint32_t v = 1; v < 5; v++)
        assert_int_equal(member(&c, v, 100, 500), copy);
    assert_int_equal(c.r.nclusters, 3);
    case_end(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_run_of_w_plus_k_minus_1_is_always_found),
        cmocka_unit_test(test_capped_distance_agrees_with_full_levenshtein),
        cmocka_unit_test(test_passage_is_cut_where_both_sides_were_rewritten),
        cmocka_unit_test(test_paragraph_held_twice_is_two_passages_once_each),
        cmocka_unit_test(test_edges_grow_past_an_edit_within_their_line),
        cmocka_unit_test(test_short_sentence_of_a_reordered_paragraph_is_a_satellite),
        cmocka_unit_test(test_groups_sharing_an_a_line_each_find_their_satellite),
        cmocka_unit_test(test_reuse_text_masks_names_numbers_markers_and_title),
        cmocka_unit_test(test_compact_starts_agree_with_positions),
        cmocka_unit_test(test_name_forms_drop_suffixes_and_prefixes),
        cmocka_unit_test(test_pipeline_finds_template_cross_unit_and_self_copies),
        cmocka_unit_test(test_first_writer_of_a_later_copied_text_is_its_origin),
        cmocka_unit_test(test_unit_matrix_merges_overlaps_and_leaves_templates_and_satellites_out),
        cmocka_unit_test(test_passage_holding_two_texts_is_cut_between_their_families),
        cmocka_unit_test(test_copy_is_not_cut_where_no_piece_would_join),
        cmocka_unit_test(test_copy_is_not_cut_where_most_partners_stay),
        cmocka_unit_test(test_chain_of_shifted_windows_is_split_but_a_family_is_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

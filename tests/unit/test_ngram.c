/*
 * test_ngram.c - n-gram counting for `discover` (ngram.h) and the phrase
 * ranking (phrase.h).
 *
 * Hand-checked figures on a tiny corpus (counts, spread, first year,
 * entropies, PMI), then the level-wise pruned counting against a brute-force
 * count of every substring of every run on random texts: same set of
 * surviving n-grams, same counts, documents and units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/ngram.h"
#include "discover/phrase.h"
#include "text/utf8.h"
#include "util/buf.h"

static const struct zj_ngram *find_text(const struct zj_ngram_corpus *c, const char *s)
{
    uint16_t ids[ZJ_NGRAM_MAX];
    size_t n = 0;
    for (size_t i = 0; s[i];) {
        int32_t cp;
        i += (size_t)zj_utf8_next((const uint8_t *)s + i, &cp);
        if (cp >= 0x10000 || !c->id_of_bmp[cp]) return NULL;
        ids[n++] = c->id_of_bmp[cp];
    }
    return zj_ngram_find(c, ids, n);
}

static void add(struct zj_ngram_corpus *c, const char *s, uint32_t unit, int year)
{
    zj_ngram_add_doc(c, s, strlen(s), unit, year);
}

static void test_counts_spread_and_first_year(void **state)
{
    (void)state;
    struct zj_ngram_corpus c;
    zj_ngram_corpus_init(&c);
    add(&c, "清风护航，清风护航。", 0, 2023);
    add(&c, "开展清风护航行动", 0, 2022);
    add(&c, "清风正气", 1, 2021);
    struct zj_ngram_opts o = {.min_count = 1, .min_docs = 1, .min_units = 1, .max_chars = 6};
    zj_ngram_count(&c, &o);
    const struct zj_ngram *g = find_text(&c, "清风护航");
    assert_non_null(g);
    assert_int_equal(g->count, 3);
    assert_int_equal(g->docs, 2);
    assert_int_equal(g->units, 1);
    assert_int_equal(g->first_year, 2022);
    g = find_text(&c, "清风");
    assert_int_equal(g->count, 4);
    assert_int_equal(g->units, 2);
    assert_int_equal(g->first_year, 2021);
    assert_null(find_text(&c, "航，清")); /* never across punctuation */
    assert_int_equal(c.han_chars, 20);
    zj_ngram_corpus_release(&c);
}

static void test_entropies_count_punctuation_as_neighbours(void **state)
{
    (void)state;
    struct zj_ngram_corpus c;
    zj_ngram_corpus_init(&c);
    /* 护航: left 风 x4 (entropy 0); right ， 。 行 动 -> four symbols once each: 2 bits */
    add(&c, "清风护航，清风护航。", 0, 2023);
    add(&c, "清风护航行", 1, 2023);
    add(&c, "清风护航动", 2, 2023);
    struct zj_ngram_opts o = {.min_count = 1, .min_docs = 1, .min_units = 1, .max_chars = 4};
    zj_ngram_count(&c, &o);
    const struct zj_ngram *g = find_text(&c, "护航");
    assert_float_equal(g->left_entropy, 0.0, 1e-6);
    assert_float_equal(g->right_entropy, 2.0, 1e-6);
    /* 清风护航: left: document edge x3, ， x1 -> H(3/4, 1/4) */
    g = find_text(&c, "清风护航");
    double h = -(0.75 * log2(0.75) + 0.25 * log2(0.25));
    assert_float_equal(g->left_entropy, h, 1e-6);
    zj_ngram_corpus_release(&c);
}

static void test_pmi_is_the_weakest_split(void **state)
{
    (void)state;
    struct zj_ngram_corpus c;
    zj_ngram_corpus_init(&c);
    add(&c, "甲乙丙。甲乙丁。甲戊。丙己", 0, 2023);
    struct zj_ngram_opts o = {.min_count = 1, .min_docs = 1, .min_units = 1, .max_chars = 3};
    zj_ngram_count(&c, &o);
    /* N = 10 characters; c(甲乙丙)=1, c(甲)=3, c(乙丙)=1, c(甲乙)=2, c(丙)=2 */
    const struct zj_ngram *g = find_text(&c, "甲乙丙");
    double a = log2(1.0 * 10 / (3 * 1)), b = log2(1.0 * 10 / (2 * 2));
    assert_float_equal(g->pmi, fmin(a, b), 1e-5);
    zj_ngram_corpus_release(&c);
}

static void test_thresholds_prune_and_keep_halves(void **state)
{
    (void)state;
    struct zj_ngram_corpus c;
    zj_ngram_corpus_init(&c);
    add(&c, "一岗双责，一岗双责", 0, 2022);
    add(&c, "一岗双责", 1, 2023);
    add(&c, "双责一岗", 1, 2023);
    struct zj_ngram_opts o = {.min_count = 3, .min_docs = 2, .min_units = 2, .max_chars = 8};
    zj_ngram_count(&c, &o);
    assert_non_null(find_text(&c, "一岗双责"));
    assert_null(find_text(&c, "责一")); /* once */
    assert_null(find_text(&c, "双责一岗"));
    zj_ngram_corpus_release(&c);
}

/* ---- property: against counting every substring ----------------------- */

struct ref {
    char key[64];
    unsigned count, docs, units;
    int last_doc, last_unit_mask;
    unsigned unit_mask;
};

static struct ref *ref_find(struct ref *r, size_t *n, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(r[i].key, key)) return &r[i];
    memset(&r[*n], 0, sizeof r[*n]);
    strcpy(r[*n].key, key);
    r[*n].last_doc = -1;
    return &r[(*n)++];
}

static void test_counting_agrees_with_brute_force(void **state)
{
    (void)state;
    static const char *const alphabet[] = {"甲", "乙", "丙", "丁", "，"};
    unsigned seed = 11;
    for (int trial = 0; trial < 40; trial++) {
        struct zj_ngram_corpus c;
        zj_ngram_corpus_init(&c);
        char docs[6][200];
        unsigned units[6];
        for (int d = 0; d < 6; d++) {
            docs[d][0] = 0;
            int len = 5 + rand_r(&seed) % 25;
            for (int k = 0; k < len; k++) strcat(docs[d], alphabet[rand_r(&seed) % 5]);
            units[d] = (unsigned)(rand_r(&seed) % 3);
            add(&c, docs[d], units[d], 2020 + d % 3);
        }
        struct zj_ngram_opts o = {.min_count = 2 + (size_t)(trial % 2), .min_docs = 1 + (size_t)(trial % 3 == 0),
                                  .min_units = 1 + (size_t)(trial % 4 == 0), .max_chars = 5};
        zj_ngram_count(&c, &o);
        static struct ref refs[20000];
        size_t nref = 0;
        for (int d = 0; d < 6; d++) {
            /* runs of Han characters (3 bytes each, "，" is the separator) */
            const char *s = docs[d];
            size_t len = strlen(s);
            for (size_t i = 0; i < len; i += 3)
                for (size_t n = 1; n <= 5 && i + 3 * n <= len; n++) {
                    if (!memcmp(s + i + 3 * (n - 1), "，", 3)) break;
                    char key[64];
                    memcpy(key, s + i, 3 * n);
                    key[3 * n] = 0;
                    struct ref *r = ref_find(refs, &nref, key);
                    r->count++;
                    if (r->last_doc != d) r->docs++, r->last_doc = d;
                    r->unit_mask |= 1u << units[d];
                }
        }
        size_t want = 0;
        for (size_t i = 0; i < nref; i++) {
            unsigned u = (unsigned)__builtin_popcount(refs[i].unit_mask);
            int keep = refs[i].count >= o.min_count && refs[i].docs >= o.min_docs && u >= o.min_units;
            const struct zj_ngram *g = find_text(&c, refs[i].key);
            if (!keep) {
                assert_null(g);
                continue;
            }
            want++;
            assert_non_null(g);
            assert_int_equal(g->count, refs[i].count);
            assert_int_equal(g->docs, refs[i].docs);
            assert_int_equal(g->units, u);
        }
        size_t have = 0;
        for (size_t n = 1; n <= c.nlevels; n++) have += c.levels[n].count;
        assert_int_equal(have, want);
        zj_ngram_corpus_release(&c);
    }
}

/* ---- property: every statistic against a slow reference --------------- */

/* An occurrence of a substring of the id text, for the reference. */
struct occ {
    const uint16_t *text;
    uint32_t pos, n;
};

static int by_ids_then_pos(const void *pa, const void *pb)
{
    const struct occ *a = pa, *b = pb;
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    int d = memcmp(a->text + a->pos, b->text + b->pos, a->n * sizeof *a->text);
    if (d) return d;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static double plogp_ref(double k, double total)
{
    double p = k / total;
    return -p * log2(p);
}

/* Entropy of the symbols at pos + delta over occurrences o[0..k), summed in
 * order of first appearance, as the counting promises. */
static float entropy_ref(const struct occ *o, size_t k, long delta)
{
    uint16_t sym[512];
    unsigned cnt[512];
    size_t nsym = 0;
    for (size_t j = 0; j < k; j++) {
        uint16_t s = o[j].text[(long)o[j].pos + delta];
        size_t i = 0;
        while (i < nsym && sym[i] != s)
            i++;
        if (i == nsym) sym[nsym] = s, cnt[nsym++] = 0;
        cnt[i]++;
    }
    double h = 0;
    for (size_t i = 0; i < nsym; i++)
        h += plogp_ref(cnt[i], (double)k);
    return (float)h;
}

static int same_ngram(const uint16_t *text, uint32_t a, uint32_t b, uint32_t n)
{
    return !memcmp(text + a, text + b, n * sizeof *text);
}

/* The reference's count of text[pos .. pos + n). */
static unsigned count_ref(const struct occ *all, size_t nall, const uint16_t *text, uint32_t pos,
                          uint32_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < nall; i++)
        k += all[i].n == n && same_ngram(text, all[i].pos, pos, n);
    return k;
}

/* Checks one group of equal n-grams (o[0..k), ascending positions) against
 * the counted corpus. */
static size_t check_group(const struct zj_ngram_corpus *c, const struct zj_ngram_opts *opt,
                          const struct occ *all, size_t nall, const struct occ *o, size_t k)
{
    unsigned docs = 0, units = 0, unit_seen[16] = {0};
    int first_year = 0;
    size_t last_doc = SIZE_MAX;
    for (size_t j = 0; j < k; j++) {
        size_t d = 0;
        while (c->docs[d].end <= o[j].pos)
            d++;
        if (d != last_doc) docs++, last_doc = d;
        if (!unit_seen[c->docs[d].unit]++) units++;
        int y = c->docs[d].year;
        if (y && (!first_year || y < first_year)) first_year = y;
    }
    const struct zj_ngram *g = zj_ngram_find(c, c->text + o[0].pos, o[0].n);
    if (k < opt->min_count || docs < opt->min_docs || units < opt->min_units) {
        assert_null(g);
        return 0;
    }
    assert_non_null(g);
    assert_int_equal(g->count, k);
    assert_int_equal(g->docs, docs);
    assert_int_equal(g->units, units);
    assert_int_equal(g->first_year, first_year);
    if (o[0].n < 2) return 1;
    assert_true(g->left_entropy == entropy_ref(o, k, -1));
    assert_true(g->right_entropy == entropy_ref(o, k, (long)o[0].n));
    double best = INFINITY;
    for (uint32_t s = 1; s < o[0].n; s++) {
        double x = count_ref(all, nall, c->text, o[0].pos, s);
        double y = count_ref(all, nall, c->text, o[0].pos + s, o[0].n - s);
        double v = log2((double)k * (double)c->han_chars / (x * y));
        if (v < best) best = v;
    }
    assert_true(g->pmi == (float)best);
    return 1;
}

/* Random documents over a small alphabet (so that much recurs), units 0..3,
 * years 0 (unknown) or 2020..2022. */
static void random_corpus(struct zj_ngram_corpus *c, unsigned *seed)
{
    static const char *const alphabet[] = {"甲", "乙", "丙", "丁", "，", "。", "7"};
    zj_ngram_corpus_init(c);
    int ndocs = 3 + (int)(rand_r(seed) % 6);
    for (int d = 0; d < ndocs; d++) {
        char doc[600] = "";
        int len = 1 + (int)(rand_r(seed) % 120);
        for (int k = 0; k < len; k++)
            strcat(doc, alphabet[rand_r(seed) % (rand_r(seed) % 2 ? 4 : 7)]);
        int year = rand_r(seed) % 4 ? 2020 + (int)(rand_r(seed) % 3) : 0;
        add(c, doc, (uint32_t)(rand_r(seed) % 4), year);
    }
}

static void test_every_statistic_agrees_with_a_slow_reference(void **state)
{
    (void)state;
    unsigned seed = 7;
    static struct occ all[100000];
    for (int trial = 0; trial < 60; trial++) {
        struct zj_ngram_corpus c;
        random_corpus(&c, &seed);
        /* deep_max 1: every n-gram breadth-first; 4: a mix; 0: the default */
        static const size_t deep[] = {1, 4, 0};
        struct zj_ngram_opts o = {.min_count = 2 + (size_t)(trial % 3),
                                  .min_docs = 1 + (size_t)(trial % 4 == 0),
                                  .min_units = 1 + (size_t)(trial % 5 == 0),
                                  .max_chars = 3 + (size_t)(trial % 5),
                                  .threads = 1 + (trial / 3) % 3,
                                  .deep_max = deep[trial % 3]};
        zj_ngram_count(&c, &o);
        size_t nall = 0;
        for (uint32_t i = 0; i < c.len; i++)
            for (uint32_t n = 1;
                 n <= o.max_chars && i + n <= c.len && c.text[i + n - 1] >= ZJ_NGRAM_FIRST_CHAR;
                 n++)
                all[nall++] = (struct occ){c.text, i, n};
        qsort(all, nall, sizeof *all, by_ids_then_pos);
        size_t kept = 0;
        for (size_t i = 0, j; i < nall; i = j) {
            j = i + 1;
            while (j < nall && all[j].n == all[i].n &&
                   same_ngram(c.text, all[i].pos, all[j].pos, all[i].n))
                j++;
            kept += check_group(&c, &o, all, nall, all + i, j - i);
        }
        size_t have = 0;
        for (size_t n = 1; n <= c.nlevels; n++)
            have += c.levels[n].count;
        assert_int_equal(have, kept);
        zj_ngram_corpus_release(&c);
    }
}

/* A corpus large enough for the counting to cut its work into several
 * ranges (and, with a small deep_max, to keep n-grams breadth-first for
 * several levels): the same corpus every call. */
static void larger_corpus(struct zj_ngram_corpus *c)
{
    static const char *const alphabet[] = {"甲", "乙", "丙", "丁", "戊", "己", "，", "。"};
    unsigned seed = 3;
    zj_ngram_corpus_init(c);
    for (int d = 0; d < 40; d++) {
        static char doc[3 * 3000 + 1];
        doc[0] = 0;
        for (int k = 0; k < 3000; k++)
            strcat(doc + 3 * k, alphabet[rand_r(&seed) % (rand_r(&seed) % 3 ? 6 : 8)]);
        add(c, doc, (uint32_t)(d % 7), 2020 + d % 3);
    }
}

static void test_same_figures_for_any_threads_and_deep_max(void **state)
{
    (void)state;
    static const struct {
        int threads;
        size_t deep_max;
    } runs[] = {{1, 0}, {3, 1}, {2, 300}};
    struct zj_ngram_corpus c[3];
    for (int r = 0; r < 3; r++) {
        larger_corpus(&c[r]);
        struct zj_ngram_opts o = {.min_count = 3,
                                  .min_docs = 2,
                                  .min_units = 2,
                                  .max_chars = 9,
                                  .threads = runs[r].threads,
                                  .deep_max = runs[r].deep_max};
        zj_ngram_count(&c[r], &o);
    }
    assert_true(c[0].levels[2].count > 0 && c[0].levels[8].count > 0);
    for (int r = 1; r < 3; r++) {
        assert_int_equal(c[r].nlevels, c[0].nlevels);
        for (size_t n = 1; n <= c[0].nlevels; n++) {
            assert_int_equal(c[r].levels[n].count, c[0].levels[n].count);
            for (size_t i = 0; i < c[0].levels[n].count; i++) {
                const struct zj_ngram *a = &c[0].levels[n].items[i];
                const struct zj_ngram *b = zj_ngram_find(&c[r], c[0].text + a->pos, n);
                assert_non_null(b);
                assert_true(a->count == b->count && a->docs == b->docs && a->units == b->units);
                assert_true(a->first_year == b->first_year && a->pos == b->pos);
                assert_true(a->pmi == b->pmi && a->left_entropy == b->left_entropy);
                assert_true(a->right_entropy == b->right_entropy);
            }
        }
    }
    for (int r = 0; r < 3; r++)
        zj_ngram_corpus_release(&c[r]);
}

static void test_counts_by_year_agree_with_a_slow_reference(void **state)
{
    (void)state;
    unsigned seed = 5;
    static const int years[] = {2020, 2021, 2022};
    for (int trial = 0; trial < 30; trial++) {
        struct zj_ngram_corpus c;
        random_corpus(&c, &seed);
        struct zj_ngram_opts o = {.min_count = 2, .min_docs = 1, .min_units = 1, .max_chars = 6};
        zj_ngram_count(&c, &o);
        static struct zj_ngram_ref sel[20000];
        static uint32_t got[3 * 20000];
        size_t k = 0;
        for (size_t n = 1; n <= c.nlevels; n++)
            for (uint32_t i = 0; i < c.levels[n].count; i++)
                sel[k++] = (struct zj_ngram_ref){n, i};
        memset(got, 0, sizeof got);
        zj_ngram_count_by_year(&c, sel, k, years, 3, got);
        for (size_t i = 0; i < k; i++) {
            const struct zj_ngram *g = &c.levels[sel[i].n].items[sel[i].item];
            uint32_t want[3] = {0, 0, 0};
            for (size_t d = 0; d < c.ndocs; d++)
                for (size_t p = c.docs[d].start; p + sel[i].n <= c.docs[d].end; p++)
                    if (same_ngram(c.text, (uint32_t)p, g->pos, (uint32_t)sel[i].n) &&
                        c.docs[d].year)
                        want[c.docs[d].year - 2020]++;
            assert_memory_equal(got + 3 * i, want, sizeof want);
        }
        zj_ngram_corpus_release(&c);
    }
}

static void test_ranking_zeroes_fragments_and_drops_dictionary_terms(void **state)
{
    (void)state;
    struct zj_ngram_corpus c;
    zj_ngram_corpus_init(&c);
    const char *frames[][2] = {{"推进", "。"}, {"以", "为抓手"}, {"开展", "，"}, {"", "见效"}};
    for (int d = 0; d < 8; d++) {
        char doc[256];
        snprintf(doc, sizeof doc, "%s清风护航行动%s%s一岗双责%s", frames[d % 4][0], frames[d % 4][1],
                 frames[(d + 1) % 4][0], frames[(d + 2) % 4][1]);
        add(&c, doc, (uint32_t)d, 2023);
    }
    struct zj_ngram_opts o = {.min_count = 2, .min_docs = 2, .min_units = 1, .max_chars = 8};
    zj_ngram_count(&c, &o);
    const struct zj_ngram *frag = find_text(&c, "清风护航行");
    assert_non_null(frag);
    assert_float_equal(zj_phrase_score(frag, 5), 0.0, 1e-9); /* always followed by 动 */
    struct zj_dict *d = zj_dict_new();
    const char *src = "一岗双责\t主体责任\n";
    assert_int_equal(zj_dict_load_buffer(d, src, strlen(src), "t.tsv", NULL), 0);
    zj_dict_finish(d);
    struct zj_phrases ph;
    struct zj_phrase_opts po = {.min_chars = 2, .max_chars = 8, .keep_dict = 0, .top = 0};
    zj_phrases_rank(&ph, &c, d, &po);
    assert_true(ph.count > 0);
    assert_string_equal(ph.items[0].text, "清风护航行动");
    for (size_t i = 0; i < ph.count; i++) {
        assert_true(strcmp(ph.items[i].text, "一岗双责") && strcmp(ph.items[i].text, "岗双"));
        if (i) assert_true(ph.items[i - 1].score >= ph.items[i].score);
    }
    zj_phrases_release(&ph);
    po.keep_dict = 1;
    zj_phrases_rank(&ph, &c, d, &po);
    int term = 0, part = 0;
    for (size_t i = 0; i < ph.count; i++) {
        if (!strcmp(ph.items[i].text, "一岗双责")) term = ph.items[i].in_dict == ZJ_DICT_TERM;
        if (!strcmp(ph.items[i].text, "岗双")) part = ph.items[i].in_dict == ZJ_DICT_PART;
    }
    assert_true(term && part);
    zj_phrases_release(&ph);
    zj_dict_free(d);
    zj_ngram_corpus_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_spread_and_first_year),
        cmocka_unit_test(test_entropies_count_punctuation_as_neighbours),
        cmocka_unit_test(test_pmi_is_the_weakest_split),
        cmocka_unit_test(test_thresholds_prune_and_keep_halves),
        cmocka_unit_test(test_counting_agrees_with_brute_force),
        cmocka_unit_test(test_every_statistic_agrees_with_a_slow_reference),
        cmocka_unit_test(test_counts_by_year_agree_with_a_slow_reference),
        cmocka_unit_test(test_same_figures_for_any_threads_and_deep_max),
        cmocka_unit_test(test_ranking_zeroes_fragments_and_drops_dictionary_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

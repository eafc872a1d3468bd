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
        cmocka_unit_test(test_ranking_zeroes_fragments_and_drops_dictionary_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

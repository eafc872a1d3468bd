/*
 * test_match.c - the Aho-Corasick matcher and the leftmost-longest rule.
 *
 * Besides hand-checked cases, a property test draws random dictionaries and
 * random texts from a small alphabet (ASCII letters, CJK, full-width forms,
 * so that terms overlap and nest a lot) and requires zj_match to agree with
 * zj_match_naive, the obviously-correct reference, hit for hit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "terms/dict.h"
#include "terms/match.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/buf.h"

static struct zj_dict *dict_of(const char *tsv)
{
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    zj_error_clear(&err);
    int rc = zj_dict_load_buffer(d, tsv, strlen(tsv), "test.tsv", &err);
    if (rc) fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
    assert_int_equal(rc, 0);
    zj_dict_finish(d);
    return d;
}

/* Hits of text as "term@start-end" strings joined by spaces (normalized bytes). */
static char *hits_str(const struct zj_dict *d, const char *text, unsigned flags)
{
    struct zj_matcher m;
    struct zj_error err;
    zj_matcher_init(&m, d);
    assert_int_equal(zj_match(&m, text, strlen(text), flags, &err), 0);
    struct zj_buf b = ZJ_BUF_INIT;
    for (size_t i = 0; i < m.nhits; i++)
        zj_buf_addf(&b, "%s%.*s@%u%s", i ? " " : "", (int)(m.hits[i].end - m.hits[i].start),
                    text + m.hits[i].start, m.hits[i].start, m.hits[i].nested ? "n" : "");
    zj_matcher_release(&m);
    return zj_buf_detach(&b, NULL);
}

static void check_hits(const char *tsv, const char *text, unsigned flags, const char *want)
{
    struct zj_dict *d = dict_of(tsv);
    char *got = hits_str(d, text, flags);
    assert_string_equal(got, want);
    free(got);
    zj_dict_free(d);
}

static void test_longest_term_wins_at_a_position(void **state)
{
    (void)state;
    check_hits("廉政\tA\n廉政风险\tA\n廉政风险防控\tA\n", "加强廉政风险防控和廉政教育", 0,
               "廉政风险防控@6 廉政@27");
}

static void test_leftmost_start_beats_a_longer_later_one(void **state)
{
    (void)state;
    /* 党风廉政 starts first; 廉政建设工作 is longer but overlaps it */
    check_hits("党风廉政\tA\n廉政建设工作\tA\n", "党风廉政建设工作", 0, "党风廉政@0");
}

static void test_shorter_term_after_an_overlapping_winner(void **state)
{
    (void)state;
    /* 甲乙 wins at 0; 乙丙丁 overlaps it and is dropped; 丙丁 starts after 甲乙 ends */
    check_hits("甲乙\tA\n乙丙丁\tA\n丙丁\tA\n", "甲乙丙丁", 0, "甲乙@0 丙丁@6");
}

static void test_nested_mode_counts_terms_inside_a_hit(void **state)
{
    (void)state;
    check_hits("廉政\tA\n风险\tA\n廉政风险防控\tA\n", "廉政风险防控", ZJ_MATCH_NESTED,
               "廉政风险防控@0 廉政@0n 风险@6n");
}

static void test_ascii_terms_need_word_edges(void **state)
{
    (void)state;
    check_hits("AI\tA\n", "MAIL AI 用AI", 0, "AI@5 AI@11");
}

static void test_alias_counts_under_its_term(void **state)
{
    (void)state;
    struct zj_dict *d = dict_of("中央八项规定精神\t作风\t八项规定精神|八项规定\n");
    struct zj_matcher m;
    struct zj_error err;
    zj_matcher_init(&m, d);
    const char *t = "落实八项规定，贯彻中央八项规定精神";
    assert_int_equal(zj_match(&m, t, strlen(t), 0, &err), 0);
    assert_int_equal(m.nhits, 2);
    assert_int_equal(m.hits[0].entry, 0);
    assert_int_equal(m.hits[1].entry, 0);
    assert_int_equal(m.hits[1].end - m.hits[1].start, strlen("中央八项规定精神"));
    zj_matcher_release(&m);
    zj_dict_free(d);
}

static void test_regex_entries_compete_with_literals(void **state)
{
    (void)state;
    check_hits("两个维护\tA\nre:[一二两三四]个(维护|确立|意识)\tB\n",
               "做到两个维护，树牢四个意识，捍卫两个确立", 0,
               "两个维护@6 四个意识@27 两个确立@48");
}

static void test_regex_limit_is_an_error_not_a_hang(void **state)
{
    (void)state;
    struct zj_dict *d = dict_of("re:(a+)+[bc]\tA\n");
    struct zj_matcher m;
    struct zj_error err;
    zj_error_clear(&err);
    zj_matcher_init(&m, d);
    char text[64];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    assert_int_equal(zj_match(&m, text, strlen(text), 0, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    assert_int_equal(err.line, 1);
    zj_matcher_release(&m);
    zj_dict_free(d);
}

/* ---- property test against the naive reference ---- */

static const char *const alphabet[] = {"a", "b", "A", "B", "党", "风", "廉", "政",
                                       "建", "设", "ａ", "，", " "};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])

static void random_string(struct zj_buf *b, int maxlen, unsigned *seed)
{
    int len = 1 + rand_r(seed) % maxlen;
    for (int i = 0; i < len; i++) zj_buf_addstr(b, alphabet[rand_r(seed) % NALPHA]);
}

static struct zj_dict *random_dict(unsigned *seed)
{
    struct zj_buf tsv = ZJ_BUF_INIT;
    struct zj_dict *d = zj_dict_new();
    int n = 1 + rand_r(seed) % 12;
    for (int i = 0; i < n; i++) {
        struct zj_buf term = ZJ_BUF_INIT;
        random_string(&term, 4, seed);
        struct zj_buf line = ZJ_BUF_INIT;
        zj_buf_addf(&line, "%s\tC%d\n", term.ptr, i % 3);
        struct zj_error err;
        /* duplicates (after normalization) are rejected: just skip them */
        struct zj_dict *probe = zj_dict_new();
        int dup = zj_dict_load_buffer(probe, tsv.ptr ? tsv.ptr : "", tsv.len, "t", &err) ||
                  zj_dict_load_buffer(probe, line.ptr, line.len, "t", &err);
        zj_dict_free(probe);
        if (!dup) zj_buf_add(&tsv, line.ptr, line.len);
        zj_buf_release(&term);
        zj_buf_release(&line);
    }
    struct zj_error err;
    assert_int_equal(zj_dict_load_buffer(d, zj_buf_cstr(&tsv), tsv.len, "t", &err), 0);
    zj_dict_finish(d);
    zj_buf_release(&tsv);
    return d;
}

static int hit_order(const void *a, const void *b)
{
    const struct zj_hit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->nested != y->nested) return x->nested - y->nested;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

static void compare_with_naive(const struct zj_dict *d, const char *text, unsigned flags)
{
    struct zj_matcher m;
    struct zj_error err;
    zj_matcher_init(&m, d);
    assert_int_equal(zj_match(&m, text, strlen(text), flags, &err), 0);
    struct zj_hit *ref;
    size_t nref;
    zj_match_naive(d, text, strlen(text), flags, &ref, &nref);
    if (m.nhits) qsort(m.hits, m.nhits, sizeof *m.hits, hit_order);
    if (nref) qsort(ref, nref, sizeof *ref, hit_order);
    if (m.nhits != nref) fprintf(stderr, "text `%s`: %zu hits, reference %zu\n", text, m.nhits, nref);
    assert_int_equal(m.nhits, nref);
    for (size_t i = 0; i < nref; i++) {
        assert_int_equal(m.hits[i].start, ref[i].start);
        assert_int_equal(m.hits[i].end, ref[i].end);
        assert_int_equal(m.hits[i].entry, ref[i].entry);
        assert_int_equal(m.hits[i].nested, ref[i].nested);
    }
    free(ref);
    zj_matcher_release(&m);
}

static void test_matcher_agrees_with_naive_reference(void **state)
{
    (void)state;
    unsigned seed = 20261129;
    for (int round = 0; round < 400; round++) {
        struct zj_dict *d = random_dict(&seed);
        for (int k = 0; k < 10; k++) {
            struct zj_buf raw = ZJ_BUF_INIT;
            random_string(&raw, 60, &seed);
            struct zj_buf text = ZJ_BUF_INIT;
            zj_normalize_str(raw.ptr, raw.len, &text);
            compare_with_naive(d, zj_buf_cstr(&text), 0);
            compare_with_naive(d, zj_buf_cstr(&text), ZJ_MATCH_NESTED);
            zj_buf_release(&raw);
            zj_buf_release(&text);
        }
        zj_dict_free(d);
    }
}

static void assert_lead(const char *pattern, size_t cap, size_t want_n, const char *first,
                        const char *last)
{
    size_t n;
    char **lead = zj_regex_lead_strings(pattern, cap, &n);
    assert_non_null(lead);
    assert_int_equal(n, want_n);
    assert_string_equal(lead[0], first);
    assert_string_equal(lead[n - 1], last);
    for (size_t i = 0; i < n; i++) free(lead[i]);
    free(lead);
}

static void test_lead_strings_of_leading_plain_atoms(void **state)
{
    (void)state;
    size_t n;
    assert_lead("([二三十])[严讲]\\1\\p{Han}", 64, 6, "二严", "十讲"); /* stops at \1 */
    assert_lead("([二三十])[严讲]\\1", 4, 3, "二", "十"); /* a product over cap is not taken */
    assert_lead("[两三]个(意识|自信)", 64, 4, "两个意识", "三个自信");
    assert_lead("(建党|成立)(100|一百)周?年", 64, 4, "建党100", "成立一百");
    assert_lead("[甲乙]+丙", 64, 2, "甲", "乙"); /* one of X+, then stop */
    assert_lead("甲乙?丙", 64, 1, "甲", "甲");
    assert_null(zj_regex_lead_strings("[甲乙]?丙", 64, &n));     /* optional */
    assert_null(zj_regex_lead_strings("[甲-乙]丙", 64, &n));     /* a range */
    assert_null(zj_regex_lead_strings("[^甲]丙", 64, &n));       /* negated */
    assert_null(zj_regex_lead_strings("([甲乙]|丁)丙", 64, &n)); /* not plain alternatives */
    assert_null(zj_regex_lead_strings("(甲|)丙", 64, &n));       /* an empty alternative */
    assert_null(zj_regex_lead_strings("(?:甲)丙", 64, &n));
    assert_null(zj_regex_lead_strings("[甲乙]丙|丁", 64, &n)); /* top-level alternation */
    assert_null(zj_regex_lead_strings("\\p{Han}丙", 64, &n));
}

/* Reference for regex entries: at every character, each entry's anchored
 * match there is a candidate; then leftmost-longest, as for literals. */
static void regex_reference(const struct zj_dict *d, const char *text, size_t len,
                            struct zj_hit *out, size_t *n)
{
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    *n = 0;
    for (size_t i = 0; i < len;) {
        size_t best_end = 0;
        uint32_t best_entry = 0;
        for (size_t r = 0; r < d->nregex; r++) {
            const struct zj_entry *e = &d->entries[d->regex_entries[r]];
            if (pcre2_match(e->re, (PCRE2_SPTR)text, len, i, PCRE2_ANCHORED, md, NULL) < 0) continue;
            size_t end = pcre2_get_ovector_pointer(md)[1];
            if (end > i && end > best_end) best_end = end, best_entry = d->regex_entries[r];
        }
        if (best_end) {
            out[(*n)++] = (struct zj_hit){(uint32_t)i, (uint32_t)best_end, best_entry, 0, 1};
            i = best_end;
        } else {
            i += (size_t)zj_utf8_len((uint8_t)text[i]);
        }
    }
    pcre2_match_data_free(md);
}

static void test_regex_prefilter_agrees_with_scanning_every_position(void **state)
{
    (void)state;
    /* literal anchors after a class (个), after a group with alternatives (届) or
     * optional and repeated parts (问); lead strings: of a class and a group
     * ([二三十][严讲问]), of groups of alternatives ((建党|成立)(十|一百)),
     * of a class and literals ([两三]个(意识|自信)), of a repeated class */
    struct zj_dict *d = dict_of("re:[两三]个(意识|自信)\t甲\n"
                                "re:([二三十])[严讲问]\\1\\p{Han}\t乙\n"
                                "re:查\\p{Han}{0,2}点\t丙\n"
                                "re:第[一二]种\t丁\n"
                                "re:(十[一二]|二十)届\t戊\n"
                                "re:(第[一二]?)?严{1,2}问\t己\n"
                                "re:(建党|成立)(十|一百)周?年\t庚\n"
                                "re:[两三]+个[严问]{1,2}\t辛\n");
    static const char *const pieces[] = {"二",   "三", "十", "严",   "讲",   "个",   "两", "意识",
                                         "自信", "查", "点", "第",   "一",   "种",   "，", "实",
                                         "a",    "届", "问", "建党", "成立", "一百", "周", "年"};
    unsigned seed = 77;
    for (int round = 0; round < 3000; round++) {
        struct zj_buf text = ZJ_BUF_INIT;
        for (int k = rand_r(&seed) % 30; k > 0; k--)
            zj_buf_addstr(&text, pieces[rand_r(&seed) % 24]);
        const char *t = zj_buf_cstr(&text);
        struct zj_hit ref[64];
        size_t nref;
        regex_reference(d, t, text.len, ref, &nref);
        struct zj_matcher m;
        struct zj_error err;
        zj_matcher_init(&m, d);
        assert_int_equal(zj_match(&m, t, text.len, 0, &err), 0);
        assert_int_equal(m.nhits, nref);
        for (size_t i = 0; i < nref; i++) {
            assert_int_equal(m.hits[i].start, ref[i].start);
            assert_int_equal(m.hits[i].end, ref[i].end);
            assert_int_equal(m.hits[i].entry, ref[i].entry);
        }
        zj_matcher_release(&m);
        zj_buf_release(&text);
    }
    zj_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_term_wins_at_a_position),
        cmocka_unit_test(test_leftmost_start_beats_a_longer_later_one),
        cmocka_unit_test(test_shorter_term_after_an_overlapping_winner),
        cmocka_unit_test(test_nested_mode_counts_terms_inside_a_hit),
        cmocka_unit_test(test_ascii_terms_need_word_edges),
        cmocka_unit_test(test_alias_counts_under_its_term),
        cmocka_unit_test(test_regex_entries_compete_with_literals),
        cmocka_unit_test(test_regex_limit_is_an_error_not_a_hang),
        cmocka_unit_test(test_matcher_agrees_with_naive_reference),
        cmocka_unit_test(test_lead_strings_of_leading_plain_atoms),
        cmocka_unit_test(test_regex_prefilter_agrees_with_scanning_every_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

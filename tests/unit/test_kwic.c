/*
 * test_kwic.c - concordance lines (kwic.h): code-point index, context cut
 * at the document's edges, the concordancer's left-context order (checked
 * against a slow reversal on random strings), and terminal widths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "terms/kwic.h"
#include "text/utf8.h"
#include "util/buf.h"

static void context(const char *text, size_t cs, size_t ce, size_t width, char *l, char *m,
                    char *r)
{
    struct zj_cpindex ix;
    zj_cpindex_init(&ix, text, strlen(text));
    struct zj_buf left = {0}, match = {0}, right = {0};
    zj_kwic_context(text, &ix, cs, ce, width, &left, &match, &right);
    strcpy(l, zj_buf_cstr(&left)); /* test code: buffers sized by the caller */
    strcpy(m, zj_buf_cstr(&match));
    strcpy(r, zj_buf_cstr(&right));
    zj_buf_release(&left), zj_buf_release(&match), zj_buf_release(&right);
    zj_cpindex_release(&ix);
}

static void test_cpindex_gives_byte_offsets_and_lines(void **state)
{
    (void)state;
    const char *t = "党风a\n廉政";
    struct zj_cpindex ix;
    zj_cpindex_init(&ix, t, strlen(t));
    assert_int_equal(ix.count, 6);
    uint32_t off[] = {0, 3, 6, 7, 8, 11, 14};
    uint32_t line[] = {1, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i <= 6; i++) {
        assert_int_equal(zj_cpindex_byte(&ix, (size_t)i), off[i]);
        assert_int_equal(zj_cpindex_line(&ix, (size_t)i), line[i]);
    }
    assert_int_equal(zj_cpindex_byte(&ix, 99), 14); /* past the end: the end */
    zj_cpindex_release(&ix);
    /* longer than several samples: every code point against a walk from the start */
    struct zj_buf b = ZJ_BUF_INIT;
    unsigned seed = 7;
    static const char *const pieces[] = {"党", "a", "\n", "é", "𠀀", "，"};
    for (int k = 0; k < 1000; k++)
        zj_buf_addstr(&b, pieces[rand_r(&seed) % 6]);
    zj_cpindex_init(&ix, b.ptr, b.len);
    size_t at = 0, ln = 1, cp = 0;
    for (; at < b.len; cp++) {
        assert_int_equal(zj_cpindex_byte(&ix, cp), at);
        assert_int_equal(zj_cpindex_line(&ix, cp), ln);
        ln += b.ptr[at] == '\n';
        at += (size_t)zj_utf8_len((uint8_t)b.ptr[at]);
    }
    assert_int_equal(ix.count, cp);
    assert_int_equal(zj_cpindex_byte(&ix, cp), b.len);
    assert_int_equal(zj_cpindex_line(&ix, cp), ln);
    zj_cpindex_release(&ix);
    zj_buf_release(&b);
}

static void test_context_is_cut_at_document_edges(void **state)
{
    (void)state;
    char l[256], m[256], r[256];
    context("一二三四五六七", 1, 3, 5, l, m, r);
    assert_string_equal(l, "一");
    assert_string_equal(m, "二三");
    assert_string_equal(r, "四五六七");
    context("一二三四五六七", 3, 4, 2, l, m, r);
    assert_string_equal(l, "二三");
    assert_string_equal(m, "四");
    assert_string_equal(r, "五六");
    context("一二", 0, 2, 0, l, m, r);
    assert_string_equal(l, "");
    assert_string_equal(m, "一二");
    assert_string_equal(r, "");
}

static void test_context_shows_line_breaks_and_flattens_tabs(void **state)
{
    (void)state;
    char l[256], m[256], r[256];
    context("标题\n正文\t甲\r乙", 3, 5, 3, l, m, r);
    assert_string_equal(l, "标题\xe2\x8f\x8e");
    assert_string_equal(m, "正文");
    assert_string_equal(r, " 甲 ");
}

static void test_span_maps_normalized_bytes_to_code_points(void **state)
{
    (void)state;
    /* normalized "AB廉" from decoded "Ａ Ｂ廉": A<-0, B<-2, 廉<-3 (3 bytes) */
    uint32_t map[] = {0, 2, 3, 3, 3};
    size_t cs, ce;
    zj_kwic_span(map, 1, 5, &cs, &ce);
    assert_int_equal(cs, 2);
    assert_int_equal(ce, 4);
}

static void test_left_order_reads_outwards_from_the_hit(void **state)
{
    (void)state;
    /* nearest character first: ...乙 (U+4E59) before ...甲 (U+7532), whatever comes earlier */
    assert_true(zj_kwic_cmp_left("乙乙甲", 9, "甲甲乙", 9) > 0);
    assert_true(zj_kwic_cmp_left("甲", 3, "乙甲", 6) < 0); /* runs out first */
    assert_int_equal(zj_kwic_cmp_left("ab", 2, "ab", 2), 0);
    assert_true(zj_kwic_cmp_left("", 0, "a", 1) < 0);
}

/* The slow reference: reverse both code-point sequences, compare them. */
static int ref_cmp_left(const char *a, const char *b)
{
    int32_t ca[64], cb[64];
    size_t na = 0, nb = 0;
    for (size_t i = 0; a[i];) i += (size_t)zj_utf8_next((const uint8_t *)a + i, &ca[na++]);
    for (size_t i = 0; b[i];) i += (size_t)zj_utf8_next((const uint8_t *)b + i, &cb[nb++]);
    for (size_t k = 0; k < na && k < nb; k++)
        if (ca[na - 1 - k] != cb[nb - 1 - k]) return ca[na - 1 - k] < cb[nb - 1 - k] ? -1 : 1;
    return na < nb ? -1 : na > nb ? 1 : 0;
}

static void random_text(char *out, unsigned *seed)
{
    static const char *const pieces[] = {"a", "b", "é", "廉", "政", "😀", "，"};
    size_t n = (size_t)(rand_r(seed) % 8);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) strcat(out, pieces[rand_r(seed) % 7]);
}

static void test_left_order_agrees_with_reversal_on_random_strings(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int t = 0; t < 20000; t++) {
        char a[64], b[64];
        random_text(a, &seed);
        random_text(b, &seed);
        int want = ref_cmp_left(a, b), got = zj_kwic_cmp_left(a, strlen(a), b, strlen(b));
        assert_int_equal((got > 0) - (got < 0), want);
    }
}

static void test_right_order_is_code_point_order_with_prefix_first(void **state)
{
    (void)state;
    assert_true(zj_kwic_cmp_right("甲", 3, "甲乙", 6) < 0);
    assert_true(zj_kwic_cmp_right("z", 1, "é", 2) < 0);
    assert_int_equal(zj_kwic_cmp_right("廉政", 6, "廉政", 6), 0);
}

static void test_display_width_counts_cjk_as_two_columns(void **state)
{
    (void)state;
    assert_int_equal(zj_display_width("abc", 3), 3);
    assert_int_equal(zj_display_width("党风", 6), 4);
    assert_int_equal(zj_display_width("，1", 4), 3); /* full-width comma */
    assert_int_equal(zj_display_width("e\xcc\x81", 3), 1); /* combining acute */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpindex_gives_byte_offsets_and_lines),
        cmocka_unit_test(test_context_is_cut_at_document_edges),
        cmocka_unit_test(test_context_shows_line_breaks_and_flattens_tabs),
        cmocka_unit_test(test_span_maps_normalized_bytes_to_code_points),
        cmocka_unit_test(test_left_order_reads_outwards_from_the_hit),
        cmocka_unit_test(test_left_order_agrees_with_reversal_on_random_strings),
        cmocka_unit_test(test_right_order_is_code_point_order_with_prefix_first),
        cmocka_unit_test(test_display_width_counts_cjk_as_two_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

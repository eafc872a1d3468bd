/*
 * test_docx.c - the .docx reader (docx.h) and Word's list numbering
 * (docx_num.h).
 *
 * Number formats are checked value by value at their edges (十 / 十一 / 一〇一,
 * 甲..癸 then decimal); list counters through a model built by hand, one
 * behaviour per test; whole documents through the fixtures of tests/docx/
 * (written by tests/docx/make_fixtures.py), each against its text twin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/walk.h"
#include "text/docx.h"
#include "text/docx_num.h"
#include "util/buf.h"
#include "util/error.h"

static void assert_format(const char *fmt, long v, const char *want)
{
    struct zj_buf b = ZJ_BUF_INIT;
    zj_numfmt_format(zj_numfmt_parse(fmt), v, &b);
    if (strcmp(zj_buf_cstr(&b), want))
        fail_msg("%s %ld: got `%s`, want `%s`", fmt, v, zj_buf_cstr(&b), want);
    zj_buf_release(&b);
}

static void test_chinese_counting_uses_shi_below_100_and_digits_above(void **state)
{
    (void)state;
    assert_format("chineseCounting", 1, "一");
    assert_format("chineseCounting", 10, "十");
    assert_format("chineseCounting", 11, "十一");
    assert_format("chineseCounting", 20, "二十");
    assert_format("chineseCounting", 99, "九十九");
    assert_format("chineseCounting", 100, "一〇〇");
    assert_format("chineseCounting", 101, "一〇一");
}

static void test_chinese_counting_thousand_uses_place_units_and_one_zero_per_gap(void **state)
{
    (void)state;
    assert_format("chineseCountingThousand", 10, "十");
    assert_format("chineseCountingThousand", 19, "十九");
    assert_format("chineseCountingThousand", 101, "一百〇一");
    assert_format("chineseCountingThousand", 110, "一百一十");
    assert_format("chineseCountingThousand", 1000, "一千");
    assert_format("chineseCountingThousand", 1001, "一千〇一");
    assert_format("chineseCountingThousand", 1010, "一千〇一十");
    assert_format("chineseCountingThousand", 2345, "二千三百四十五");
    assert_format("chineseLegalSimplified", 11, "壹拾壹");
    assert_format("chineseLegalSimplified", 205, "贰佰零伍");
    assert_format("ideographDigital", 2024, "二〇二四");
}

static void test_closed_symbol_sets_continue_in_decimal(void **state)
{
    (void)state;
    assert_format("ideographTraditional", 1, "甲");
    assert_format("ideographTraditional", 10, "癸");
    assert_format("ideographTraditional", 11, "11");
    assert_format("ideographZodiac", 12, "亥");
    assert_format("ideographZodiac", 13, "13");
    assert_format("decimalEnclosedCircle", 1, "①");
    assert_format("decimalEnclosedCircleChinese", 20, "⑳");
    assert_format("decimalEnclosedCircle", 21, "21");
    assert_format("decimalEnclosedParen", 2, "⑵");
    assert_format("decimalEnclosedFullstop", 3, "⒊");
}

static void test_latin_and_other_formats(void **state)
{
    (void)state;
    assert_format("decimal", 42, "42");
    assert_format("decimalFullWidth", 12, "１２");
    assert_format("decimalZero", 7, "07");
    assert_format("upperRoman", 1994, "MCMXCIV");
    assert_format("lowerRoman", 4, "iv");
    assert_format("upperLetter", 27, "AA");
    assert_format("lowerLetter", 2, "b");
    assert_format("none", 3, "");
    assert_format("someFutureFormat", 5, "5");
}

/* ---- counters ---- */

static void set_level(struct zj_numlvl *l, const char *fmt, const char *text)
{
    l->defined = 1;
    l->start = 1;
    l->fmt = zj_numfmt_parse(fmt);
    l->text = strdup(text);
    l->restart = -1;
    l->suff = ZJ_SUFF_NOTHING;
}

/* Abstract list 0: 一、 / （一） / 1. ; w:num 1 uses it. */
static void three_levels(struct zj_numbering *nb)
{
    struct zj_abstract_num *a = zj_numbering_add_abstract(nb, 0);
    set_level(&a->lvl[0], "chineseCounting", "%1、");
    set_level(&a->lvl[1], "chineseCountingThousand", "（%2）");
    set_level(&a->lvl[2], "decimal", "%3.");
    zj_numbering_add_num(nb, 1)->abstract_id = 0;
}

/* Labels of a run of paragraphs (num id, level), joined by spaces. */
static void assert_labels(struct zj_numbering *nb, const long (*paras)[2], size_t n,
                          const char *want)
{
    struct zj_buf b = ZJ_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        struct zj_para_num p = {NULL, paras[i][0], (int)paras[i][1]};
        if (i) zj_buf_addch(&b, ' ');
        zj_numbering_label(nb, &p, &b);
    }
    assert_string_equal(zj_buf_cstr(&b), want);
    zj_buf_release(&b);
}

static void test_deeper_levels_restart_when_a_shallower_one_is_used(void **state)
{
    (void)state;
    struct zj_numbering nb = {0};
    three_levels(&nb);
    static const long paras[][2] = {{1, 0}, {1, 1}, {1, 2}, {1, 2}, {1, 1}, {1, 2}, {1, 0}, {1, 1}};
    assert_labels(&nb, paras, 8, "一、 （一） 1. 2. （二） 1. 二、 （一）");
    zj_numbering_release(&nb);
}

static void test_lvl_restart_zero_keeps_counting_across_parents(void **state)
{
    (void)state;
    struct zj_numbering nb = {0};
    three_levels(&nb);
    nb.abs[0].lvl[2].restart = 0;
    static const long paras[][2] = {{1, 1}, {1, 2}, {1, 2}, {1, 1}, {1, 2}};
    assert_labels(&nb, paras, 5, "（一） 1. 2. （二） 3.");
    zj_numbering_release(&nb);
}

static void test_start_override_restarts_and_a_plain_instance_continues(void **state)
{
    (void)state;
    struct zj_numbering nb = {0};
    three_levels(&nb);
    zj_numbering_add_num(&nb, 2)->abstract_id = 0; /* continues list 1 */
    struct zj_num *again = zj_numbering_add_num(&nb, 3);
    again->abstract_id = 0;
    again->has_start[0] = 1;
    again->start_override[0] = 1;
    static const long paras[][2] = {{1, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 0}, {0, 0}};
    assert_labels(&nb, paras, 6, "一、 二、 三、 一、 二、 ");
    zj_numbering_release(&nb);
}

static void test_pattern_shows_parent_levels_and_is_lgl_makes_them_decimal(void **state)
{
    (void)state;
    struct zj_numbering nb = {0};
    three_levels(&nb);
    free(nb.abs[0].lvl[1].text);
    nb.abs[0].lvl[1].text = strdup("%1.%2");
    nb.abs[0].lvl[1].suff = ZJ_SUFF_TAB;
    static const long paras[][2] = {{1, 0}, {1, 1}, {1, 1}};
    assert_labels(&nb, paras, 3, "一、 一.一\t 一.二\t");
    nb.abs[0].lvl[1].legal = 1;
    static const long more[][2] = {{1, 1}};
    assert_labels(&nb, more, 1, "1.3\t");
    zj_numbering_release(&nb);
}

static void test_heading_style_finds_its_level_by_the_lists_pstyle(void **state)
{
    (void)state;
    struct zj_numbering nb = {0};
    three_levels(&nb);
    nb.abs[0].lvl[0].pstyle = strdup("Heading1");
    nb.abs[0].lvl[1].pstyle = strdup("Heading2");
    zj_numbering_add_style(&nb, "Heading1")->num_id = 1;
    zj_numbering_add_style(&nb, "Heading2")->based_on = strdup("Heading1");
    struct zj_buf b = ZJ_BUF_INIT;
    const char *styles[] = {"Heading1", "Heading2", "Heading2", "Heading1"};
    for (size_t i = 0; i < 4; i++) {
        struct zj_para_num p = {styles[i], -1, -1};
        zj_numbering_label(&nb, &p, &b);
    }
    struct zj_para_num off = {"Heading1", 0, -1}; /* numId 0: numbering switched off */
    zj_numbering_label(&nb, &off, &b);
    assert_string_equal(zj_buf_cstr(&b), "一、（一）（二）二、");
    zj_buf_release(&b);
    zj_numbering_release(&nb);
}

/* ---- whole documents ---- */

static void read_fixture(const char *name, unsigned char **data, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/docx/%s", ZJ_SOURCE_DIR, name);
    struct zj_error err;
    assert_int_equal(zj_read_file(path, data, len, &err), ZJ_OK);
}

static void assert_docx_equals_twin(const char *docx, const char *twin)
{
    unsigned char *d, *t;
    size_t dn, tn;
    read_fixture(docx, &d, &dn);
    read_fixture(twin, &t, &tn);
    struct zj_buf out = ZJ_BUF_INIT;
    struct zj_docprops props = {0};
    struct zj_error err;
    assert_int_equal(zj_docx_read(d, dn, docx, &out, &props, &err), ZJ_OK);
    assert_string_equal(zj_buf_cstr(&out), (const char *)t);
    zj_buf_release(&out);
    zj_docprops_release(&props);
    free(d), free(t);
}

static void test_fixtures_read_as_their_text_twins(void **state)
{
    (void)state;
    assert_docx_equals_twin("numbered.docx", "numbered.txt");
    assert_docx_equals_twin("typed.docx", "numbered.txt");
    assert_docx_equals_twin("styled.docx", "styled.txt");
    assert_docx_equals_twin("restart.docx", "restart.txt");
    assert_docx_equals_twin("revised.docx", "revised.txt");
}

static void test_core_properties_are_read(void **state)
{
    (void)state;
    unsigned char *d;
    size_t n;
    read_fixture("numbered.docx", &d, &n);
    struct zj_buf out = ZJ_BUF_INIT;
    struct zj_docprops p = {0};
    struct zj_error err;
    assert_int_equal(zj_docx_read(d, n, "numbered.docx", &out, &p, &err), ZJ_OK);
    assert_string_equal(p.title, "2023年党风廉政建设工作总结");
    assert_string_equal(p.creator, "审计局办公室");
    assert_string_equal(p.created, "2024-01-08T02:00:00Z");
    assert_string_equal(p.modified, "2024-01-10T08:30:00Z");
    zj_buf_release(&out);
    zj_docprops_release(&p);
    free(d);
}

static void assert_refused(const char *name, const char *says)
{
    unsigned char *d;
    size_t n;
    read_fixture(name, &d, &n);
    struct zj_buf out = ZJ_BUF_INIT;
    struct zj_error err;
    assert_int_equal(zj_docx_read(d, n, name, &out, NULL, &err), ZJ_ERR);
    assert_string_equal(err.file, name);
    if (!strstr(err.msg, says)) fail_msg("%s: `%s` does not say `%s`", name, err.msg, says);
    zj_buf_release(&out);
    free(d);
}

static void test_broken_files_are_refused_with_what_to_do(void **state)
{
    (void)state;
    assert_refused("bad-truncated.docx", "truncated");
    assert_refused("bad-old-word.docx", "soffice --headless --convert-to docx");
    assert_refused("bad-password.docx", "remove the password");
    assert_refused("bad-encrypted-entry.docx", "encrypted");
    assert_refused("bad-bomb.docx", "larger than 64 MiB");
    assert_refused("bad-bomb-lying.docx", "larger than 64 MiB");
    assert_refused("bad-entities.docx", "DOCTYPE");
    assert_refused("bad-xml.docx", "word/document.xml:2");
    assert_refused("bad-no-document.docx", "without word/document.xml");
}

static void test_detection_by_name_or_by_zip_contents(void **state)
{
    (void)state;
    static const uint8_t zip_doc[] = "PK\x03\x04....word/document.xml";
    static const uint8_t zip_other[] = "PK\x03\x04....xl/workbook.xml";
    assert_true(zj_docx_detect("a/B.DOCX", (const uint8_t *)"", 0));
    assert_true(zj_docx_detect("renamed.txt", zip_doc, sizeof zip_doc - 1));
    assert_false(zj_docx_detect("book.txt", zip_other, sizeof zip_other - 1));
    assert_false(zj_docx_detect("summary.txt", (const uint8_t *)"word/document.xml", 17));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinese_counting_uses_shi_below_100_and_digits_above),
        cmocka_unit_test(test_chinese_counting_thousand_uses_place_units_and_one_zero_per_gap),
        cmocka_unit_test(test_closed_symbol_sets_continue_in_decimal),
        cmocka_unit_test(test_latin_and_other_formats),
        cmocka_unit_test(test_deeper_levels_restart_when_a_shallower_one_is_used),
        cmocka_unit_test(test_lvl_restart_zero_keeps_counting_across_parents),
        cmocka_unit_test(test_start_override_restarts_and_a_plain_instance_continues),
        cmocka_unit_test(test_pattern_shows_parent_levels_and_is_lgl_makes_them_decimal),
        cmocka_unit_test(test_heading_style_finds_its_level_by_the_lists_pstyle),
        cmocka_unit_test(test_fixtures_read_as_their_text_twins),
        cmocka_unit_test(test_core_properties_are_read),
        cmocka_unit_test(test_broken_files_are_refused_with_what_to_do),
        cmocka_unit_test(test_detection_by_name_or_by_zip_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

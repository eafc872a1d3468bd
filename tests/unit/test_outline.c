/*
 * test_outline.c - the heading recognizer, the outline tree and section types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/outline.h"
#include "doc/sectypes.h"
#include "stats/coverage.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/buf.h"

static void parse(const char *text, size_t title_line, struct zj_outline *o)
{
    zj_outline_parse(text, strlen(text), title_line, o);
}

/* "path|title" of every heading, joined by spaces. */
static char *headings(const char *text)
{
    struct zj_outline o;
    parse(text, 0, &o);
    struct zj_buf b = ZJ_BUF_INIT;
    for (size_t k = 0; k < o.count; k++)
        if (o.nodes[k].kind == ZJ_SEC_HEADING)
            zj_buf_addf(&b, "%s%s|%s", b.len ? " " : "", o.nodes[k].path, o.nodes[k].title);
    zj_outline_release(&o);
    return zj_buf_detach(&b, NULL);
}

static void check(const char *text, const char *want)
{
    char *got = headings(text);
    assert_string_equal(got, want);
    free(got);
}

static void test_each_marker_kind_is_a_heading(void **state)
{
    (void)state;
    check("第一部分 总体情况\n一、主要工作\n（一）组织领导\n1.压实责任\n（1）签订责任书\n①逐级签订\n",
          "1|总体情况 1.1|主要工作 1.1.1|组织领导 1.1.1.1|压实责任 1.1.1.1.1|签订责任书 "
          "1.1.1.1.1.1|逐级签订");
}

static void test_half_and_full_width_variants(void **state)
{
    (void)state;
    check("(一)甲\n１．乙\n1、丙\n(2)丁\n", "1|甲 1.1|乙 1.2|丙 1.2.1|丁");
}

static void test_numbers_in_running_text_are_not_headings(void **state)
{
    (void)state;
    check("一、工作\n3.5亿元资金到位。\n1.2万人次参加。\n2022年共检查12次。\n12月28日召开会议。\n"
          "第一季度完成排查。\n一是压实责任。\n",
          "1|工作");
}

static void test_title_ends_at_full_stop_or_colon_with_body(void **state)
{
    (void)state;
    check("1.加强组织领导，统筹党风廉政建设。坚持以…\n2.健全体系：明确分工。\n三、存在的问题：\n",
          "1|加强组织领导，统筹党风廉政建设 2|健全体系 3|存在的问题");
}

static void test_skipped_level_nests_by_what_is_found(void **state)
{
    (void)state;
    check("一、工作\n1.甲\n2.乙\n二、问题\n（一）丙\n", "1|工作 1.1|甲 1.2|乙 2|问题 2.1|丙");
}

static void test_heading_split_over_two_lines_is_joined(void **state)
{
    (void)state;
    check("（二）坚持以人民为中心，深入整治群众\n身边不正之风和腐败问题\n1.规范招生。\n",
          "1|坚持以人民为中心，深入整治群众身边不正之风和腐败问题 1.1|规范招生");
    /* a heading followed by a sentence is not split */
    check("一、主要工作\n今年以来，我局坚持全面从严治党。\n", "1|主要工作");
}

static void test_special_nodes_title_preamble_signoff(void **state)
{
    (void)state;
    struct zj_outline o;
    parse("\n某局2022年工作总结\n\n今年以来，我局……\n一、工作\n内容。\n\n某局党组\n2022年12月28日\n", 2, &o);
    assert_int_equal(o.count, 4);
    assert_int_equal(o.nodes[0].kind, ZJ_SEC_TITLE);
    assert_int_equal(o.nodes[0].start, 0);
    assert_int_equal(o.nodes[1].kind, ZJ_SEC_PREAMBLE);
    assert_int_equal(o.nodes[1].line, 4);
    assert_int_equal(o.nodes[2].kind, ZJ_SEC_HEADING);
    assert_int_equal(o.nodes[3].kind, ZJ_SEC_SIGNOFF);
    assert_int_equal(o.nodes[3].line, 8);
    assert_int_equal(o.nodes[3].end, o.codepoints);
    zj_outline_release(&o);
}

/* zj_outline_signoff (reuse reads only the last lines) against the sign-off
 * node of the whole parse, on random documents made of the lines that
 * decide it: sentences, headings, short lines, blank lines, dates. */
static void test_signoff_alone_agrees_with_the_parse(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "某局2022年工作总结",
        "今年以来，我局坚持全面从严治党。",
        "一、工作",
        "内容。",
        "",
        "  ",
        "某局党组",
        "中共某市财政局委员会",
        "2022年12月28日",
        "二〇二二年十二月二十八日",
        "（一）加强监督",
        "2023年1月5日",
        "联系人：张三",
        "一个很长的单位名称行没有句号但超过了四十个字符的上限所以不算单位行再多写几个字",
        "1.落实责任"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 17;
    for (int round = 0; round < 3000; round++) {
        struct zj_buf b = ZJ_BUF_INIT;
        size_t nlines = 1 + (size_t)rand_r(&seed) % 7;
        for (size_t l = 0; l < nlines; l++) {
            zj_buf_addstr(&b, pieces[(size_t)rand_r(&seed) % npieces]);
            if (l + 1 < nlines || rand_r(&seed) % 2) zj_buf_addstr(&b, "\n");
        }
        size_t title_line = (size_t)rand_r(&seed) % (nlines + 1);
        struct zj_outline o;
        zj_outline_parse(b.ptr, b.len, title_line, &o);
        size_t want = b.len;
        for (size_t k = 0; k < o.count; k++)
            if (o.nodes[k].kind == ZJ_SEC_SIGNOFF) {
                want = 0; /* its first line: blank lines before it may join its span */
                for (size_t l = 1; l < o.nodes[k].line; l++)
                    want = (size_t)(strchr(b.ptr + want, '\n') - b.ptr) + 1;
            }
        size_t got = zj_outline_signoff(b.ptr, b.len, title_line);
        if (got != want) fprintf(stderr, "title %zu text [%s]\n", title_line, b.ptr);
        assert_int_equal(got, want);
        zj_outline_release(&o);
        zj_buf_release(&b);
    }
}

static void test_inline_enumeration_items_are_counted(void **state)
{
    (void)state;
    struct zj_outline o;
    parse("一、工作\n主要做法：一是压实责任；二是强化监督；三是严格考核。这是关键。\n四是另起一行。\n", 0, &o);
    assert_int_equal(o.count, 1);
    assert_int_equal(o.nodes[0].items, 4); /* 一是 at a line start counts too */
    zj_outline_release(&o);
}

/* 1 to max pieces drawn at random, appended to b. */
static void random_mixture(struct zj_buf *b, const char *const *pieces, size_t npieces, size_t max,
                           unsigned *seed)
{
    size_t n = 1 + (size_t)rand_r(seed) % max;
    for (size_t k = 0; k < n; k++)
        zj_buf_addstr(b, pieces[(size_t)rand_r(seed) % npieces]);
}

/* The items counted the way they were until session 9, by a regex, on
 * [b0, b1) of text: the reference for zj_outline_count_items. */
static int items_by_regex(const pcre2_code *re, const char *text, size_t b0, size_t b1)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int n = 0;
    for (size_t off = b0; off < b1;) {
        if (pcre2_match(re, (PCRE2_SPTR)text, b1, off, 0, md, NULL) < 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        n++;
        off = ov[1] > off ? ov[1] : off + 1;
    }
    pcre2_match_data_free(md);
    return n;
}

/* Property: on random text made of what the rule looks at (numerals, 是,
 * the clause punctuation, spaces, line ends, other characters), from random
 * character boundaries, the count agrees with the regex. */
static void test_item_count_agrees_with_the_regex(void **state)
{
    (void)state;
    /* clang-format off */
    static const char *const pieces[] = {
        "一", "二", "十", "是", "，", "；", "。", "：", "、", ",", ";", ":", " ", "\t", "\n", "\r",
        "\u3000", "做", "a", "1", "！", "四是", "，一是", "\n二是"};
    /* clang-format on */
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    int code;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile(
        (PCRE2_SPTR) "(?m)(?:^|[，；。：,;:、])[\\s\\x{3000}]*[一二三四五六七八九十]+是",
        PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &erroff, NULL);
    assert_non_null(re);
    unsigned seed = 9;
    size_t counted = 0;
    for (int round = 0; round < 20000; round++) {
        struct zj_buf b = ZJ_BUF_INIT;
        random_mixture(&b, pieces, npieces, 16, &seed);
        size_t b0 = (size_t)rand_r(&seed) % (b.len + 1), b1 = (size_t)rand_r(&seed) % (b.len + 1);
        while (b0 > 0 && ((uint8_t)b.ptr[b0] & 0xC0) == 0x80)
            b0--;
        while (b1 > 0 && b1 < b.len && ((uint8_t)b.ptr[b1] & 0xC0) == 0x80)
            b1--;
        if (b0 > b1) {
            size_t t = b0;
            b0 = b1, b1 = t;
        }
        int want = items_by_regex(re, b.ptr, b0, b1), got = zj_outline_count_items(b.ptr, b0, b1);
        if (got != want)
            fprintf(stderr, "[%zu, %zu) of [%s]: %d, want %d\n", b0, b1, b.ptr, got, want);
        assert_int_equal(got, want);
        counted += (size_t)want;
        zj_buf_release(&b);
    }
    assert_true(counted > 2000); /* the mixture does make items */
    pcre2_code_free(re);
}

/* Property: coverage's text characters per node, counted a section at a
 * time with ideographs taken by their lead byte, agree with decoding every
 * character of the node's own span; and they add up to the normalizer's
 * count for the document. */
static void test_coverage_counts_text_characters_of_each_span(void **state)
{
    (void)state;
    /* clang-format off */
    static const char *const pieces[] = {
        "一、总体情况\n", "（二）强化监督\n", "3.落实责任\n", "党风廉政建设", "，", "。", "\n",
        "Ａ１", "abc 12", "㐀", "䷀", "一", "鿿", "㈠", "é", "😀", "𠀀", "\u3000", "ꀀ"};
    /* clang-format on */
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 5;
    for (int round = 0; round < 3000; round++) {
        struct zj_buf b = ZJ_BUF_INIT;
        random_mixture(&b, pieces, npieces, 30, &seed);
        struct zj_outline o;
        zj_outline_parse(b.ptr, b.len, 0, &o);
        struct zj_coverage cv;
        zj_coverage_init(&cv, &o, b.ptr, b.len, 1);
        size_t cp = 0, node = 0, total = 0;
        size_t *want = calloc(o.count + 1, sizeof *want);
        for (size_t i = 0; i < b.len; cp++) {
            int32_t c;
            i += (size_t)zj_utf8_next((const uint8_t *)b.ptr + i, &c);
            while (node + 1 < o.count && o.nodes[node + 1].start <= cp)
                node++;
            want[node] += (size_t)zj_is_text_char(c);
        }
        for (size_t k = 0; k < (o.count ? o.count : 1); k++) {
            assert_int_equal(cv.chars[k], want[k]);
            total += want[k];
        }
        assert_int_equal(cv.doc_chars, total);
        struct zj_norm nm = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize(b.ptr, b.len, 0, &nm);
        assert_int_equal(cv.doc_chars, nm.chars);
        zj_norm_release(&nm);
        free(want);
        zj_coverage_release(&cv);
        zj_outline_release(&o);
        zj_buf_release(&b);
    }
}

/* Property: on any text the own spans partition [0, codepoints). */
static void test_spans_partition_the_document(void **state)
{
    (void)state;
    static const char *const pieces[] = {"一、", "（二）", "1.", "(3)", "①", "第一部分", "工作",
                                         "。", "\n", "\n", "2022年12月1日", "3.5亿元", "一是", "："};
    unsigned seed = 7;
    for (int round = 0; round < 500; round++) {
        struct zj_buf t = ZJ_BUF_INIT;
        int n = rand_r(&seed) % 40;
        for (int i = 0; i < n; i++) zj_buf_addstr(&t, pieces[rand_r(&seed) % 14]);
        struct zj_outline o;
        zj_outline_parse(zj_buf_cstr(&t), t.len, (size_t)(rand_r(&seed) % 3), &o);
        assert_true(o.count >= 1);
        assert_int_equal(o.codepoints, zj_utf8_count((const uint8_t *)zj_buf_cstr(&t), t.len));
        assert_int_equal(o.nodes[0].start, 0);
        for (size_t k = 0; k + 1 < o.count; k++) {
            assert_int_equal(o.nodes[k].end, o.nodes[k + 1].start);
            assert_true(o.nodes[k].start <= o.nodes[k].end);
        }
        assert_int_equal(o.nodes[o.count - 1].end, o.codepoints);
        zj_outline_release(&o);
        zj_buf_release(&t);
    }
}

static const char rules[] = "!standard\twork,problems,plans\n"
                            "原因\tcauses\tany\n"
                            "存在的问题\tproblems\tany\n"
                            "工作思路\tplans\n"
                            "主要工作\twork\n"
                            "re:^问题\tproblems\n";

static void test_section_types_by_rule_year_removed_and_inherited(void **state)
{
    (void)state;
    struct zj_sectypes st;
    struct zj_error err;
    assert_int_equal(zj_sectypes_load_buffer(&st, rules, strlen(rules), "s.tsv", &err), 0);
    struct zj_outline o;
    parse("一、主要工作\n（一）问题导向\n二、存在的问题\n（一）原因分析\n三、2023年工作思路\n四、附则\n", 0,
          &o);
    zj_sectypes_assign(&st, &o);
    const char *want[] = {"work", "work", "problems", "causes", "plans", "other"};
    assert_int_equal(o.count, 6);
    for (size_t k = 0; k < 6; k++) assert_string_equal(st.names[o.nodes[k].type], want[k]);
    assert_true(st.standard[o.nodes[0].type]);
    assert_false(st.standard[o.nodes[3].type]);
    assert_int_equal(zj_sectypes_classify(&st, "２０２３年度工作思路", 1), o.nodes[4].type);
    zj_outline_release(&o);
    zj_sectypes_release(&st);
}

static void test_section_rules_errors_name_the_line(void **state)
{
    (void)state;
    struct zj_sectypes st;
    struct zj_error err;
    const char *bad = "# c\n主要工作\n";
    assert_int_equal(zj_sectypes_load_buffer(&st, bad, strlen(bad), "s.tsv", &err), -1);
    assert_int_equal(err.line, 2);
    zj_sectypes_release(&st);
    const char *bad_re = "re:(a\twork\n";
    assert_int_equal(zj_sectypes_load_buffer(&st, bad_re, strlen(bad_re), "s.tsv", &err), -1);
    assert_non_null(strstr(err.msg, "bad regex"));
    zj_sectypes_release(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_marker_kind_is_a_heading),
        cmocka_unit_test(test_half_and_full_width_variants),
        cmocka_unit_test(test_numbers_in_running_text_are_not_headings),
        cmocka_unit_test(test_title_ends_at_full_stop_or_colon_with_body),
        cmocka_unit_test(test_skipped_level_nests_by_what_is_found),
        cmocka_unit_test(test_heading_split_over_two_lines_is_joined),
        cmocka_unit_test(test_special_nodes_title_preamble_signoff),
        cmocka_unit_test(test_signoff_alone_agrees_with_the_parse),
        cmocka_unit_test(test_inline_enumeration_items_are_counted),
        cmocka_unit_test(test_item_count_agrees_with_the_regex),
        cmocka_unit_test(test_coverage_counts_text_characters_of_each_span),
        cmocka_unit_test(test_spans_partition_the_document),
        cmocka_unit_test(test_section_types_by_rule_year_removed_and_inherited),
        cmocka_unit_test(test_section_rules_errors_name_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

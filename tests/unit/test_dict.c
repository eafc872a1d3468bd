/*
 * test_dict.c - dictionary loading and validation (dict.h).
 *
 * A good file is checked entry by entry (category paths, aliases, normalized
 * keys, regex names); every error is checked as the whole line a user sees,
 * file:line[:col]: message, since a dictionary that is wrong in silence
 * miscounts in silence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "terms/dict.h"
#include "util/buf.h"
#include "util/error.h"

static struct zj_dict *load_ok(const char *tsv)
{
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    zj_error_clear(&err);
    if (zj_dict_load_buffer(d, tsv, strlen(tsv), "terms.tsv", &err) != ZJ_OK)
        fail_msg("load failed: %s", err.msg);
    return d;
}

/* Loading must fail with exactly this formatted error. */
static void assert_load_error(const char *tsv, size_t len, const char *want)
{
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_dict_load_buffer(d, tsv, len, "terms.tsv", &err), ZJ_ERR);
    char line[2048];
    zj_error_format(&err, line, sizeof line);
    assert_string_equal(line, want);
    zj_dict_free(d);
}

#define ASSERT_LOAD_ERROR(tsv, want) assert_load_error(tsv, sizeof(tsv) - 1, want)

static void test_good_file_loads_every_entry(void **state)
{
    (void)state;
    struct zj_dict *d =
        load_ok("# policy terms\n"
                "\n"
                "党风廉政建设\t 政治建设 / 党风廉政 \t廉政建设| 党风 廉政 |\t a note \n"
                "   \n"
                "全面从严治党\t政治建设\n"
                "re:四个(意识|自信)\t政治建设/四个\t四个X\n"
                "re:不敢腐\t反腐败\n");
    assert_int_equal(d->nentries, 4);

    const struct zj_entry *e = &d->entries[0];
    assert_string_equal(e->term, "党风廉政建设");
    assert_string_equal(e->category, "政治建设/党风廉政");
    assert_int_equal(e->naliases, 2);
    assert_string_equal(e->note, "a note");
    assert_null(e->name);
    assert_null(e->re);
    assert_string_equal(e->file, "terms.tsv");
    assert_int_equal(e->line, 3);

    e = &d->entries[1];
    assert_string_equal(e->term, "全面从严治党");
    assert_string_equal(e->category, "政治建设");
    assert_int_equal(e->naliases, 0);
    assert_null(e->note);
    assert_int_equal(e->line, 5);

    e = &d->entries[2];
    assert_string_equal(e->term, "四个(意识|自信)"); /* without the re: prefix */
    assert_string_equal(e->category, "政治建设/四个");
    assert_string_equal(e->name, "四个X");
    assert_non_null(e->re);
    assert_int_equal(e->naliases, 0);
    assert_null(d->entries[3].name); /* no third column: each match under its own text */

    /* literal keys, normalized, in file order; regexes are not keys */
    assert_int_equal(d->npatterns, 4);
    static const char *const keys[] = {"党风廉政建设", "廉政建设", "党风廉政", "全面从严治党"};
    static const int alias[] = {0, 1, 1, 0};
    static const uint32_t entry[] = {0, 0, 0, 1};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(d->patterns[i].text, keys[i]);
        assert_int_equal(d->patterns[i].len, strlen(keys[i]));
        assert_int_equal(d->patterns[i].is_alias, alias[i]);
        assert_int_equal(d->patterns[i].entry, entry[i]);
    }
    assert_int_equal(d->nregex, 2);
    assert_int_equal(d->regex_entries[0], 2);
    assert_int_equal(d->regex_entries[1], 3);
    zj_dict_finish(d);
    assert_non_null(d->ac);
    zj_dict_free(d);
}

static void test_crlf_lines_and_bom_are_accepted(void **state)
{
    (void)state;
    struct zj_dict *d = load_ok("\xEF\xBB\xBF# comment\r\n"
                                "\r\n"
                                "四风\t作风建设\r\n"
                                "八项规定\t作风建设/八项规定\t中央八项规定|\r\n"
                                "三公经费\t作风建设\t三公\tnote\r\n");
    assert_int_equal(d->nentries, 3);
    assert_string_equal(d->entries[0].category, "作风建设");
    assert_string_equal(d->entries[1].category, "作风建设/八项规定");
    assert_int_equal(d->entries[1].naliases, 1);
    assert_string_equal(d->entries[2].note, "note");
    assert_int_equal(d->entries[2].line, 5);
    assert_int_equal(d->npatterns, 5);
    assert_string_equal(d->patterns[2].text, "中央八项规定");
    assert_string_equal(d->patterns[4].text, "三公");
    zj_dict_free(d);
}

static void test_bom_in_the_middle_is_dropped_from_every_field(void **state)
{
    (void)state;
    /* `cat a.tsv b.tsv`: the second file's BOM starts a comment line */
    struct zj_dict *d = load_ok("四风\t作风建设\n"
                                "\xEF\xBB\xBF# b.tsv\n"
                                "\xEF\xBB\xBF八项\xEF\xBB\xBF规定\t作风\xEF\xBB\xBF建设\t中央\xEF\xBB\xBF八项规定\n");
    assert_int_equal(d->nentries, 2);
    assert_string_equal(d->entries[1].term, "八项规定");
    assert_string_equal(d->entries[1].category, "作风建设");
    assert_int_equal(d->entries[1].line, 3);
    assert_string_equal(d->patterns[2].text, "中央八项规定");
    zj_dict_free(d);
}

static void test_full_width_term_is_keyed_by_its_normal_form(void **state)
{
    (void)state;
    struct zj_dict *d = load_ok("ＣＯＶＩＤ　１９\t卫生\n（一）\t其他\n");
    assert_string_equal(d->entries[0].term, "ＣＯＶＩＤ　１９"); /* as written */
    assert_string_equal(d->patterns[0].text, "COVID 19");
    assert_string_equal(d->patterns[1].text, "(一)");
    zj_dict_free(d);
}

static void test_line_with_one_column_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("四风\t作风建设\n八项规定\n", "terms.tsv:2: expected term<TAB>category");
    ASSERT_LOAD_ERROR("四风 作风建设\n", "terms.tsv:1: expected term<TAB>category");
}

static void test_empty_category_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("四风\t\n", "terms.tsv:1: empty category for `四风`");
    ASSERT_LOAD_ERROR("# c\n四风\t  \t别名\n", "terms.tsv:2: empty category for `四风`");
    ASSERT_LOAD_ERROR("四风\t作风建设//四风\n", "terms.tsv:1: empty category for `四风`");
    ASSERT_LOAD_ERROR("四风\t / 四风\n", "terms.tsv:1: empty category for `四风`");
    ASSERT_LOAD_ERROR("四风\t作风建设/\n", "terms.tsv:1: empty category for `四风`");
}

static void test_empty_term_is_an_error_at_column_1(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("四风\t作风\n\t作风\n", "terms.tsv:2:1: empty term");
    ASSERT_LOAD_ERROR("  \t作风\n", "terms.tsv:1:1: empty term");
}

static void test_duplicate_term_names_the_first(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("四风\t作风\n八项规定\t作风\n# x\n四风\t其他\n",
                      "terms.tsv:4: duplicate term `四风` (already at terms.tsv:1)");
}

static void test_term_duplicating_an_alias_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("中央八项规定精神\t作风\t八项规定精神\n八项规定精神\t作风\n",
                      "terms.tsv:2: duplicate term `八项规定精神` (already at terms.tsv:1)");
    /* alias duplicating a term */
    ASSERT_LOAD_ERROR("八项规定精神\t作风\n中央八项规定精神\t作风\t八项规定|八项规定精神\n",
                      "terms.tsv:2: duplicate term `八项规定精神` (already at terms.tsv:1)");
    /* alias duplicating its own term */
    ASSERT_LOAD_ERROR("四风\t作风\t四风\n",
                      "terms.tsv:1: duplicate term `四风` (already at terms.tsv:1)");
}

static void test_terms_equal_after_normalization_are_duplicates(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("ＡＢＣ\t其他\nABC\t其他\n",
                      "terms.tsv:2: duplicate term `ABC` (already at terms.tsv:1)");
    ASSERT_LOAD_ERROR("党风廉政\t其他\n党风 廉政\t其他\n",
                      "terms.tsv:2: duplicate term `党风 廉政` (already at terms.tsv:1)");
    ASSERT_LOAD_ERROR("（一）\t其他\n甲\t其他\t(一)\n",
                      "terms.tsv:2: duplicate term `(一)` (already at terms.tsv:1)");
}

static void test_term_empty_after_normalization_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("\u200B\t其他\n", "terms.tsv:1: term `\u200B` is empty after normalization");
    ASSERT_LOAD_ERROR("四风\t其他\t\u200B\n",
                      "terms.tsv:1: alias `\u200B` is empty after normalization");
}

static void test_bad_regex_names_its_column(void **state)
{
    (void)state;
    /* r e : a b ) -> the ')' is column 6 */
    ASSERT_LOAD_ERROR("四风\t作风\nre:ab)c\t其他\n",
                      "terms.tsv:2:6: bad regex: unmatched closing parenthesis");
    /* columns count characters, not bytes */
    ASSERT_LOAD_ERROR("re:党风)c\t其他\n",
                      "terms.tsv:1:6: bad regex: unmatched closing parenthesis");
    /* a missing ')' is reported just past the end of the pattern */
    ASSERT_LOAD_ERROR("re:党风(c\t其他\n", "terms.tsv:1:8: bad regex: missing closing parenthesis");
}

static void test_empty_regex_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("re:\t其他\n", "terms.tsv:1:4: empty regex after `re:`");
}

static void test_duplicate_regex_is_an_error(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("re:四个(意识|自信)\t甲\nre:四个(意识|自信)\t乙\tname\n",
                      "terms.tsv:2: duplicate regex `四个(意识|自信)`");
}

/* ｒｅ：x is a literal term that normalizes to "re:x"; it must not be taken
 * for the regex re:x (this used to index patterns[UINT32_MAX]). */
static void test_literal_term_spelled_like_a_regex_key_is_not_a_duplicate(void **state)
{
    (void)state;
    struct zj_dict *d = load_ok("re:x\t甲\nｒｅ：x\t乙\n");
    assert_int_equal(d->nentries, 2);
    assert_int_equal(d->nregex, 1);
    assert_int_equal(d->npatterns, 1);
    assert_string_equal(d->patterns[0].text, "re:x");
    assert_int_equal(d->patterns[0].entry, 1);
    zj_dict_free(d);
    d = load_ok("ｒｅ：x\t乙\nre:x\t甲\n");
    assert_int_equal(d->nentries, 2);
    assert_int_equal(d->nregex, 1);
    zj_dict_free(d);
}

static void test_invalid_utf8_names_line_and_column(void **state)
{
    (void)state;
    ASSERT_LOAD_ERROR("四风\t作风\n党\xFF\t其他\n", "terms.tsv:2:2: invalid UTF-8 byte 0xff");
    /* a TAB is one column; a truncated sequence is named by its lead byte */
    ASSERT_LOAD_ERROR("ab\t作风\xE4\xB8\n", "terms.tsv:1:6: invalid UTF-8 byte 0xe4");
    /* after a BOM, columns still start at 1 */
    ASSERT_LOAD_ERROR("\xEF\xBB\xBF\xC0\x80\t其他\n", "terms.tsv:1:1: invalid UTF-8 byte 0xc0");
}

static void test_second_file_duplicate_names_the_first_file(void **state)
{
    (void)state;
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    const char *a = "# a\n\n四风\t作风\n", *b = "四风\t其他\n";
    assert_int_equal(zj_dict_load_buffer(d, a, strlen(a), "a.tsv", &err), ZJ_OK);
    assert_int_equal(zj_dict_load_buffer(d, b, strlen(b), "b.tsv", &err), ZJ_ERR);
    char line[1024];
    zj_error_format(&err, line, sizeof line);
    assert_string_equal(line, "b.tsv:1: duplicate term `四风` (already at a.tsv:3)");
    zj_dict_free(d);
}

static void test_load_from_file_and_missing_file(void **state)
{
    (void)state;
    char path[] = "/tmp/zj-dict-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *tsv = "四风\t作风建设\n";
    assert_int_equal(write(fd, tsv, strlen(tsv)), (ssize_t)strlen(tsv));
    close(fd);
    struct zj_dict *d = zj_dict_new();
    struct zj_error err;
    assert_int_equal(zj_dict_load(d, path, &err), ZJ_OK);
    assert_int_equal(d->nentries, 1);
    assert_string_equal(d->entries[0].file, path);
    assert_int_equal(unlink(path), 0);
    zj_error_clear(&err);
    assert_int_equal(zj_dict_load(d, path, &err), ZJ_ERR);
    assert_string_equal(err.file, path);
    assert_true(err.msg[0] != '\0');
    zj_dict_free(d);
    zj_dict_free(NULL); /* a no-op */
}

static void assert_prefix(const char *category, int level, const char *want)
{
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, ">");
    zj_category_prefix(category, level, &b);
    assert_string_equal(b.ptr + 1, want);
    zj_buf_release(&b);
}

static void test_category_prefix_cuts_at_level(void **state)
{
    (void)state;
    assert_prefix("政治建设/党风廉政/责任", 1, "政治建设");
    assert_prefix("政治建设/党风廉政/责任", 2, "政治建设/党风廉政");
    assert_prefix("政治建设/党风廉政/责任", 3, "政治建设/党风廉政/责任");
    assert_prefix("政治建设/党风廉政/责任", 9, "政治建设/党风廉政/责任");
    assert_prefix("政治建设/党风廉政/责任", 0, "政治建设/党风廉政/责任");
    assert_prefix("政治建设/党风廉政/责任", -1, "政治建设/党风廉政/责任");
    assert_prefix("作风建设", 1, "作风建设");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_loads_every_entry),
        cmocka_unit_test(test_crlf_lines_and_bom_are_accepted),
        cmocka_unit_test(test_bom_in_the_middle_is_dropped_from_every_field),
        cmocka_unit_test(test_full_width_term_is_keyed_by_its_normal_form),
        cmocka_unit_test(test_line_with_one_column_is_an_error),
        cmocka_unit_test(test_empty_category_is_an_error),
        cmocka_unit_test(test_empty_term_is_an_error_at_column_1),
        cmocka_unit_test(test_duplicate_term_names_the_first),
        cmocka_unit_test(test_term_duplicating_an_alias_is_an_error),
        cmocka_unit_test(test_terms_equal_after_normalization_are_duplicates),
        cmocka_unit_test(test_term_empty_after_normalization_is_an_error),
        cmocka_unit_test(test_bad_regex_names_its_column),
        cmocka_unit_test(test_empty_regex_is_an_error),
        cmocka_unit_test(test_duplicate_regex_is_an_error),
        cmocka_unit_test(test_literal_term_spelled_like_a_regex_key_is_not_a_duplicate),
        cmocka_unit_test(test_invalid_utf8_names_line_and_column),
        cmocka_unit_test(test_second_file_duplicate_names_the_first_file),
        cmocka_unit_test(test_load_from_file_and_missing_file),
        cmocka_unit_test(test_category_prefix_cuts_at_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

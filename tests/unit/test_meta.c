/*
 * test_meta.c - unit and year of a summary: title line, folder, manifest (meta.h).
 *
 * Every title shape the header lists is parsed into exact unit / year / kind.
 * Manifest tests write their TSV/CSV files and the documents they name into a
 * fresh mkdtemp folder, so paths are resolved exactly as for a user's files,
 * and remove everything they made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc/meta.h"
#include "util/buf.h"
#include "util/error.h"

/* ---- title ---------------------------------------------------------------- */

static void assert_title(const char *title, const char *unit, int year, const char *kind)
{
    struct zj_meta m = {0};
    zj_meta_parse_title(title, &m);
    if (unit) {
        assert_non_null(m.unit);
        assert_string_equal(m.unit, unit);
        assert_int_equal(m.unit_from, ZJ_META_TITLE);
    } else {
        assert_null(m.unit);
        assert_int_equal(m.unit_from, ZJ_META_NONE);
    }
    assert_int_equal(m.year, year);
    assert_int_equal(m.year_from, year ? ZJ_META_TITLE : ZJ_META_NONE);
    assert_non_null(m.kind);
    assert_string_equal(m.kind, kind);
    zj_meta_release(&m);
}

static void test_title_unit_then_year_then_kind(void **state)
{
    (void)state;
    assert_title("某中心党组2022年党风廉政建设工作总结", "某中心党组", 2022,
                 "党风廉政建设工作总结");
}

static void test_title_year_first_then_unit(void **state)
{
    (void)state;
    assert_title("2022年区教育局党委党风廉政建设工作总结", "区教育局党委", 2022,
                 "党风廉政建设工作总结");
}

static void test_title_about_a_year_has_no_unit(void **state)
{
    (void)state;
    assert_title("关于2022年度党风廉政建设工作情况的报告", NULL, 2022,
                 "党风廉政建设工作情况的报告");
    assert_title("关于市交通运输局党委2022年度党风廉政建设工作情况的报告", "市交通运输局党委", 2022,
                 "党风廉政建设工作情况的报告");
}

static void test_title_year_in_chinese_numerals(void **state)
{
    (void)state;
    assert_title("二〇二一年市交通运输局党委党风廉政建设工作总结", "市交通运输局党委", 2021,
                 "党风廉政建设工作总结");
}

static void test_title_year_in_full_width_digits_with_du(void **state)
{
    (void)state;
    assert_title("市交通运输局党委２０２３年度全面从严治党和党风廉政建设工作总结",
                 "市交通运输局党委", 2023, "全面从严治党和党风廉政建设工作总结");
}

static void test_title_year_summarised_beats_year_planned(void **state)
{
    (void)state;
    assert_title("市交通运输局党委2022年党风廉政建设工作总结及2023年工作计划", "市交通运输局党委",
                 2022, "党风廉政建设工作总结及2023年工作计划");
    assert_title("2023年工作计划及2022年工作总结", NULL, 2022, "工作计划及2022年工作总结");
}

static void test_title_of_a_responsibility_report(void **state)
{
    (void)state;
    assert_title("市卫生健康委员会党组2021年度落实全面从严治党主体责任情况报告",
                 "市卫生健康委员会党组", 2021, "落实全面从严治党主体责任情况报告");
}

static void test_title_without_year_still_gives_unit_and_kind(void **state)
{
    (void)state;
    assert_title("市财政局党组党风廉政建设工作总结", "市财政局党组", 0, "党风廉政建设工作总结");
}

static void test_title_numbers_that_are_not_years(void **state)
{
    (void)state;
    assert_title("某局1948年工作总结", "某局1948年", 0, "工作总结");   /* before 1949 */
    assert_title("某局12022年工作总结", "某局12022年", 0, "工作总结"); /* five digits */
}

static void test_title_trailing_colon_and_spaces_are_trimmed(void **state)
{
    (void)state;
    assert_title("  某中心党组2022年党风廉政建设工作总结：  ", "某中心党组", 2022,
                 "党风廉政建设工作总结");
}

static void test_title_does_not_override_what_is_known(void **state)
{
    (void)state;
    struct zj_meta m = {0};
    m.unit = strdup("清单单位");
    m.unit_from = ZJ_META_MANIFEST;
    m.year = 2020;
    m.year_from = ZJ_META_FOLDER;
    zj_meta_parse_title("某中心党组2022年党风廉政建设工作总结", &m);
    assert_string_equal(m.unit, "清单单位");
    assert_int_equal(m.unit_from, ZJ_META_MANIFEST);
    assert_int_equal(m.year, 2020);
    assert_int_equal(m.year_from, ZJ_META_FOLDER);
    assert_string_equal(m.kind, "党风廉政建设工作总结");
    zj_meta_release(&m);
    assert_null(m.unit);
    assert_int_equal(m.year, 0);
}

/* ---- title line of a document ------------------------------------------------ */

static void from_title(const char *text, struct zj_meta *m)
{
    memset(m, 0, sizeof *m);
    zj_meta_from_title(text, strlen(text), m);
}

static void test_title_line_skips_leading_blank_lines(void **state)
{
    (void)state;
    struct zj_meta m;
    from_title("\n\n  \t\n某中心党组2022年党风廉政建设工作总结\n\n2022年，我中心……。\n", &m);
    assert_string_equal(m.title, "某中心党组2022年党风廉政建设工作总结");
    assert_int_equal(m.title_line, 4);
    assert_string_equal(m.unit, "某中心党组");
    assert_int_equal(m.year, 2022);
    assert_string_equal(m.kind, "党风廉政建设工作总结");
    zj_meta_release(&m);
}

/* Word exports often leave a first line of full-width spaces. */
static void test_line_of_full_width_spaces_counts_as_blank(void **state)
{
    (void)state;
    struct zj_meta m;
    from_title("　　\n\u200B\n某中心党组2022年党风廉政建设工作总结\n", &m);
    assert_non_null(m.title);
    assert_string_equal(m.title, "某中心党组2022年党风廉政建设工作总结");
    assert_int_equal(m.title_line, 3);
    assert_int_equal(m.year, 2022);
    zj_meta_release(&m);
}

static void test_first_line_that_is_a_sentence_is_not_a_title(void **state)
{
    (void)state;
    struct zj_meta m;
    from_title("2022年，我局深入学习贯彻党的二十大精神，全面落实从严治党主体责任，"
               "推动党风廉政建设和反腐败工作取得新成效。\n"
               "某中心党组2022年党风廉政建设工作总结\n",
               &m);
    assert_null(m.title);
    assert_int_equal(m.title_line, 0);
    assert_null(m.unit);
    assert_null(m.kind);
    assert_int_equal(m.year, 0);
    zj_meta_release(&m);
    /* a short one too: the final 。 alone makes it a sentence */
    from_title("2022年工作总结如下。\n", &m);
    assert_null(m.title);
    assert_int_equal(m.year, 0);
    zj_meta_release(&m);
}

static void test_first_line_without_year_or_report_word_is_not_a_title(void **state)
{
    (void)state;
    struct zj_meta m;
    from_title("尊敬的各位领导：\n某中心党组2022年党风廉政建设工作总结\n", &m);
    assert_null(m.title);
    assert_int_equal(m.title_line, 0);
    assert_int_equal(m.year, 0);
    zj_meta_release(&m);
}

static void test_title_line_longer_than_100_characters_is_refused(void **state)
{
    (void)state;
    struct zj_buf t = ZJ_BUF_INIT;
    zj_buf_addstr(&t, "某中心党组2022年");
    while (t.len < 100 * 3)
        zj_buf_addstr(&t, "党风廉政建设");
    zj_buf_addstr(&t, "工作总结\n");
    struct zj_meta m;
    from_title(t.ptr, &m);
    assert_null(m.title);
    zj_meta_release(&m);
    zj_buf_release(&t);
}

static void test_empty_text_has_no_title(void **state)
{
    (void)state;
    struct zj_meta m;
    from_title("", &m);
    assert_null(m.title);
    from_title("\n\n   \n", &m);
    assert_null(m.title);
    assert_int_equal(m.title_line, 0);
    zj_meta_release(&m);
}

/* ---- year from folder names ----------------------------------------------------- */

static void test_year_from_the_nearest_year_folder(void **state)
{
    (void)state;
    assert_int_equal(zj_meta_year_from_path("corpus/2022/a.txt"), 2022);
    assert_int_equal(zj_meta_year_from_path("x/2022年/a.txt"), 2022);
    assert_int_equal(zj_meta_year_from_path("/abs/2023/a.txt"), 2023);
    assert_int_equal(zj_meta_year_from_path("2021/2022/a.txt"), 2022);
    assert_int_equal(zj_meta_year_from_path("2022/units/a.txt"), 2022);
}

static void test_year_from_path_ignores_file_names_and_non_years(void **state)
{
    (void)state;
    assert_int_equal(zj_meta_year_from_path("2022.txt"), 0);
    assert_int_equal(zj_meta_year_from_path("a/2022"), 0); /* the last segment is the file */
    assert_int_equal(zj_meta_year_from_path("a/1800/b.txt"), 0);
    assert_int_equal(zj_meta_year_from_path("a/20221/b.txt"), 0);
    assert_int_equal(zj_meta_year_from_path("a/2022年度/b.txt"), 0);
    assert_int_equal(zj_meta_year_from_path("a/x2022/b.txt"), 0);
    assert_int_equal(zj_meta_year_from_path(""), 0);
}

/* ---- manifest ---------------------------------------------------------------------- */

struct tmp {
    char dir[64];
    char *made[32]; /* files and folders created, removed in reverse order */
    size_t nmade;
};

static int tmp_setup(void **state)
{
    struct tmp *t = calloc(1, sizeof *t);
    if (!t) return -1;
    snprintf(t->dir, sizeof t->dir, "/tmp/zj-meta-XXXXXX");
    if (!mkdtemp(t->dir)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int tmp_teardown(void **state)
{
    struct tmp *t = *state;
    int rc = 0;
    while (t->nmade > 0) {
        char *p = t->made[--t->nmade];
        if (remove(p) != 0) rc = -1;
        free(p);
    }
    if (rmdir(t->dir) != 0) rc = -1; /* fails if a test left anything behind */
    free(t);
    return rc;
}

/* Absolute path of rel inside the folder (caller frees). */
static char *tmp_path(const struct tmp *t, const char *rel)
{
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addf(&b, "%s/%s", t->dir, rel);
    return zj_buf_detach(&b, NULL);
}

/* Writes rel (creating its folders); returns its absolute path (owned by t). */
static const char *tmp_write(struct tmp *t, const char *rel, const char *content)
{
    char *path = tmp_path(t, rel);
    for (char *p = path + strlen(t->dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        if (mkdir(path, 0755) == 0) t->made[t->nmade++] = strdup(path);
        *p = '/';
    }
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(content, fp);
    assert_int_equal(fclose(fp), 0);
    assert_true(t->nmade < 32);
    t->made[t->nmade++] = path;
    return path;
}

static void load_ok(struct tmp *t, const char *rel, const char *content, struct zj_manifest *mf)
{
    struct zj_error err;
    zj_error_clear(&err);
    const char *file = tmp_write(t, rel, content);
    if (zj_manifest_load(file, mf, &err) != ZJ_OK) fail_msg("load failed: %s", err.msg);
}

static void test_manifest_tsv_paths_resolve_against_its_folder(void **state)
{
    struct tmp *t = *state;
    const char *a = tmp_write(t, "corpus/2022/a.txt", "甲\n");
    tmp_write(t, "corpus/2023/b.txt", "乙\n");
    struct zj_manifest mf;
    load_ok(t, "meta/list.tsv",
            "path\tunit\tyear\n"
            "../corpus/2022/a.txt\t甲局\t2022\n"
            "../corpus/2023/b.txt\t乙局\t2023\n",
            &mf);
    assert_int_equal(mf.nrows, 2);
    assert_int_equal(mf.ncols, 3);
    assert_int_equal(mf.col_path, 0);
    assert_int_equal(mf.col_unit, 1);
    assert_int_equal(mf.col_year, 2);
    assert_string_equal(mf.rows[0].path, "../corpus/2022/a.txt");
    char *want = tmp_path(t, "meta/../corpus/2022/a.txt");
    assert_string_equal(mf.rows[0].resolved, want);
    free(want);
    assert_int_equal(mf.rows[0].line, 2);
    assert_int_equal(mf.rows[1].line, 3);

    /* the same file through another spelling of its path */
    char *b = tmp_path(t, "corpus/./2023//b.txt");
    assert_int_equal(zj_manifest_find(&mf, b, NULL, 0), 1);
    assert_int_equal(mf.rows[1].used, 1);
    assert_int_equal(mf.rows[0].used, 0);
    assert_int_equal(zj_manifest_find(&mf, a, NULL, 0), 0);
    assert_int_equal(mf.rows[0].used, 1);
    free(b);

    struct zj_meta m = {0};
    m.unit = strdup("标题单位");
    m.unit_from = ZJ_META_TITLE;
    m.year = 2021;
    m.year_from = ZJ_META_TITLE;
    struct zj_error err;
    assert_int_equal(zj_manifest_apply(&mf, 0, &m, &err), ZJ_OK);
    assert_string_equal(m.unit, "甲局");
    assert_int_equal(m.unit_from, ZJ_META_MANIFEST);
    assert_int_equal(m.year, 2022);
    assert_int_equal(m.year_from, ZJ_META_MANIFEST);
    zj_meta_release(&m);
    zj_manifest_release(&mf);
}

static void test_manifest_file_not_in_it_is_not_found(void **state)
{
    struct tmp *t = *state;
    tmp_write(t, "a.txt", "甲\n");
    const char *other = tmp_write(t, "other.txt", "乙\n");
    struct zj_manifest mf;
    load_ok(t, "m.tsv", "path\na.txt\n", &mf);
    assert_int_equal(zj_manifest_find(&mf, other, &other, 1), -1);
    char *missing = tmp_path(t, "missing.txt");
    assert_int_equal(zj_manifest_find(&mf, missing, NULL, 0), -1);
    free(missing);
    assert_int_equal(mf.rows[0].used, 0);
    zj_manifest_release(&mf);
}

static void test_manifest_csv_with_chinese_headers(void **state)
{
    struct tmp *t = *state;
    const char *a = tmp_write(t, "docs/a.txt", "甲\n");
    struct zj_manifest mf;
    load_ok(t, "清单.csv",
            "\xEF\xBB\xBF路径,单位,年份\n"
            "docs/a.txt,\"甲局,机关党委\",2022\n",
            &mf);
    assert_int_equal(mf.col_path, 0);
    assert_int_equal(mf.col_unit, 1);
    assert_int_equal(mf.col_year, 2);
    assert_int_equal(mf.nrows, 1);
    assert_int_equal(zj_manifest_find(&mf, a, &a, 1), 0);
    struct zj_meta m = {0};
    struct zj_error err;
    assert_int_equal(zj_manifest_apply(&mf, 0, &m, &err), ZJ_OK);
    assert_string_equal(m.unit, "甲局,机关党委");
    assert_int_equal(m.year, 2022);
    zj_meta_release(&m);
    zj_manifest_release(&mf);

    /* 文件 and 年度 are accepted as well, in any column order */
    load_ok(t, "m2.csv", "年度,文件\n2023,docs/a.txt\n", &mf);
    assert_int_equal(mf.col_path, 1);
    assert_int_equal(mf.col_year, 0);
    assert_int_equal(mf.col_unit, -1);
    assert_int_equal(zj_manifest_find(&mf, a, &a, 1), 0);
    zj_manifest_release(&mf);
}

static void test_manifest_without_path_column_is_an_error(void **state)
{
    struct tmp *t = *state;
    const char *file = tmp_write(t, "m.csv", "unit,year\n甲局,2022\n");
    struct zj_manifest mf;
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_manifest_load(file, &mf, &err), ZJ_ERR);
    assert_string_equal(err.file, file);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "manifest has no `path` column in its header");
    zj_manifest_release(&mf);
}

static void test_manifest_row_with_empty_path_is_an_error(void **state)
{
    struct tmp *t = *state;
    const char *file = tmp_write(t, "m.tsv", "path\tunit\na.txt\t甲\n\t乙\n");
    struct zj_manifest mf;
    struct zj_error err;
    assert_int_equal(zj_manifest_load(file, &mf, &err), ZJ_ERR);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "manifest row has an empty path");
    zj_manifest_release(&mf);
}

static void test_manifest_that_does_not_exist_is_an_error_naming_it(void **state)
{
    struct tmp *t = *state;
    char *file = tmp_path(t, "nope.tsv");
    struct zj_manifest mf;
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_manifest_load(file, &mf, &err), ZJ_ERR);
    assert_string_equal(err.file, file);
    assert_true(err.msg[0] != '\0');
    zj_manifest_release(&mf);
    free(file);
}

static void test_manifest_bad_year_is_an_error_with_its_line(void **state)
{
    struct tmp *t = *state;
    struct zj_manifest mf;
    /* the first row's quoted unit spans lines 2-3, so the second row is line 4 */
    load_ok(t, "m.csv",
            "path,unit,year\n"
            "a.txt,\"甲局\n机关\",2022\n"
            "b.txt,乙局,20x2\n"
            "c.txt,丙局,1800\n"
            "d.txt,丁局, 2021 \n",
            &mf);
    assert_int_equal(mf.nrows, 4);
    assert_int_equal(mf.rows[0].line, 2);
    assert_int_equal(mf.rows[1].line, 4);
    struct zj_meta m = {0};
    struct zj_error err;
    assert_int_equal(zj_manifest_apply(&mf, 0, &m, &err), ZJ_OK);
    assert_string_equal(m.unit, "甲局\n机关");
    assert_int_equal(zj_manifest_apply(&mf, 1, &m, &err), ZJ_ERR);
    assert_string_equal(err.file, mf.file);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.msg, "year `20x2` is not a year");
    assert_int_equal(zj_manifest_apply(&mf, 2, &m, &err), ZJ_ERR);
    assert_int_equal(err.line, 5);
    assert_string_equal(err.msg, "year `1800` is not a year");
    assert_int_equal(zj_manifest_apply(&mf, 3, &m, &err), ZJ_OK);
    assert_int_equal(m.year, 2021);
    zj_meta_release(&m);
    zj_manifest_release(&mf);
}

static void test_manifest_empty_cells_leave_meta_alone(void **state)
{
    struct tmp *t = *state;
    struct zj_manifest mf;
    load_ok(t, "m.tsv", "path\tunit\tyear\na.txt\t\t\n", &mf);
    struct zj_meta m = {0};
    m.unit = strdup("标题单位");
    m.unit_from = ZJ_META_TITLE;
    m.year = 2021;
    m.year_from = ZJ_META_FOLDER;
    struct zj_error err;
    assert_int_equal(zj_manifest_apply(&mf, 0, &m, &err), ZJ_OK);
    assert_string_equal(m.unit, "标题单位");
    assert_int_equal(m.unit_from, ZJ_META_TITLE);
    assert_int_equal(m.year, 2021);
    assert_int_equal(m.year_from, ZJ_META_FOLDER);
    zj_meta_release(&m);
    zj_manifest_release(&mf);
}

static void test_manifest_bare_name_matches_the_unique_input_with_that_name(void **state)
{
    struct tmp *t = *state;
    const char *b = tmp_write(t, "in/x/b.txt", "乙\n");
    const char *c = tmp_write(t, "in/y/c.txt", "丙\n");
    struct zj_manifest mf;
    load_ok(t, "m.tsv", "path\tunit\nb.txt\t乙局\nc.txt\t丙局\n", &mf);
    const char *all[] = {b, c};
    assert_int_equal(zj_manifest_find(&mf, c, all, 2), 1);
    assert_int_equal(zj_manifest_find(&mf, b, all, 2), 0);
    assert_int_equal(mf.rows[0].used, 1);
    zj_manifest_release(&mf);
}

static void test_manifest_bare_name_shared_by_two_inputs_matches_neither(void **state)
{
    struct tmp *t = *state;
    const char *b1 = tmp_write(t, "in/x/b.txt", "乙\n");
    const char *b2 = tmp_write(t, "in/y/b.txt", "乙\n");
    struct zj_manifest mf;
    load_ok(t, "m.tsv", "path\tunit\nb.txt\t乙局\n", &mf);
    const char *all[] = {b1, b2};
    assert_int_equal(zj_manifest_find(&mf, b1, all, 2), -1);
    assert_int_equal(zj_manifest_find(&mf, b2, all, 2), -1);
    assert_int_equal(mf.rows[0].used, 0);
    zj_manifest_release(&mf);
}

static void test_manifest_bare_name_of_a_file_beside_it_means_that_file(void **state)
{
    struct tmp *t = *state;
    const char *beside = tmp_write(t, "b.txt", "乙\n");
    const char *elsewhere = tmp_write(t, "in/b.txt", "乙\n");
    struct zj_manifest mf;
    load_ok(t, "m.tsv", "path\nb.txt\n", &mf);
    assert_int_equal(zj_manifest_find(&mf, elsewhere, &elsewhere, 1), -1);
    assert_int_equal(zj_manifest_find(&mf, beside, &beside, 1), 0);
    zj_manifest_release(&mf);
}

static void test_manifest_extra_columns_are_kept(void **state)
{
    struct tmp *t = *state;
    struct zj_manifest mf;
    load_ok(t, "m.tsv",
            "region\tpath\tlevel\n"
            "东区\ta.txt\t市级\n"
            "\n"
            "西区\t/abs/b.txt\n",
            &mf);
    assert_int_equal(mf.ncols, 3);
    assert_string_equal(mf.columns[0], "region");
    assert_string_equal(mf.columns[1], "path");
    assert_string_equal(mf.columns[2], "level");
    assert_int_equal(mf.col_path, 1);
    assert_int_equal(mf.col_unit, -1);
    assert_int_equal(mf.col_year, -1);
    assert_int_equal(mf.nrows, 2); /* the blank line is skipped */
    assert_string_equal(mf.rows[0].values[0], "东区");
    assert_string_equal(mf.rows[0].values[1], "a.txt");
    assert_string_equal(mf.rows[0].values[2], "市级");
    assert_string_equal(mf.rows[1].values[0], "西区");
    assert_string_equal(mf.rows[1].values[2], ""); /* a short row gets empty cells */
    assert_int_equal(mf.rows[1].line, 4);
    assert_string_equal(mf.rows[1].resolved, "/abs/b.txt"); /* absolute: not joined */
    zj_manifest_release(&mf);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, tmp_setup, tmp_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_unit_then_year_then_kind),
        cmocka_unit_test(test_title_year_first_then_unit),
        cmocka_unit_test(test_title_about_a_year_has_no_unit),
        cmocka_unit_test(test_title_year_in_chinese_numerals),
        cmocka_unit_test(test_title_year_in_full_width_digits_with_du),
        cmocka_unit_test(test_title_year_summarised_beats_year_planned),
        cmocka_unit_test(test_title_of_a_responsibility_report),
        cmocka_unit_test(test_title_without_year_still_gives_unit_and_kind),
        cmocka_unit_test(test_title_numbers_that_are_not_years),
        cmocka_unit_test(test_title_trailing_colon_and_spaces_are_trimmed),
        cmocka_unit_test(test_title_does_not_override_what_is_known),
        cmocka_unit_test(test_title_line_skips_leading_blank_lines),
        cmocka_unit_test(test_line_of_full_width_spaces_counts_as_blank),
        cmocka_unit_test(test_first_line_that_is_a_sentence_is_not_a_title),
        cmocka_unit_test(test_first_line_without_year_or_report_word_is_not_a_title),
        cmocka_unit_test(test_title_line_longer_than_100_characters_is_refused),
        cmocka_unit_test(test_empty_text_has_no_title),
        cmocka_unit_test(test_year_from_the_nearest_year_folder),
        cmocka_unit_test(test_year_from_path_ignores_file_names_and_non_years),
        TMP_TEST(test_manifest_tsv_paths_resolve_against_its_folder),
        TMP_TEST(test_manifest_file_not_in_it_is_not_found),
        TMP_TEST(test_manifest_csv_with_chinese_headers),
        TMP_TEST(test_manifest_without_path_column_is_an_error),
        TMP_TEST(test_manifest_row_with_empty_path_is_an_error),
        TMP_TEST(test_manifest_that_does_not_exist_is_an_error_naming_it),
        TMP_TEST(test_manifest_bad_year_is_an_error_with_its_line),
        TMP_TEST(test_manifest_empty_cells_leave_meta_alone),
        TMP_TEST(test_manifest_bare_name_matches_the_unique_input_with_that_name),
        TMP_TEST(test_manifest_bare_name_shared_by_two_inputs_matches_neither),
        TMP_TEST(test_manifest_bare_name_of_a_file_beside_it_means_that_file),
        TMP_TEST(test_manifest_extra_columns_are_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

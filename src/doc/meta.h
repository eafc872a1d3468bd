/*
 * meta.h - who wrote a summary and for which year.
 *
 * Sources, weakest first: a folder named like a year ("2022", "2022年"), the
 * title line, the manifest.  The title parser understands the genre's title
 * shapes:
 *     某中心党组2022年党风廉政建设工作总结          unit / year / kind
 *     2022年区教育局党委党风廉政建设工作总结        year first, unit follows
 *     关于2022年度党风廉政建设工作情况的报告        no unit in the title
 *     二〇二一年…, ２０２３年度…                      Chinese numerals, full width
 *     …2022年工作总结及2023年工作计划               the year summarised wins
 */
#ifndef ZJ_META_H
#define ZJ_META_H

#include <stddef.h>

#include "text/docx.h"
#include "util/error.h"
#include "util/strmap.h"

enum zj_meta_source { ZJ_META_NONE = 0, ZJ_META_FOLDER, ZJ_META_TITLE, ZJ_META_MANIFEST };

struct zj_meta {
    char *title; /* the title line as written (trimmed), NULL when none was found */
    char *unit;  /* NULL when unknown */
    char *kind;  /* the rest of the title: 党风廉政建设工作总结; NULL when unknown */
    int year;    /* 0 when unknown */
    enum zj_meta_source unit_from, year_from;
    size_t title_line; /* 1-based line of the title, 0 when none */
    struct zj_docprops props; /* a .docx's docProps/core.xml; all NULL otherwise */
};

/* Parses the title line of decoded text into m (fields m does not have yet). */
void zj_meta_from_title(const char *text, size_t len, struct zj_meta *m);
/* Parses one title string; exposed for tests.  Fills what it finds. */
void zj_meta_parse_title(const char *title, struct zj_meta *m);
/* Year of the nearest enclosing folder named like a year, else 0. */
int zj_meta_year_from_path(const char *path);
void zj_meta_release(struct zj_meta *m);

/* A manifest: a CSV or TSV table with a header, `path` required; `unit`,
 * `year` and any other columns optional (extra columns become grouping
 * variables).  Chinese headers 路径/单位/年份(年度) are accepted too. */
struct zj_manifest {
    char *file;
    char **columns; /* header names, ncols */
    size_t ncols;
    int col_path, col_unit, col_year; /* -1 when absent */
    struct zj_manifest_row {
        char *path;     /* as written */
        char *resolved; /* joined with the manifest's folder */
        char *real;     /* realpath of resolved, NULL when it names no file */
        char **values;  /* ncols cells */
        long line;
        int used;
    } *rows;
    size_t nrows;
    struct zj_strmap by_real; /* real path -> row, built on first lookup */
    int indexed;
};

int zj_manifest_load(const char *file, struct zj_manifest *mf, struct zj_error *err);
/* Finds the row for an input path (by real path, or a bare file name unique
 * among `all` inputs); marks it used.  Returns the row index or -1. */
long zj_manifest_find(struct zj_manifest *mf, const char *input, const char *const *all,
                      size_t nall);
/* Overrides m with what the row says (non-empty unit / year cells).  Fails on
 * a year cell that is not a year. */
int zj_manifest_apply(const struct zj_manifest *mf, long row, struct zj_meta *m,
                      struct zj_error *err);
void zj_manifest_release(struct zj_manifest *mf);

#endif

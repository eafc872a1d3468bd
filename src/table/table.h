/*
 * table.h - table schemas and the writers (csv, tsv, md, jsonl).
 *
 * Every table zongjie prints has a fixed schema: named, typed columns.  Rows
 * are streamed to a writer one at a time, so a table of any length costs no
 * memory.  Numbers are written as numbers (JSON numbers, unquoted CSV
 * cells), an unknown value as an empty cell (null in JSON).
 *
 *   csv   RFC 4180: comma, CRLF-free (LF) records, fields quoted when they hold
 *         a comma, quote, CR, LF or leading/trailing space or TAB; optional
 *         UTF-8 BOM.
 *   tsv   TAB-separated; TAB, LF, CR and backslash in text escaped as \t \n \r \\.
 *   md    a GitHub pipe table; | escaped, line breaks as <br>; numbers right-aligned.
 *   jsonl one JSON object per line, keys in column order.
 */
#ifndef ZJ_TABLE_H
#define ZJ_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum zj_col_type { ZJ_COL_STR, ZJ_COL_INT, ZJ_COL_NUM };

struct zj_column {
    const char *name; /* stable lower_snake_case */
    enum zj_col_type type;
    int decimals; /* ZJ_COL_NUM: digits after the point */
};

struct zj_cell {
    int null;
    const char *s; /* ZJ_COL_STR: UTF-8, s[0..len) */
    size_t len;
    long long i;
    double d;
};

static inline struct zj_cell zj_cell_str(const char *s, size_t len)
{
    struct zj_cell c = {s == NULL, s, len, 0, 0};
    return c;
}
struct zj_cell zj_cell_cstr(const char *s); /* NULL = null cell */
static inline struct zj_cell zj_cell_int(long long i)
{
    struct zj_cell c = {0, NULL, 0, i, 0};
    return c;
}
static inline struct zj_cell zj_cell_num(double d)
{
    struct zj_cell c = {0, NULL, 0, 0, d};
    return c;
}
static inline struct zj_cell zj_cell_null(void)
{
    struct zj_cell c = {1, NULL, 0, 0, 0};
    return c;
}

enum zj_format { ZJ_FMT_CSV, ZJ_FMT_TSV, ZJ_FMT_MD, ZJ_FMT_JSONL };

int zj_format_parse(const char *name, enum zj_format *fmt);

/* A number as the writers put it, into buf (room for ZJ_NUMBER_MAX bytes);
 * return its length.  zj_format_int writes printf's "%lld".
 * zj_format_fixed writes printf's "%.*f" for the common numbers and returns
 * 0, writing nothing, for the rest (decimals past 15, magnitudes past 2^52
 * units of the last place, and products that lie too near a rounding tie
 * to tell in double), which the writers hand to printf. */
#define ZJ_NUMBER_MAX 48
size_t zj_format_int(char *buf, long long v);
size_t zj_format_fixed(char *buf, double d, int decimals);

enum zj_writer_flags {
    ZJ_WRITE_BOM = 1 << 0,   /* csv/tsv: start with a UTF-8 BOM (Excel) */
    ZJ_WRITE_INERT = 1 << 1, /* csv/tsv: a text cell starting with = + - @ TAB or CR gets a
                                leading ' so a spreadsheet never runs it as a formula */
};

struct zj_writer {
    FILE *fp;
    enum zj_format fmt;
    const struct zj_column *cols;
    size_t ncols;
    unsigned flags;
    size_t rows;
};

/* Writes the header (csv, tsv, md). */
void zj_writer_begin(struct zj_writer *w, FILE *fp, enum zj_format fmt,
                     const struct zj_column *cols, size_t ncols, unsigned flags);
/* A writer of more rows of w's table to fp, without the header: rows made
 * apart (on other threads) and copied into w's stream in order.  Its row
 * count starts at 0. */
void zj_writer_more(struct zj_writer *more, const struct zj_writer *w, FILE *fp);
/* cells has w->ncols entries, typed as the schema says. */
void zj_writer_row(struct zj_writer *w, const struct zj_cell *cells);
void zj_writer_end(struct zj_writer *w);

#endif

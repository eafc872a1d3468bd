/*
 * test_table.c - the table writers (table.h) and readers (read.h).
 *
 * One fixed schema with text, integer, number and null cells is written in
 * every format and compared with the whole expected output, byte for byte.
 * Then random cells full of quotes, commas, TABs, line ends, backslashes and
 * CJK are written as CSV and TSV and read back: what comes back must be what
 * went in, cell for cell.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table/read.h"
#include "table/table.h"
#include "util/buf.h"
#include "util/error.h"

static const struct zj_column schema[] = {
    {"doc", ZJ_COL_STR, 0},
    {"hits", ZJ_COL_INT, 0},
    {"per_10k", ZJ_COL_NUM, 2},
    {"note", ZJ_COL_STR, 0},
};
#define NCOLS (sizeof schema / sizeof schema[0])
#define NROWS 5

static void fixed_rows(struct zj_cell rows[NROWS][NCOLS])
{
    struct zj_cell r[NROWS][NCOLS] = {
        {zj_cell_cstr("a.txt"), zj_cell_int(3), zj_cell_num(1.5), zj_cell_cstr("plain")},
        {zj_cell_cstr("b,c.txt"), zj_cell_int(-2), zj_cell_num(1234.5), zj_cell_cstr("trail ")},
        {zj_cell_cstr(NULL), zj_cell_null(), zj_cell_num(NAN), zj_cell_cstr("say \"hi\"\nbye")},
        {zj_cell_cstr(" lead"), zj_cell_int(0), zj_cell_num(INFINITY), zj_cell_cstr("a\tb\\c\r|d")},
        {zj_cell_str("党风廉政建设", 12) /* a slice: 党风廉政 */, zj_cell_int(10),
         zj_cell_num(-0.25),
         zj_cell_cstr("\x01"
                      "ctl")},
    };
    memcpy(rows, r, sizeof r);
}

/* Writes the fixed table in fmt; returns the malloc'ed output. */
static char *write_fixed(enum zj_format fmt, unsigned flags, size_t *len)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *fp = open_memstream(&out, &out_len);
    assert_non_null(fp);
    struct zj_cell rows[NROWS][NCOLS];
    fixed_rows(rows);
    struct zj_writer w;
    zj_writer_begin(&w, fp, fmt, schema, NCOLS, flags);
    for (size_t i = 0; i < NROWS; i++)
        zj_writer_row(&w, rows[i]);
    zj_writer_end(&w);
    assert_int_equal(w.rows, NROWS);
    assert_int_equal(fclose(fp), 0);
    if (len) *len = out_len;
    return out;
}

static void assert_writes(enum zj_format fmt, unsigned flags, const char *want)
{
    size_t len;
    char *out = write_fixed(fmt, flags, &len);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    free(out);
}

static void test_csv_writer_quotes_only_what_needs_it(void **state)
{
    (void)state;
    assert_writes(ZJ_FMT_CSV, 0,
                  "doc,hits,per_10k,note\n"
                  "a.txt,3,1.50,plain\n"
                  "\"b,c.txt\",-2,1234.50,\"trail \"\n"
                  ",,,\"say \"\"hi\"\"\nbye\"\n"
                  "\" lead\",0,,\"a\tb\\c\r|d\"\n"
                  "党风廉政,10,-0.25,\x01"
                  "ctl\n");
}

static void test_tsv_writer_escapes_tab_newline_cr_and_backslash(void **state)
{
    (void)state;
    assert_writes(ZJ_FMT_TSV, 0,
                  "doc\thits\tper_10k\tnote\n"
                  "a.txt\t3\t1.50\tplain\n"
                  "b,c.txt\t-2\t1234.50\ttrail \n"
                  "\t\t\tsay \"hi\"\\nbye\n"
                  " lead\t0\t\ta\\tb\\\\c\\r|d\n"
                  "党风廉政\t10\t-0.25\t\x01"
                  "ctl\n");
}

static void test_md_writer_escapes_pipes_and_right_aligns_numbers(void **state)
{
    (void)state;
    assert_writes(ZJ_FMT_MD, 0,
                  "| doc | hits | per_10k | note |\n"
                  "|---|---:|---:|---|\n"
                  "| a.txt | 3 | 1.50 | plain |\n"
                  "| b,c.txt | -2 | 1234.50 | trail  |\n"
                  "|  |  |  | say \"hi\"<br>bye |\n"
                  "|  lead | 0 |  | a\tb\\c\\|d |\n"
                  "| 党风廉政 | 10 | -0.25 | \x01"
                  "ctl |\n");
}

static void test_jsonl_writer_escapes_controls_and_writes_null(void **state)
{
    (void)state;
    assert_writes(
        ZJ_FMT_JSONL, 0,
        "{\"doc\":\"a.txt\",\"hits\":3,\"per_10k\":1.50,\"note\":\"plain\"}\n"
        "{\"doc\":\"b,c.txt\",\"hits\":-2,\"per_10k\":1234.50,\"note\":\"trail \"}\n"
        "{\"doc\":null,\"hits\":null,\"per_10k\":null,\"note\":\"say \\\"hi\\\"\\nbye\"}\n"
        "{\"doc\":\" lead\",\"hits\":0,\"per_10k\":null,\"note\":\"a\\tb\\\\c\\r|d\"}\n"
        "{\"doc\":\"党风廉政\",\"hits\":10,\"per_10k\":-0.25,\"note\":\"\\u0001ctl\"}\n");
}

static void test_bom_flag_applies_to_csv_and_tsv_only(void **state)
{
    (void)state;
    static const enum zj_format fmts[] = {ZJ_FMT_CSV, ZJ_FMT_TSV, ZJ_FMT_MD, ZJ_FMT_JSONL};
    for (size_t i = 0; i < 4; i++) {
        size_t plain_len, bom_len;
        char *plain = write_fixed(fmts[i], 0, &plain_len);
        char *bom = write_fixed(fmts[i], ZJ_WRITE_BOM, &bom_len);
        int want_bom = fmts[i] == ZJ_FMT_CSV || fmts[i] == ZJ_FMT_TSV;
        assert_int_equal(bom_len, plain_len + (want_bom ? 3 : 0));
        if (want_bom) assert_memory_equal(bom, "\xEF\xBB\xBF", 3);
        assert_string_equal(bom + (want_bom ? 3 : 0), plain);
        free(plain);
        free(bom);
    }
}

static void test_empty_text_differs_from_null_only_in_json(void **state)
{
    (void)state;
    static const struct zj_column cols[] = {{"a", ZJ_COL_STR, 0}, {"b", ZJ_COL_STR, 0}};
    struct zj_cell row[] = {zj_cell_cstr(""), zj_cell_null()};
    static const struct {
        enum zj_format fmt;
        const char *want;
    } cases[] = {
        {ZJ_FMT_CSV, "a,b\n,\n"},
        {ZJ_FMT_TSV, "a\tb\n\t\n"},
        {ZJ_FMT_MD, "| a | b |\n|---|---|\n|  |  |\n"},
        {ZJ_FMT_JSONL, "{\"a\":\"\",\"b\":null}\n"},
    };
    for (size_t i = 0; i < 4; i++) {
        char *out = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&out, &len);
        struct zj_writer w;
        zj_writer_begin(&w, fp, cases[i].fmt, cols, 2, 0);
        zj_writer_row(&w, row);
        zj_writer_end(&w);
        fclose(fp);
        assert_string_equal(out, cases[i].want);
        free(out);
    }
}

/* libcsv trims unquoted blanks, so a cell starting or ending with a TAB is
 * quoted like one with a space; a TAB inside is left alone. */
static void test_csv_writer_quotes_edge_tabs(void **state)
{
    (void)state;
    static const struct zj_column cols[] = {
        {"a", ZJ_COL_STR, 0}, {"b", ZJ_COL_STR, 0}, {"c", ZJ_COL_STR, 0}};
    struct zj_cell row[] = {zj_cell_cstr("\tx"), zj_cell_cstr("x\t"), zj_cell_cstr("a\tb")};
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    struct zj_writer w;
    zj_writer_begin(&w, fp, ZJ_FMT_CSV, cols, 3, 0);
    zj_writer_row(&w, row);
    zj_writer_end(&w);
    fclose(fp);
    assert_string_equal(out, "a,b,c\n\"\tx\",\"x\t\",a\tb\n");
    free(out);
}

static void test_format_names_parse(void **state)
{
    (void)state;
    enum zj_format f;
    assert_int_equal(zj_format_parse("csv", &f), 0);
    assert_int_equal(f, ZJ_FMT_CSV);
    assert_int_equal(zj_format_parse("tsv", &f), 0);
    assert_int_equal(f, ZJ_FMT_TSV);
    assert_int_equal(zj_format_parse("md", &f), 0);
    assert_int_equal(f, ZJ_FMT_MD);
    assert_int_equal(zj_format_parse("markdown", &f), 0);
    assert_int_equal(f, ZJ_FMT_MD);
    assert_int_equal(zj_format_parse("jsonl", &f), 0);
    assert_int_equal(f, ZJ_FMT_JSONL);
    assert_int_equal(zj_format_parse("json", &f), 0);
    assert_int_equal(f, ZJ_FMT_JSONL);
    f = ZJ_FMT_TSV;
    assert_int_equal(zj_format_parse("xlsx", &f), -1);
    assert_int_equal(zj_format_parse("CSV", &f), -1);
    assert_int_equal(f, ZJ_FMT_TSV);
}

/* ---- readers ---------------------------------------------------------------- */

static void assert_record(const struct zj_rows *rows, size_t i, long line, size_t n, ...)
{
    assert_true(i < rows->count);
    const struct zj_record *r = &rows->records[i];
    assert_int_equal(r->line, line);
    assert_int_equal(r->ncells, n);
    va_list ap;
    va_start(ap, n);
    for (size_t k = 0; k < n; k++)
        assert_string_equal(r->cells[k], va_arg(ap, const char *));
    va_end(ap);
}

static void test_csv_reader_handles_quotes_and_multiline_records(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBFpath,unit\r\n"
                      "a.txt,\"甲,局\"\r\n"
                      "\n"
                      "\"b\n.txt\",\"say \"\"hi\"\"\"\n"
                      "c.txt,\n"
                      "d.txt";
    struct zj_rows rows = {0};
    struct zj_error err;
    assert_int_equal(zj_rows_parse(csv, strlen(csv), 0, "m.csv", &rows, &err), ZJ_OK);
    assert_int_equal(rows.count, 5);
    assert_record(&rows, 0, 1, 2, "path", "unit");
    assert_record(&rows, 1, 2, 2, "a.txt", "甲,局");
    assert_record(&rows, 2, 4, 2, "b\n.txt", "say \"hi\"");
    assert_record(&rows, 3, 6, 2, "c.txt", "");
    assert_record(&rows, 4, 7, 1, "d.txt");
    zj_rows_release(&rows);
}

static void test_csv_reader_reports_unterminated_quote(void **state)
{
    (void)state;
    const char *csv = "a,b\n1,\"open\n2,3\n";
    struct zj_rows rows = {0};
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_rows_parse(csv, strlen(csv), 0, "m.csv", &rows, &err), ZJ_ERR);
    assert_string_equal(err.file, "m.csv");
    assert_int_equal(err.line, 2); /* where the record with the open quote starts */
    assert_non_null(strstr(err.msg, "CSV: quoted field never closed"));
    zj_rows_release(&rows);
}

static void test_tsv_reader_unescapes_and_keeps_empty_cells(void **state)
{
    (void)state;
    const char *tsv = "a\tb\tc\r\n"
                      "x\\ty\t\\\\n\t\n"
                      "\n"
                      "\\q\\\tz\\n\\r\n";
    struct zj_rows rows = {0};
    struct zj_error err;
    assert_int_equal(zj_rows_parse(tsv, strlen(tsv), 1, "m.tsv", &rows, &err), ZJ_OK);
    assert_int_equal(rows.count, 3);
    assert_record(&rows, 0, 1, 3, "a", "b", "c");
    assert_record(&rows, 1, 2, 3, "x\ty", "\\n", "");
    /* an unknown escape and a final backslash are kept as written */
    assert_record(&rows, 2, 4, 2, "\\q\\", "z\n\r");
    zj_rows_release(&rows);
}

/* zj_rows_each: each record lent in order, the same cells and lines as the
 * whole-table reader gives, and a non-zero return stops the reading. */
struct seen_records {
    struct zj_rows copy;
    size_t stop_after;
};

static int note_record(const struct zj_record *rec, void *ctx)
{
    struct seen_records *seen = ctx;
    struct zj_rows *rows = &seen->copy;
    rows->records = realloc(rows->records, (rows->count + 1) * sizeof *rows->records);
    struct zj_record *keep = &rows->records[rows->count++];
    keep->ncells = rec->ncells, keep->line = rec->line;
    keep->cells = calloc(rec->ncells + 1, sizeof *keep->cells);
    for (size_t i = 0; i < rec->ncells; i++)
        keep->cells[i] = strdup(rec->cells[i]);
    return rows->count == seen->stop_after ? 7 : 0;
}

static void test_record_reader_lends_each_record_and_stops_when_asked(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBFpath,unit\r\na.txt,\"甲,局\"\r\n\"b\n.txt\",\n,\nd.txt";
    struct zj_rows whole = {0};
    struct zj_error err;
    assert_int_equal(zj_rows_parse(csv, strlen(csv), 0, "m.csv", &whole, &err), ZJ_OK);
    struct seen_records seen = {{0}, 0};
    assert_int_equal(zj_rows_each(csv, strlen(csv), 0, "m.csv", note_record, &seen, &err), ZJ_OK);
    assert_int_equal(seen.copy.count, whole.count);
    for (size_t r = 0; r < whole.count; r++) {
        assert_int_equal(seen.copy.records[r].line, whole.records[r].line);
        assert_int_equal(seen.copy.records[r].ncells, whole.records[r].ncells);
        for (size_t c = 0; c < whole.records[r].ncells; c++)
            assert_string_equal(seen.copy.records[r].cells[c], whole.records[r].cells[c]);
    }
    zj_rows_release(&seen.copy);
    for (int tsv = 0; tsv <= 1; tsv++) {
        const char *text = tsv ? "a\tb\nc\td\ne\tf\n" : "a,b\nc,d\ne,f\n";
        struct seen_records two = {{0}, 2};
        assert_int_equal(zj_rows_each(text, strlen(text), tsv, "m", note_record, &two, &err), 7);
        assert_int_equal(two.copy.count, 2);
        assert_string_equal(two.copy.records[1].cells[1], "d");
        zj_rows_release(&two.copy);
    }
    zj_rows_release(&whole);
}

static void test_read_file_picks_the_format_from_name_or_first_line(void **state)
{
    (void)state;
    static const struct {
        const char *suffix, *content;
        size_t ncells;
    } cases[] = {
        /* "a,b,c<TAB>x" is 2 cells as TSV, 3 as CSV */
        {".tsv", "a,b,c\tx\n", 2}, {".tab", "a,b,c\tx\n", 2},    {".csv", "a,b,c\tx\n", 3},
        {".txt", "a,b,c\tx\n", 2}, {".txt", "a,b,c\nx\ty\n", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/zj-table-XXXXXX%s", cases[i].suffix);
        int fd = mkstemps(path, (int)strlen(cases[i].suffix));
        assert_true(fd >= 0);
        assert_int_equal(write(fd, cases[i].content, strlen(cases[i].content)),
                         (ssize_t)strlen(cases[i].content));
        close(fd);
        struct zj_rows rows = {0};
        struct zj_error err;
        assert_int_equal(zj_rows_read_file(path, &rows, &err), ZJ_OK);
        assert_int_equal(unlink(path), 0);
        assert_int_equal(rows.records[0].ncells, cases[i].ncells);
        zj_rows_release(&rows);
    }
}

/* ---- round trip ----------------------------------------------------------------- */

static void random_cell(struct zj_buf *b, unsigned *seed)
{
    static const char *const pieces[] = {"a",    "中文", "\"",   ",",  "\t",  "\n",
                                         "\r",   "\r\n", "\\",   " ",  "\\t", "\\n",
                                         "\\\\", "x y",  "\"\"", "，", "#"};
    const int npieces = (int)(sizeof pieces / sizeof pieces[0]);
    int n = rand_r(seed) % 7;
    for (int i = 0; i < n; i++)
        zj_buf_addstr(b, pieces[rand_r(seed) % npieces]);
}

static void round_trip(enum zj_format fmt, unsigned seed)
{
    enum { COLS = 3, MAXROWS = 6 };
    static const struct zj_column cols[COLS] = {
        {"first", ZJ_COL_STR, 0}, {"second", ZJ_COL_STR, 0}, {"third", ZJ_COL_STR, 0}};
    struct zj_buf cells[MAXROWS][COLS];
    memset(cells, 0, sizeof cells);
    size_t nrows = 1 + (size_t)(rand_r(&seed) % MAXROWS);
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    struct zj_writer w;
    zj_writer_begin(&w, fp, fmt, cols, COLS, seed % 2 ? ZJ_WRITE_BOM : 0);
    for (size_t r = 0; r < nrows; r++) {
        struct zj_cell row[COLS];
        for (size_t c = 0; c < COLS; c++) {
            random_cell(&cells[r][c], &seed);
            row[c] = zj_cell_str(zj_buf_cstr(&cells[r][c]), cells[r][c].len);
        }
        zj_writer_row(&w, row);
    }
    zj_writer_end(&w);
    fclose(fp);

    struct zj_rows rows = {0};
    struct zj_error err;
    zj_error_clear(&err);
    if (zj_rows_parse(out, len, fmt == ZJ_FMT_TSV, "rt", &rows, &err) != ZJ_OK)
        fail_msg("parse failed: %s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(rows.count, nrows + 1);
    assert_record(&rows, 0, 1, 3, "first", "second", "third");
    for (size_t r = 0; r < nrows; r++) {
        assert_int_equal(rows.records[r + 1].ncells, COLS);
        for (size_t c = 0; c < COLS; c++) {
            const char *got = rows.records[r + 1].cells[c], *want = zj_buf_cstr(&cells[r][c]);
            if (strcmp(got, want))
                fail_msg("%s seed %u row %zu col %zu: wrote [%s] read [%s]",
                         fmt == ZJ_FMT_TSV ? "tsv" : "csv", seed, r, c, want, got);
        }
    }
    zj_rows_release(&rows);
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < COLS; c++)
            zj_buf_release(&cells[r][c]);
    free(out);
}

static void test_csv_round_trip_gives_back_every_cell(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 2000; seed++)
        round_trip(ZJ_FMT_CSV, seed);
}

static void test_tsv_round_trip_gives_back_every_cell(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 2000; seed++)
        round_trip(ZJ_FMT_TSV, seed);
}

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    return *x;
}

/* A number to format: any magnitude, short binary fractions (0.125 with two
 * decimals is an exact tie), a hair beside those, and decimal halves that
 * are no exact ties. */
static double some_number(uint64_t *x, int decimals)
{
    uint64_t r = xorshift(x);
    double d;
    switch (r >> 61) {
    case 0:
    case 1:
        d = ldexp((double)(xorshift(x) >> 11), (int)(r % 90) - 70);
        break;
    case 2:
    case 3:
        d = (double)(xorshift(x) >> 44) / (double)(1u << (r % 16));
        break;
    case 4:
        d = nextafter((double)(xorshift(x) >> 44) / (double)(1u << (r % 16)),
                      (r & 64) ? 1e300 : -1e300);
        break;
    case 5:
        d = ((double)(xorshift(x) >> 40) + 0.5) / pow(10, decimals);
        break;
    case 6:
        d = (double)(xorshift(x) % 100000) / 10000.0;
        break; /* a rate */
    default:
        d = (r & 1) ? 0.0 : 1e300 * (double)(r % 5);
    }
    return (r & 32) ? -d : d;
}

static void test_numbers_are_written_as_printf_writes_them(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL;
    size_t fast = 0, total = 400000;
    for (size_t i = 0; i < total; i++) {
        int decimals = (int)(xorshift(&x) % 17); /* 16: always printf's */
        double d = some_number(&x, decimals);
        char want[512], got[ZJ_NUMBER_MAX + 1];
        snprintf(want, sizeof want, "%.*f", decimals, d);
        size_t n = zj_format_fixed(got, d, decimals);
        if (!n) continue;
        fast++;
        got[n] = '\0';
        if (strcmp(got, want))
            fail_msg("%.17g with %d decimals: [%s], printf [%s]", d, decimals, got, want);
    }
    assert_true(fast > total / 2); /* 54%: this mix sends many to printf on purpose */
    size_t rates = 0;
    for (int i = 0; i < 100000; i++)
        rates += zj_format_fixed((char[ZJ_NUMBER_MAX]){0},
                                 (double)(xorshift(&x) % 10000000) / 997.0, 4) > 0;
    assert_true(rates >= 99900); /* the tables' numbers nearly all do */
    const long long ints[] = {0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0] + 10000; i++) {
        long long v =
            i < sizeof ints / sizeof ints[0] ? ints[i] : (long long)xorshift(&x) >> (x % 63);
        char want[32], got[ZJ_NUMBER_MAX + 1];
        snprintf(want, sizeof want, "%lld", v);
        got[zj_format_int(got, v)] = '\0';
        assert_string_equal(got, want);
    }
}

static char *write_one_row(enum zj_format fmt, const struct zj_cell *row, size_t *len)
{
    static const struct zj_column cols[] = {{"n", ZJ_COL_INT, 0}, {"text", ZJ_COL_STR, 0}};
    char *out = NULL;
    FILE *fp = open_memstream(&out, len);
    struct zj_writer w;
    zj_writer_begin(&w, fp, fmt, cols, 2, 0);
    zj_writer_row(&w, row);
    zj_writer_end(&w);
    fclose(fp);
    return out;
}

/* Cells longer than the writer's 4 KB row buffer: a plain one (written
 * straight through) in every format, and a CSV one with quotes throughout
 * (written in pieces around them). */
static void test_long_cells_are_written_whole(void **state)
{
    (void)state;
    struct zj_buf plain = ZJ_BUF_INIT, quoted = ZJ_BUF_INIT, want = ZJ_BUF_INIT;
    for (int i = 0; i < 3000; i++)
        zj_buf_addstr(&plain, "廉");
    static const char *const frame[][2] = {
        {"n,text\n7,", "\n"},
        {"n\ttext\n7\t", "\n"},
        {"| n | text |\n|---:|---|\n| 7 | ", " |\n"},
        {"{\"n\":7,\"text\":\"", "\"}\n"},
    };
    for (int f = ZJ_FMT_CSV; f <= ZJ_FMT_JSONL; f++) {
        zj_buf_truncate(&want, 0);
        zj_buf_addf(&want, "%s%s%s", frame[f][0], plain.ptr, frame[f][1]);
        size_t len;
        char *out = write_one_row(
            (enum zj_format)f,
            (struct zj_cell[]){zj_cell_int(7), zj_cell_str(plain.ptr, plain.len)}, &len);
        assert_int_equal(len, want.len);
        assert_memory_equal(out, want.ptr, len);
        free(out);
    }
    for (int i = 0; i < 3000; i++)
        zj_buf_addstr(&quoted, i % 7 ? "廉" : "\"");
    zj_buf_truncate(&want, 0);
    zj_buf_addstr(&want, "n,text\n7,\"");
    for (size_t i = 0; i < quoted.len; i++) {
        if (quoted.ptr[i] == '"') zj_buf_addch(&want, '"');
        zj_buf_addch(&want, quoted.ptr[i]);
    }
    zj_buf_addstr(&want, "\"\n");
    size_t len;
    char *out = write_one_row(
        ZJ_FMT_CSV, (struct zj_cell[]){zj_cell_int(7), zj_cell_str(quoted.ptr, quoted.len)}, &len);
    assert_int_equal(len, want.len);
    assert_memory_equal(out, want.ptr, len);
    free(out), zj_buf_release(&plain), zj_buf_release(&quoted), zj_buf_release(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_writer_quotes_only_what_needs_it),
        cmocka_unit_test(test_tsv_writer_escapes_tab_newline_cr_and_backslash),
        cmocka_unit_test(test_md_writer_escapes_pipes_and_right_aligns_numbers),
        cmocka_unit_test(test_jsonl_writer_escapes_controls_and_writes_null),
        cmocka_unit_test(test_bom_flag_applies_to_csv_and_tsv_only),
        cmocka_unit_test(test_empty_text_differs_from_null_only_in_json),
        cmocka_unit_test(test_csv_writer_quotes_edge_tabs),
        cmocka_unit_test(test_format_names_parse),
        cmocka_unit_test(test_csv_reader_handles_quotes_and_multiline_records),
        cmocka_unit_test(test_csv_reader_reports_unterminated_quote),
        cmocka_unit_test(test_tsv_reader_unescapes_and_keeps_empty_cells),
        cmocka_unit_test(test_record_reader_lends_each_record_and_stops_when_asked),
        cmocka_unit_test(test_read_file_picks_the_format_from_name_or_first_line),
        cmocka_unit_test(test_csv_round_trip_gives_back_every_cell),
        cmocka_unit_test(test_tsv_round_trip_gives_back_every_cell),
        cmocka_unit_test(test_numbers_are_written_as_printf_writes_them),
        cmocka_unit_test(test_long_cells_are_written_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

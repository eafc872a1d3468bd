/* fuzz_table.c - the CSV and TSV writers: whatever cells go in (split from
 * the input at 0x1f, rows at 0x1e) parse back to the same cells.  The
 * input's first nine bytes are also a double, a long long and a number of
 * decimals, which the writers' number formatting must write as printf does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/read.h"
#include "table/table.h"

#define MAXC 8

static void roundtrip(enum zj_format fmt, char **cells, size_t nrows, size_t ncols)
{
    struct zj_column cols[MAXC];
    for (size_t c = 0; c < ncols; c++) cols[c] = (struct zj_column){"c", ZJ_COL_STR, 0};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    struct zj_writer w;
    zj_writer_begin(&w, fp, fmt, cols, ncols, 0);
    for (size_t r = 0; r < nrows; r++) {
        struct zj_cell row[MAXC];
        for (size_t c = 0; c < ncols; c++) row[c] = zj_cell_cstr(cells[r * ncols + c]);
        zj_writer_row(&w, row);
    }
    zj_writer_end(&w);
    fclose(fp);
    struct zj_rows rows = {0};
    struct zj_error err;
    if (zj_rows_parse(buf, len, fmt == ZJ_FMT_TSV, "fuzz", &rows, &err)) abort();
    /* rows whose cells are all empty write as a blank line: readers skip those */
    size_t k = 1;
    for (size_t r = 0; r < nrows; r++) {
        int blank = 1;
        for (size_t c = 0; c < ncols; c++) blank &= !cells[r * ncols + c][0];
        if (blank && ncols == 1) continue;
        if (k >= rows.count || rows.records[k].ncells != ncols) abort();
        for (size_t c = 0; c < ncols; c++) {
            const char *got = rows.records[k].cells[c] ? rows.records[k].cells[c] : "";
            if (strcmp(got, cells[r * ncols + c])) abort();
        }
        k++;
    }
    zj_rows_release(&rows);
    free(buf);
}

static void numbers(const uint8_t *data)
{
    double d;
    long long i;
    memcpy(&d, data, sizeof d), memcpy(&i, data, sizeof i);
    int decimals = data[8] % 20;
    char want[400], got[ZJ_NUMBER_MAX + 1];
    size_t n = zj_format_fixed(got, d, decimals);
    if (n) {
        got[n] = '\0';
        snprintf(want, sizeof want, "%.*f", decimals, d);
        if (strcmp(got, want)) abort();
    }
    got[zj_format_int(got, i)] = '\0';
    snprintf(want, sizeof want, "%lld", i);
    if (strcmp(got, want)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 9) numbers(data);
    if (memchr(data, 0, size) || size < 1) return 0;
    size_t ncols = 1 + data[0] % MAXC;
    char *s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    char **cells = calloc(size * MAXC + MAXC, sizeof *cells);
    size_t n = 0;
    for (char *p = s;; n++) {
        char *e = p + strcspn(p, "\x1e\x1f");
        int end = !*e;
        *e = '\0';
        cells[n] = p;
        if (end) break;
        p = e + 1;
    }
    n++;
    while (n % ncols) cells[n++] = "";
    roundtrip(ZJ_FMT_CSV, cells, n / ncols, ncols);
    roundtrip(ZJ_FMT_TSV, cells, n / ncols, ncols);
    free(cells);
    free(s);
    return 0;
}

/*
 * xlsx_floor.c - what libxlsxwriter alone costs for a report's workbook: the
 * floor under `zongjie report`'s time, whose workbook is one process on one
 * core (bench/RESULTS.md, issue 7).  Run by hand, never in CI.
 *
 *   xlsx_floor OUT.xlsx CSV...      (e.g. the CSVs of a report folder)
 *
 * Parses every CSV beforehand (not timed), then writes the same cells with
 * bare library calls -- constant memory as zongjie does, a cell that parses
 * as a number as a number, no formats, widths or filters -- and prints the
 * CPU seconds of the cells and of workbook_close (the zip).  The program
 * links zjcore, so the zip level is zongjie's (src/table/xlsx.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <xlsxwriter.h>

#include "table/read.h"
#include "table/xlsx.h"

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void write_table(lxw_worksheet *ws, const struct zj_rows *rows)
{
    for (size_t r = 0; r < rows->count && r < ZJ_XLSX_MAX_ROWS; r++) {
        const struct zj_record *rec = &rows->records[r];
        for (size_t c = 0; c < rec->ncells; c++) {
            char *end;
            const char *s = rec->cells[c];
            if (!*s) continue;
            double v = strtod(s, &end);
            if (r > 0 && *end == '\0')
                worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, NULL);
            else
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, NULL);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xlsx_floor OUT.xlsx CSV...\n");
        return 2;
    }
    size_t n = (size_t)argc - 2, cells = 0;
    struct zj_rows *tables = calloc(n, sizeof *tables);
    for (size_t i = 0; i < n; i++) {
        struct zj_error err;
        if (zj_rows_read_file(argv[i + 2], &tables[i], &err)) {
            fprintf(stderr, "xlsx_floor: %s\n", err.msg);
            return 1;
        }
        for (size_t r = 0; r < tables[i].count; r++)
            cells += tables[i].records[r].ncells;
    }
    double t0 = cpu_seconds();
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[1], &opts);
    if (!wb) return 1;
    for (size_t i = 0; i < n; i++)
        write_table(workbook_add_worksheet(wb, NULL), &tables[i]);
    double t1 = cpu_seconds();
    lxw_error e = workbook_close(wb);
    double t2 = cpu_seconds();
    printf("%zu cells: cells %.2f s, close %.2f s, total %.2f s CPU%s\n", cells, t1 - t0, t2 - t1,
           t2 - t0, e == LXW_NO_ERROR ? "" : " (close failed)");
    for (size_t i = 0; i < n; i++)
        zj_rows_release(&tables[i]);
    free(tables);
    return e == LXW_NO_ERROR ? 0 : 1;
}

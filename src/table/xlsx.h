/*
 * xlsx.h - an Excel workbook of zongjie's tables (libxlsxwriter).
 *
 * Each table becomes a sheet: header row frozen and filtered, numbers stored
 * as numbers with a fitting format (labels.h: integers, 0.000, percentages,
 * p-values in scientific form), text always as text (a cell that starts with
 * `=` is never a formula), column widths fitted to the text with a CJK
 * character counted as two, long passage text wrapped.  The workbook is
 * written to a temporary file and renamed into place when complete.
 */
#ifndef ZJ_XLSX_H
#define ZJ_XLSX_H

#include "table/read.h"
#include "util/error.h"

struct zj_xlsx;

struct zj_xlsx *zj_xlsx_new(const char *path, struct zj_error *err);
/* Adds the CSV file at path (first record: the column names) as a sheet; zh:
 * Chinese headers.  A cell the CSV writer made inert (a leading ' before
 * = + - @) is shown as its plain text.  The file is read once into memory and
 * its rows written one at a time (a second look at the cells only for columns
 * whose name does not say their kind).  A sheet holds at most ZJ_XLSX_MAX_ROWS
 * rows (Excel's limit); *left is how many data rows did not fit (the CSV has
 * them all).  ZJ_ERR: unreadable or malformed CSV. */
#define ZJ_XLSX_MAX_ROWS 1048576
int zj_xlsx_add_csv(struct zj_xlsx *x, const char *sheet, const char *path, int zh, size_t *left,
                    struct zj_error *err);
/* Adds a sheet of (label, text) lines, e.g. the guide to the other sheets. */
void zj_xlsx_add_notes(struct zj_xlsx *x, const char *sheet, const char *const *lines, size_t n);
/* Writes the file and renames it into place; frees x. */
int zj_xlsx_close(struct zj_xlsx *x, struct zj_error *err);

#endif

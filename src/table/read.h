/*
 * read.h - reading CSV and TSV tables (manifests, golden files, round trips).
 *
 * CSV is parsed by libcsv (RFC 4180, quoted fields with embedded newlines).
 * TSV is one record per line, fields split on TAB, with the escapes zongjie's
 * own TSV writer uses (\t \n \r \\) turned back into characters.  A UTF-8 BOM
 * at the start is skipped.  The format is chosen from the file name (.tsv,
 * .tab) or, failing that, from whether the first line holds a TAB.
 */
#ifndef ZJ_TABLE_READ_H
#define ZJ_TABLE_READ_H

#include <stddef.h>

#include "util/error.h"

struct zj_rows {
    struct zj_record {
        char **cells;
        size_t ncells;
        long line; /* 1-based line where the record starts */
    } *records;
    size_t count, alloc;
};

int zj_rows_read_file(const char *path, struct zj_rows *rows, struct zj_error *err);
/* Parses a buffer; tsv selects the format. */
int zj_rows_parse(const char *data, size_t len, int tsv, const char *path, struct zj_rows *rows,
                  struct zj_error *err);
void zj_rows_release(struct zj_rows *rows);

#endif

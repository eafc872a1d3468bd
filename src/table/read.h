/*
 * read.h - reading CSV and TSV tables (manifests, golden files, round trips).
 *
 * CSV is parsed by libcsv (RFC 4180, quoted fields with embedded newlines).
 * TSV is one record per line, fields split on TAB, with the escapes zongjie's
 * own TSV writer uses (\t \n \r \\) turned back into characters.  A UTF-8 BOM
 * at the start is skipped.  The format is chosen from the file name (.tsv,
 * .tab) or, failing that, from whether the first line holds a TAB.
 *
 * A table is read either whole (zj_rows: every cell a string of its own) or
 * one record at a time (zj_rows_each: the record is lent to a callback and
 * its storage reused for the next, so a large table costs one record).
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
/* Calls fn on each record in order; rec and its cells (never NULL: "" for an
 * empty cell) are valid during the call only.  fn returns 0 to go on; any
 * other value stops the reading and is returned (fn fills err if it wants a
 * message).  Otherwise returns ZJ_OK, or ZJ_ERR for a malformed file. */
typedef int zj_record_fn(const struct zj_record *rec, void *ctx);
int zj_rows_each_file(const char *path, zj_record_fn *fn, void *ctx, struct zj_error *err);
int zj_rows_each(const char *data, size_t len, int tsv, const char *path, zj_record_fn *fn,
                 void *ctx, struct zj_error *err);
/* Parses a buffer; tsv selects the format. */
int zj_rows_parse(const char *data, size_t len, int tsv, const char *path, struct zj_rows *rows,
                  struct zj_error *err);
void zj_rows_release(struct zj_rows *rows);

#endif

/* read.c - see read.h.
 *
 * Both formats are parsed into one record at a time (struct record_builder:
 * the cells' bytes in one buffer, reused from record to record), handed to a
 * callback; zj_rows_parse is that callback keeping a copy of every record.
 * A caller that needs one record at a time (the workbook, reading 100 MB of
 * CSV) thus pays for neither a copy per cell nor the whole table in memory. */
#include "table/read.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "doc/walk.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

/* The record being parsed: cell i is text.ptr + start[i], NUL-terminated. */
struct record_builder {
    struct zj_buf text;
    size_t *start, nstart;
    char **cells;
    size_t ncells, start_alloc, cells_alloc;
};

static void add_cell(struct record_builder *b, const char *s, size_t len)
{
    b->start = zj_xgrow(b->start, sizeof *b->start, b->ncells + 1, &b->start_alloc);
    b->start[b->ncells++] = b->text.len;
    if (len) zj_buf_add(&b->text, s, len);
    zj_buf_addch(&b->text, '\0');
}

/* Lends the record to fn and empties the builder for the next one. */
static int emit_record(struct record_builder *b, long line, zj_record_fn *fn, void *ctx)
{
    b->cells = zj_xgrow(b->cells, sizeof *b->cells, b->ncells + 1, &b->cells_alloc);
    for (size_t i = 0; i < b->ncells; i++)
        b->cells[i] = b->text.ptr + b->start[i];
    struct zj_record rec = {b->cells, b->ncells, line};
    int rc = fn(&rec, ctx);
    b->ncells = 0;
    zj_buf_truncate(&b->text, 0);
    return rc;
}

static void builder_release(struct record_builder *b)
{
    zj_buf_release(&b->text);
    free(b->start), free(b->cells);
}

struct csv_state {
    struct record_builder rec;
    zj_record_fn *fn;
    void *ctx;
    int stop; /* what fn returned when it asked to stop */
    long line;
    long record_line;
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_state *st = data;
    if (!st->stop) add_cell(&st->rec, s, len);
}

static void on_record(int c, void *data)
{
    struct csv_state *st = data;
    (void)c;
    if (!st->stop && st->rec.ncells)
        st->stop = emit_record(&st->rec, st->record_line, st->fn, st->ctx);
}

static int parse_csv(const char *data, size_t len, const char *path, zj_record_fn *fn, void *ctx,
                     struct zj_error *err)
{
    struct csv_parser p;
    /* STRICT_FINI: a quote left open at the end is an error, not a last cell
     * that silently swallows every following row. */
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return zj_error_set(err, path, 0, 0, "cannot start the CSV parser");
    struct csv_state st = {.fn = fn, .ctx = ctx, .line = 1, .record_line = 1};
    /* Feed line by line so errors and records can name their line (a record
     * ends at a line end, so fn runs at most once per line). */
    size_t i = 0;
    int rc = ZJ_OK;
    while (i < len && rc == ZJ_OK && !st.stop) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
        if (!st.rec.ncells && !(p.pstate)) st.record_line = st.line;
        if (csv_parse(&p, data + i, l, on_field, on_record, &st) != l)
            rc = zj_error_set(err, path, st.line, 0, "CSV: %s", csv_strerror(csv_error(&p)));
        i += l;
        st.line++;
    }
    if (rc == ZJ_OK && !st.stop && csv_fini(&p, on_field, on_record, &st) != 0)
        rc = zj_error_set(err, path, st.record_line, 0, "CSV: quoted field never closed (%s)",
                          csv_strerror(csv_error(&p)));
    builder_release(&st.rec);
    csv_free(&p);
    return rc == ZJ_OK ? st.stop : rc;
}

static void unescape_tsv(const char *s, size_t len, struct zj_buf *out)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && strchr("tnr\\", s[i + 1])) {
            char c = s[++i];
            zj_buf_addch(out, c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : '\\');
        } else {
            zj_buf_addch(out, s[i]);
        }
    }
}

/* Splits the line [from, stop) on TAB into b. */
static void split_tsv_line(const char *data, size_t from, size_t stop, struct record_builder *b)
{
    struct zj_buf cell = ZJ_BUF_INIT;
    for (size_t f = from;;) {
        const char *tab = memchr(data + f, '\t', stop - f);
        size_t fe = tab ? (size_t)(tab - data) : stop;
        zj_buf_truncate(&cell, 0);
        unescape_tsv(data + f, fe - f, &cell);
        add_cell(b, zj_buf_cstr(&cell), cell.len);
        if (!tab) break;
        f = fe + 1;
    }
    zj_buf_release(&cell);
}

static int parse_tsv(const char *data, size_t len, zj_record_fn *fn, void *ctx)
{
    struct record_builder b = {ZJ_BUF_INIT, NULL, 0, NULL, 0, 0, 0};
    int rc = 0;
    long line = 1;
    for (size_t i = 0; i < len && !rc; line++) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t stop = end > i && data[end - 1] == '\r' ? end - 1 : end;
        if (stop > i) {
            split_tsv_line(data, i, stop, &b);
            rc = emit_record(&b, line, fn, ctx);
        }
        i = end + 1;
    }
    builder_release(&b);
    return rc;
}

int zj_rows_each(const char *data, size_t len, int tsv, const char *path, zj_record_fn *fn,
                 void *ctx, struct zj_error *err)
{
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    return tsv ? parse_tsv(data, len, fn, ctx) : parse_csv(data, len, path, fn, ctx, err);
}

/* zj_rows_parse's callback: keeps a copy of the record. */
static int keep_record(const struct zj_record *rec, void *ctx)
{
    struct zj_rows *rows = ctx;
    struct zj_record copy = {zj_xcalloc(rec->ncells + 1, sizeof *copy.cells), rec->ncells,
                             rec->line};
    for (size_t i = 0; i < rec->ncells; i++)
        copy.cells[i] = zj_xstrdup(rec->cells[i]);
    rows->records = zj_xgrow(rows->records, sizeof *rows->records, rows->count + 1, &rows->alloc);
    rows->records[rows->count++] = copy;
    return 0;
}

int zj_rows_parse(const char *data, size_t len, int tsv, const char *path, struct zj_rows *rows,
                  struct zj_error *err)
{
    return zj_rows_each(data, len, tsv, path, keep_record, rows, err);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

int zj_rows_each_file(const char *path, zj_record_fn *fn, void *ctx, struct zj_error *err)
{
    unsigned char *data;
    size_t len;
    if (zj_read_file(path, &data, &len, err)) return ZJ_ERR;
    int tsv;
    if (ends_with(path, ".tsv") || ends_with(path, ".tab")) tsv = 1;
    else if (ends_with(path, ".csv")) tsv = 0;
    else {
        const char *nl = memchr(data, '\n', len);
        tsv = memchr(data, '\t', nl ? (size_t)(nl - (char *)data) : len) != NULL;
    }
    int rc = zj_rows_each((const char *)data, len, tsv, path, fn, ctx, err);
    free(data);
    return rc;
}

int zj_rows_read_file(const char *path, struct zj_rows *rows, struct zj_error *err)
{
    return zj_rows_each_file(path, keep_record, rows, err);
}

void zj_rows_release(struct zj_rows *rows)
{
    for (size_t i = 0; i < rows->count; i++) {
        for (size_t k = 0; k < rows->records[i].ncells; k++) free(rows->records[i].cells[k]);
        free(rows->records[i].cells);
    }
    free(rows->records);
    memset(rows, 0, sizeof *rows);
}

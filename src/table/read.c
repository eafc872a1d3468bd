/* read.c - see read.h. */
#include "table/read.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "doc/walk.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

struct csv_state {
    struct zj_rows *rows;
    struct zj_record cur;
    size_t cur_alloc;
    long line;
    long record_line;
};

static void push_cell(struct zj_record *r, size_t *alloc, const char *s, size_t len)
{
    r->cells = zj_xgrow(r->cells, sizeof *r->cells, r->ncells + 1, alloc);
    r->cells[r->ncells++] = zj_xstrndup(s ? s : "", len);
}

static void push_record(struct zj_rows *rows, struct zj_record *r, size_t *alloc)
{
    rows->records = zj_xgrow(rows->records, sizeof *rows->records, rows->count + 1, &rows->alloc);
    rows->records[rows->count++] = *r;
    memset(r, 0, sizeof *r);
    *alloc = 0;
}

static void on_field(void *s, size_t len, void *data)
{
    struct csv_state *st = data;
    if (!st->cur.ncells) st->cur.line = st->record_line;
    push_cell(&st->cur, &st->cur_alloc, s, len);
}

static void on_record(int c, void *data)
{
    struct csv_state *st = data;
    (void)c;
    if (st->cur.ncells) push_record(st->rows, &st->cur, &st->cur_alloc);
}

static int parse_csv(const char *data, size_t len, const char *path, struct zj_rows *rows,
                     struct zj_error *err)
{
    struct csv_parser p;
    /* STRICT_FINI: a quote left open at the end is an error, not a last cell
     * that silently swallows every following row. */
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return zj_error_set(err, path, 0, 0, "cannot start the CSV parser");
    struct csv_state st = {rows, {NULL, 0, 0}, 0, 1, 1};
    /* Feed line by line so errors and records can name their line. */
    size_t i = 0;
    int rc = ZJ_OK;
    while (i < len && rc == ZJ_OK) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
        if (!st.cur.ncells && !(p.pstate)) st.record_line = st.line;
        if (csv_parse(&p, data + i, l, on_field, on_record, &st) != l)
            rc = zj_error_set(err, path, st.line, 0, "CSV: %s", csv_strerror(csv_error(&p)));
        i += l;
        st.line++;
    }
    if (rc == ZJ_OK && csv_fini(&p, on_field, on_record, &st) != 0)
        rc = zj_error_set(err, path, st.record_line, 0, "CSV: quoted field never closed (%s)",
                          csv_strerror(csv_error(&p)));
    for (size_t k = 0; k < st.cur.ncells; k++) free(st.cur.cells[k]);
    free(st.cur.cells);
    csv_free(&p);
    return rc;
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

static void parse_tsv(const char *data, size_t len, struct zj_rows *rows)
{
    long line = 1;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t stop = end > i && data[end - 1] == '\r' ? end - 1 : end;
        if (stop > i) {
            struct zj_record r = {NULL, 0, line};
            size_t alloc = 0;
            for (size_t f = i;;) {
                const char *tab = memchr(data + f, '\t', stop - f);
                size_t fe = tab ? (size_t)(tab - data) : stop;
                struct zj_buf cell = ZJ_BUF_INIT;
                unescape_tsv(data + f, fe - f, &cell);
                push_cell(&r, &alloc, zj_buf_cstr(&cell), cell.len);
                zj_buf_release(&cell);
                if (!tab) break;
                f = fe + 1;
            }
            push_record(rows, &r, &alloc);
        }
        i = end + 1;
    }
}

int zj_rows_parse(const char *data, size_t len, int tsv, const char *path, struct zj_rows *rows,
                  struct zj_error *err)
{
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    if (tsv) {
        parse_tsv(data, len, rows);
        return ZJ_OK;
    }
    return parse_csv(data, len, path, rows, err);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

int zj_rows_read_file(const char *path, struct zj_rows *rows, struct zj_error *err)
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
    int rc = zj_rows_parse((const char *)data, len, tsv, path, rows, err);
    free(data);
    return rc;
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

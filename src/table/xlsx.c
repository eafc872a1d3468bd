/* xlsx.c - see xlsx.h. */
#include "table/xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "table/labels.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

#define MAX_WIDTH 50
#define LONG_TEXT_WIDTH 60

struct zj_xlsx {
    lxw_workbook *wb;
    char *path, *tmp;
    lxw_format *header, *integer, *number, *share, *pvalue, *wrap;
};

struct zj_xlsx *zj_xlsx_new(const char *path, struct zj_error *err)
{
    struct zj_xlsx *x = zj_xcalloc(1, sizeof *x);
    struct zj_buf tmp = ZJ_BUF_INIT;
    zj_buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    x->path = zj_xstrdup(path);
    x->tmp = zj_buf_detach(&tmp, NULL);
    /* constant memory: each row goes to a temporary file as soon as the next
     * starts (rows are written in order), so a million-row sheet costs no more
     * memory than one row; strings are then stored inline, which Excel and
     * LibreOffice read alike */
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    x->wb = workbook_new_opt(x->tmp, &opts);
    if (!x->wb) {
        zj_error_set(err, path, 0, 0, "cannot create workbook");
        free(x->path), free(x->tmp), free(x);
        return NULL;
    }
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    x->integer = workbook_add_format(x->wb);
    format_set_num_format(x->integer, "0");
    x->number = workbook_add_format(x->wb);
    format_set_num_format(x->number, "0.000");
    x->share = workbook_add_format(x->wb);
    format_set_num_format(x->share, "0.00%");
    x->pvalue = workbook_add_format(x->wb);
    format_set_num_format(x->pvalue, "0.00E+00");
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    return x;
}

/* Display width: a CJK (wide) character counts two. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const uint8_t *p = (const uint8_t *)s; *p;) {
        int l = zj_utf8_len(*p);
        w += l >= 3 ? 2 : 1;
        for (int i = 0; i < l && *p; i++) p++;
    }
    return w;
}

static int parses_as_number(const char *s, double *v)
{
    char *end;
    if (!*s) return 0;
    *v = strtod(s, &end);
    return *end == '\0';
}

static enum zj_col_kind column_kind(const struct zj_rows *rows, size_t c)
{
    enum zj_col_kind k = zj_label_of(rows->records[0].cells[c]).kind;
    if (k != ZJ_KIND_UNKNOWN) return k;
    for (size_t r = 1; r < rows->count; r++) {
        double v;
        const char *cell = c < rows->records[r].ncells ? rows->records[r].cells[c] : "";
        if (cell && *cell && !parses_as_number(cell, &v)) return ZJ_KIND_TEXT;
    }
    return ZJ_KIND_NUM;
}

static lxw_format *format_of(struct zj_xlsx *x, enum zj_col_kind k)
{
    switch (k) {
    case ZJ_KIND_INT: return x->integer;
    case ZJ_KIND_NUM: return x->number;
    case ZJ_KIND_SHARE: return x->share;
    case ZJ_KIND_P: return x->pvalue;
    case ZJ_KIND_LONG_TEXT: return x->wrap;
    default: return NULL;
    }
}

static void write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *cell,
                       enum zj_col_kind k, lxw_format *f)
{
    double v;
    if (!cell || !*cell) return;
    if (k != ZJ_KIND_TEXT && k != ZJ_KIND_LONG_TEXT && parses_as_number(cell, &v))
        worksheet_write_number(ws, r, c, v, f);
    else
        worksheet_write_string(ws, r, c, cell, f); /* never a formula, whatever it starts with */
}

/* Sheet names: at most 31 characters, none of []:*?/\ */
static void sheet_name(const char *in, char *out, size_t size)
{
    size_t j = 0, chars = 0;
    for (const char *p = in; *p && j + 4 < size && chars < 31; chars++) {
        int l = zj_utf8_len((uint8_t)*p);
        if (strchr("[]:*?/\\", *p)) out[j++] = '_', p++;
        else
            for (int i = 0; i < l && *p; i++) out[j++] = *p++;
    }
    out[j] = '\0';
}

size_t zj_xlsx_add_table(struct zj_xlsx *x, const char *sheet, const struct zj_rows *all, int zh)
{
    char name[128];
    sheet_name(sheet, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!all->count) return 0;
    struct zj_rows capped = *all;
    if (capped.count > ZJ_XLSX_MAX_ROWS) capped.count = ZJ_XLSX_MAX_ROWS;
    const struct zj_rows *rows = &capped;
    const struct zj_record *head = &rows->records[0];
    size_t ncols = head->ncells;
    size_t *width = zj_xcalloc(ncols + 1, sizeof *width);
    for (size_t c = 0; c < ncols; c++)
        width[c] = display_width(zh ? zj_label_of(head->cells[c]).zh : head->cells[c]);
    /* kinds and widths first: columns are set before any row is streamed out */
    enum zj_col_kind *kind = zj_xcalloc(ncols + 1, sizeof *kind);
    lxw_format **fmt = zj_xcalloc(ncols + 1, sizeof *fmt);
    for (size_t c = 0; c < ncols; c++) {
        kind[c] = column_kind(rows, c), fmt[c] = format_of(x, kind[c]);
        for (size_t r = 1; r < rows->count; r++) {
            const char *cell = c < rows->records[r].ncells ? rows->records[r].cells[c] : NULL;
            size_t w = cell ? display_width(cell) : 0;
            if (w > width[c]) width[c] = w;
        }
        size_t cap = kind[c] == ZJ_KIND_LONG_TEXT ? LONG_TEXT_WIDTH : MAX_WIDTH;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)(width[c] > cap ? cap : width[c]) + 2, fmt[c]);
    }
    for (size_t c = 0; c < ncols; c++) {
        const char *label = zh ? zj_label_of(head->cells[c]).zh : head->cells[c];
        worksheet_write_string(ws, 0, (lxw_col_t)c, label, x->header);
    }
    for (size_t r = 1; r < rows->count; r++)
        for (size_t c = 0; c < ncols; c++) {
            const char *cell = c < rows->records[r].ncells ? rows->records[r].cells[c] : "";
            write_cell(ws, (lxw_row_t)r, (lxw_col_t)c, cell, kind[c], fmt[c]);
        }
    free(kind), free(fmt);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows->count - 1), (lxw_col_t)(ncols ? ncols - 1 : 0));
    free(width);
    return all->count - capped.count;
}

void zj_xlsx_add_notes(struct zj_xlsx *x, const char *sheet, const char *const *lines, size_t n)
{
    char name[128];
    sheet_name(sheet, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    worksheet_set_column(ws, 0, 0, 24, x->header);
    worksheet_set_column(ws, 1, 1, 100, x->wrap);
    for (size_t i = 0; i + 1 < n; i += 2) {
        worksheet_write_string(ws, (lxw_row_t)(i / 2), 0, lines[i], x->header);
        worksheet_write_string(ws, (lxw_row_t)(i / 2), 1, lines[i + 1], x->wrap);
    }
}

int zj_xlsx_close(struct zj_xlsx *x, struct zj_error *err)
{
    lxw_error e = workbook_close(x->wb);
    int rc = ZJ_OK;
    if (e != LXW_NO_ERROR) {
        rc = zj_error_set(err, x->path, 0, 0, "cannot write workbook: %s", lxw_strerror(e));
        unlink(x->tmp);
    } else if (rename(x->tmp, x->path) != 0) {
        rc = zj_error_set(err, x->path, 0, 0, "cannot write workbook: %s", strerror(errno));
        unlink(x->tmp);
    }
    free(x->path), free(x->tmp), free(x);
    return rc;
}

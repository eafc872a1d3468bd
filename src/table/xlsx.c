/* xlsx.c - see xlsx.h. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "table/xlsx.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "doc/walk.h"
#include "table/labels.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/buf.h"

#define MAX_WIDTH 50
/* zlib level of the workbook's zip members, see zipOpenNewFileInZip4_64 */
#define ZIP_LEVEL 2
#define LONG_TEXT_WIDTH 60

/* minizip's zipOpenNewFileInZip4_64, with its types spelt out (Debian ships
 * no minizip header): zipFile and zip_fileinfo * as pointers, uInt and uLong
 * as unsigned int and unsigned long. */
int zipOpenNewFileInZip4_64(void *zip, const char *name, const void *info, const void *local_extra,
                            unsigned local_extra_size, const void *global_extra,
                            unsigned global_extra_size, const char *comment, int method, int level,
                            int raw, int window_bits, int mem_level, int strategy,
                            const char *password, unsigned long crc, unsigned long version,
                            unsigned long flags, int zip64);

/* libxlsxwriter (1.1.4, Debian's) zips the workbook with minizip at zlib's
 * default level 6 and has no setting for it; deflating was ~40% of the
 * workbook's CPU on 100 MB of summaries, all of it on one core after the last
 * table.  Level 2 packs those sheets in less than half the time for a file
 * ~17% larger (bench/RESULTS.md).  The dynamic linker binds libxlsxwriter's
 * call to this definition, the program's own, before minizip's, so it passes
 * the call on with that level.  A libxlsxwriter with minizip built in never
 * calls it: its workbooks are then smaller and slower to make, nothing else. */
int zipOpenNewFileInZip4_64(void *zip, const char *name, const void *info, const void *local_extra,
                            unsigned local_extra_size, const void *global_extra,
                            unsigned global_extra_size, const char *comment, int method, int level,
                            int raw, int window_bits, int mem_level, int strategy,
                            const char *password, unsigned long crc, unsigned long version,
                            unsigned long flags, int zip64)
{
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    __typeof__(&zipOpenNewFileInZip4_64) next;
    if (!sym) return -104;            /* ZIP_INTERNALERROR: the workbook fails, with a message */
    memcpy(&next, &sym, sizeof next); /* object pointer to function pointer, as POSIX allows */
    if (method == 8 /* Z_DEFLATED */ && level == -1 /* Z_DEFAULT_COMPRESSION */) level = ZIP_LEVEL;
    return next(zip, name, info, local_extra, local_extra_size, global_extra, global_extra_size,
                comment, method, level, raw, window_bits, mem_level, strategy, password, crc,
                version, flags, zip64);
}

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

/* A sheet being filled from a CSV, one record at a time. */
struct sheet_fill {
    struct zj_xlsx *x;
    lxw_worksheet *ws;
    int zh;
    size_t ncols, records; /* records: seen so far, the header included */
    size_t *width;
    enum zj_col_kind *kind;
    lxw_format **fmt;
};

/* A CSV cell made inert for spreadsheets (leading ') is its plain text in a
 * workbook, where strings are never formulas. */
static const char *plain_text(const char *s)
{
    return s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
}

/* Pre-pass for columns no label types (manifest columns): a column is a
 * number column when every non-empty cell parses as one. */
static int scan_kinds(const struct zj_record *rec, void *ctx)
{
    struct sheet_fill *f = ctx;
    if (f->records++ == 0) {
        f->ncols = rec->ncells;
        f->kind = zj_xcalloc(f->ncols + 1, sizeof *f->kind);
        int unknown = 0;
        for (size_t c = 0; c < f->ncols; c++)
            unknown |= (f->kind[c] = zj_label_of(rec->cells[c]).kind) == ZJ_KIND_UNKNOWN;
        return !unknown; /* every column typed by its name: no need to look further */
    }
    if (f->records > ZJ_XLSX_MAX_ROWS) return 1; /* the rest does not reach the sheet */
    for (size_t c = 0; c < f->ncols && c < rec->ncells; c++) {
        double v;
        const char *cell = plain_text(rec->cells[c]);
        if (f->kind[c] == ZJ_KIND_UNKNOWN && *cell && !parses_as_number(cell, &v))
            f->kind[c] = ZJ_KIND_TEXT;
    }
    return 0;
}

static int column_kinds(const char *csv, size_t len, const char *path, struct sheet_fill *f,
                        struct zj_error *err)
{
    int rc = zj_rows_each(csv, len, 0, path, scan_kinds, f, err);
    if (rc < 0) return rc;
    for (size_t c = 0; c < f->ncols; c++)
        if (f->kind[c] == ZJ_KIND_UNKNOWN) f->kind[c] = ZJ_KIND_NUM;
    f->records = 0;
    return ZJ_OK;
}

/* Column formats are set before any cell is written (the cells' styles are
 * numbered in the order they are first used); the widths, known only once
 * every row was seen, are set again at the end. */
static void set_columns(struct sheet_fill *f)
{
    for (size_t c = 0; c < f->ncols; c++) {
        size_t cap = f->kind[c] == ZJ_KIND_LONG_TEXT ? LONG_TEXT_WIDTH : MAX_WIDTH;
        double w = (double)(f->width[c] > cap ? cap : f->width[c]) + 2;
        worksheet_set_column(f->ws, (lxw_col_t)c, (lxw_col_t)c, w, f->fmt[c]);
    }
}

/* f->kind and f->ncols come from column_kinds, which saw this header first. */
static void start_sheet(struct sheet_fill *f, const struct zj_record *head)
{
    f->width = zj_xcalloc(f->ncols + 1, sizeof *f->width);
    f->fmt = zj_xcalloc(f->ncols + 1, sizeof *f->fmt);
    for (size_t c = 0; c < f->ncols; c++) {
        const char *label = f->zh ? zj_label_of(head->cells[c]).zh : head->cells[c];
        f->width[c] = display_width(label);
        f->fmt[c] = format_of(f->x, f->kind[c]);
    }
    set_columns(f);
    for (size_t c = 0; c < f->ncols; c++) {
        const char *label = f->zh ? zj_label_of(head->cells[c]).zh : head->cells[c];
        worksheet_write_string(f->ws, 0, (lxw_col_t)c, label, f->x->header);
    }
}

static int fill_row(const struct zj_record *rec, void *ctx)
{
    struct sheet_fill *f = ctx;
    size_t r = f->records++;
    if (r == 0) start_sheet(f, rec);
    if (r == 0 || r >= ZJ_XLSX_MAX_ROWS) return 0; /* beyond: counted, not shown */
    for (size_t c = 0; c < f->ncols && c < rec->ncells; c++) {
        const char *cell = plain_text(rec->cells[c]);
        size_t w = display_width(cell);
        if (w > f->width[c]) f->width[c] = w;
        write_cell(f->ws, (lxw_row_t)r, (lxw_col_t)c, cell, f->kind[c], f->fmt[c]);
    }
    return 0;
}

int zj_xlsx_add_csv(struct zj_xlsx *x, const char *sheet, const char *path, int zh, size_t *left,
                    struct zj_error *err)
{
    char name[128];
    sheet_name(sheet, name, sizeof name);
    struct sheet_fill f = {x, workbook_add_worksheet(x->wb, name), zh, 0, 0, NULL, NULL, NULL};
    unsigned char *csv;
    size_t len;
    if (zj_read_file(path, &csv, &len, err)) return ZJ_ERR;
    int rc = column_kinds((const char *)csv, len, path, &f, err);
    if (rc == ZJ_OK) rc = zj_rows_each((const char *)csv, len, 0, path, fill_row, &f, err);
    free(csv);
    *left = f.records > ZJ_XLSX_MAX_ROWS ? f.records - ZJ_XLSX_MAX_ROWS : 0;
    if (rc == ZJ_OK && f.records) {
        size_t shown = f.records - *left;
        set_columns(&f);
        worksheet_freeze_panes(f.ws, 1, 0);
        worksheet_autofilter(f.ws, 0, 0, (lxw_row_t)(shown - 1),
                             (lxw_col_t)(f.ncols ? f.ncols - 1 : 0));
    }
    free(f.width), free(f.kind), free(f.fmt);
    return rc;
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

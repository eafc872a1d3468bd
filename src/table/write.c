/*
 * write.c - the table writers (see table.h).
 *
 * Write errors are not checked per call: stdio keeps the error flag and
 * zj_outfile_commit() checks it once, before the file is renamed into place.
 */
#include <math.h>
#include <string.h>

#include "table/table.h"
#include "util/buf.h"
#include "util/banned.h"

struct zj_cell zj_cell_cstr(const char *s)
{
    return zj_cell_str(s, s ? strlen(s) : 0);
}

int zj_format_parse(const char *name, enum zj_format *fmt)
{
    static const char *const names[] = {"csv", "tsv", "md", "jsonl"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, names[i])) return *fmt = (enum zj_format)i, 0;
    if (!strcmp(name, "markdown")) return *fmt = ZJ_FMT_MD, 0;
    if (!strcmp(name, "json")) return *fmt = ZJ_FMT_JSONL, 0;
    return -1;
}

static void put_number(FILE *fp, const struct zj_column *col, const struct zj_cell *c, int json)
{
    if (c->null || (col->type == ZJ_COL_NUM && !isfinite(c->d))) {
        if (json) fputs("null", fp);
        return;
    }
    if (col->type == ZJ_COL_INT) fprintf(fp, "%lld", c->i);
    else fprintf(fp, "%.*f", col->decimals, c->d);
}

static void put_csv_text(FILE *fp, const char *s, size_t len)
{
    /* a CSV reader may trim blanks (libcsv does), so edge blanks are quoted */
    int quote = len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, len, fp);
        return;
    }
    fputc('"', fp);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') fputc('"', fp);
        fputc(s[i], fp);
    }
    fputc('"', fp);
}

static void put_tsv_text(FILE *fp, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '\t': fputs("\\t", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\\': fputs("\\\\", fp); break;
        default: fputc(s[i], fp);
        }
    }
}

static void put_md_text(FILE *fp, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|') fputs("\\|", fp);
        else if (s[i] == '\n') fputs("<br>", fp);
        else if (s[i] != '\r') fputc(s[i], fp);
    }
}

static void put_json_text(FILE *fp, const char *s, size_t len)
{
    fputc('"', fp);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fputc('\\', fp), fputc(c, fp);
        else if (c == '\n') fputs("\\n", fp);
        else if (c == '\t') fputs("\\t", fp);
        else if (c == '\r') fputs("\\r", fp);
        else if (c < 0x20) fprintf(fp, "\\u%04x", c);
        else fputc(c, fp);
    }
    fputc('"', fp);
}

void zj_writer_begin(struct zj_writer *w, FILE *fp, enum zj_format fmt,
                     const struct zj_column *cols, size_t ncols, unsigned flags)
{
    *w = (struct zj_writer){fp, fmt, cols, ncols, flags, 0};
    if ((flags & ZJ_WRITE_BOM) && (fmt == ZJ_FMT_CSV || fmt == ZJ_FMT_TSV)) fputs("\xEF\xBB\xBF", fp);
    if (fmt == ZJ_FMT_JSONL) return;
    for (size_t i = 0; i < ncols; i++) {
        const char *n = cols[i].name;
        if (fmt == ZJ_FMT_MD) fputs(i ? " | " : "| ", fp), put_md_text(fp, n, strlen(n));
        else if (fmt == ZJ_FMT_CSV) fputs(i ? "," : "", fp), put_csv_text(fp, n, strlen(n));
        else fputs(i ? "\t" : "", fp), put_tsv_text(fp, n, strlen(n));
    }
    fputs(fmt == ZJ_FMT_MD ? " |\n" : "\n", fp);
    if (fmt != ZJ_FMT_MD) return;
    for (size_t i = 0; i < ncols; i++)
        fputs(cols[i].type == ZJ_COL_STR ? "|---" : "|---:", fp);
    fputs("|\n", fp);
}

/* Formula injection: what a spreadsheet would take for a formula. */
static int looks_like_formula(const char *s, size_t len)
{
    return len && strchr("=+-@\t\r", s[0]) != NULL;
}

static void put_cell(struct zj_writer *w, size_t i, const struct zj_cell *c)
{
    const struct zj_column *col = &w->cols[i];
    FILE *fp = w->fp;
    if (col->type != ZJ_COL_STR) {
        put_number(fp, col, c, w->fmt == ZJ_FMT_JSONL);
        return;
    }
    if (c->null) {
        if (w->fmt == ZJ_FMT_JSONL) fputs("null", fp);
        return;
    }
    int inert = (w->flags & ZJ_WRITE_INERT) && looks_like_formula(c->s, c->len);
    if (inert && (w->fmt == ZJ_FMT_CSV || w->fmt == ZJ_FMT_TSV)) {
        struct zj_buf b = ZJ_BUF_INIT;
        zj_buf_addch(&b, '\'');
        zj_buf_add(&b, c->s, c->len);
        if (w->fmt == ZJ_FMT_CSV) put_csv_text(fp, b.ptr, b.len);
        else put_tsv_text(fp, b.ptr, b.len);
        zj_buf_release(&b);
        return;
    }
    switch (w->fmt) {
    case ZJ_FMT_CSV: put_csv_text(fp, c->s, c->len); break;
    case ZJ_FMT_TSV: put_tsv_text(fp, c->s, c->len); break;
    case ZJ_FMT_MD: put_md_text(fp, c->s, c->len); break;
    case ZJ_FMT_JSONL: put_json_text(fp, c->s, c->len); break;
    }
}

void zj_writer_row(struct zj_writer *w, const struct zj_cell *cells)
{
    static const char *const sep[] = {",", "\t", " | ", ","};
    if (w->fmt == ZJ_FMT_MD) fputs("| ", w->fp);
    if (w->fmt == ZJ_FMT_JSONL) fputc('{', w->fp);
    for (size_t i = 0; i < w->ncols; i++) {
        if (i) fputs(sep[w->fmt], w->fp);
        if (w->fmt == ZJ_FMT_JSONL) {
            put_json_text(w->fp, w->cols[i].name, strlen(w->cols[i].name));
            fputc(':', w->fp);
        }
        put_cell(w, i, &cells[i]);
    }
    fputs(w->fmt == ZJ_FMT_MD ? " |\n" : w->fmt == ZJ_FMT_JSONL ? "}\n" : "\n", w->fp);
    w->rows++;
}

void zj_writer_end(struct zj_writer *w)
{
    fflush(w->fp);
}

/*
 * manifest.c - the manifest half of meta.h.
 *
 * Rows are matched to inputs by real path (so "corpus/2022/a.txt" and
 * "./corpus/2022/a.txt" agree); a bare file name that does not exist beside
 * the manifest falls back to the one input with that base name.
 */
#include <ctype.h>
#include <strings.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "doc/meta.h"
#include "table/read.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

static int column_is(const char *name, const char *en, const char *zh1, const char *zh2)
{
    return !strcasecmp(name, en) || !strcmp(name, zh1) || (zh2 && !strcmp(name, zh2));
}

static char *dir_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? zj_xstrndup(file, (size_t)(slash - file)) : zj_xstrdup(".");
}

static int take_header(struct zj_manifest *mf, struct zj_record *h, struct zj_error *err)
{
    mf->columns = h->cells;
    mf->ncols = h->ncells;
    h->cells = NULL;
    h->ncells = 0;
    mf->col_path = mf->col_unit = mf->col_year = -1;
    for (size_t c = 0; c < mf->ncols; c++) {
        const char *n = mf->columns[c];
        if (column_is(n, "path", "路径", "文件")) mf->col_path = (int)c;
        else if (column_is(n, "unit", "单位", NULL)) mf->col_unit = (int)c;
        else if (column_is(n, "year", "年份", "年度")) mf->col_year = (int)c;
    }
    if (mf->col_path < 0)
        return zj_error_set(err, mf->file, 1, 0, "manifest has no `path` column in its header");
    return ZJ_OK;
}

static void take_row(struct zj_manifest *mf, struct zj_record *r, const char *dir, size_t i)
{
    struct zj_manifest_row *row = &mf->rows[i];
    row->values = zj_xcalloc(mf->ncols, sizeof *row->values);
    for (size_t c = 0; c < mf->ncols; c++)
        row->values[c] = zj_xstrdup(c < r->ncells && r->cells[c] ? r->cells[c] : "");
    row->path = zj_xstrdup(row->values[mf->col_path]);
    struct zj_buf p = ZJ_BUF_INIT;
    if (row->path[0] != '/') zj_buf_addf(&p, "%s/", dir);
    zj_buf_addstr(&p, row->path);
    row->resolved = zj_buf_detach(&p, NULL);
    row->line = r->line;
}

int zj_manifest_load(const char *file, struct zj_manifest *mf, struct zj_error *err)
{
    memset(mf, 0, sizeof *mf);
    mf->file = zj_xstrdup(file);
    struct zj_rows rows = {0};
    if (zj_rows_read_file(file, &rows, err)) return ZJ_ERR;
    int rc = ZJ_OK;
    if (rows.count == 0) rc = zj_error_set(err, file, 0, 0, "manifest is empty");
    else rc = take_header(mf, &rows.records[0], err);
    if (rc == ZJ_OK) {
        char *dir = dir_of(file);
        mf->rows = zj_xcalloc(rows.count, sizeof *mf->rows);
        for (size_t i = 1; i < rows.count; i++) {
            struct zj_record *r = &rows.records[i];
            if (r->ncells == 1 && (!r->cells[0] || !r->cells[0][0])) continue;
            if (r->ncells <= (size_t)mf->col_path || !r->cells[mf->col_path] ||
                !r->cells[mf->col_path][0]) {
                rc = zj_error_set(err, file, r->line, 0, "manifest row has an empty path");
                break;
            }
            take_row(mf, r, dir, mf->nrows++);
        }
        free(dir);
    }
    zj_rows_release(&rows);
    return rc;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static long find_by_basename(struct zj_manifest *mf, const char *input, const char *const *all,
                             size_t nall)
{
    const char *b = base_name(input);
    size_t same = 0;
    for (size_t i = 0; i < nall; i++) same += !strcmp(base_name(all[i]), b);
    if (same != 1) return -1;
    for (size_t r = 0; r < mf->nrows; r++) {
        if (strchr(mf->rows[r].path, '/') || strcmp(mf->rows[r].path, b)) continue;
        if (mf->rows[r].real) continue; /* it names a file beside the manifest */
        mf->rows[r].used = 1;
        return (long)r;
    }
    return -1;
}

/* Real paths of the rows, resolved once: matching thousands of inputs must
 * not cost inputs x rows realpath calls. */
static void index_rows(struct zj_manifest *mf)
{
    char rp[PATH_MAX];
    for (size_t r = 0; r < mf->nrows; r++) {
        if (!realpath(mf->rows[r].resolved, rp)) continue;
        mf->rows[r].real = zj_xstrdup(rp);
        zj_strmap_put(&mf->by_real, rp, strlen(rp), (uint32_t)r, NULL);
    }
    mf->indexed = 1;
}

long zj_manifest_find(struct zj_manifest *mf, const char *input, const char *const *all,
                      size_t nall)
{
    char want[PATH_MAX];
    if (!mf->indexed) index_rows(mf);
    if (!realpath(input, want)) return -1;
    uint32_t *r = zj_strmap_get(&mf->by_real, want, strlen(want));
    if (r) {
        mf->rows[*r].used = 1;
        return (long)*r;
    }
    return find_by_basename(mf, input, all, nall);
}

int zj_manifest_apply(const struct zj_manifest *mf, long row, struct zj_meta *m,
                      struct zj_error *err)
{
    const struct zj_manifest_row *r = &mf->rows[row];
    if (mf->col_unit >= 0 && r->values[mf->col_unit][0]) {
        free(m->unit);
        m->unit = zj_xstrdup(r->values[mf->col_unit]);
        m->unit_from = ZJ_META_MANIFEST;
    }
    if (mf->col_year >= 0 && r->values[mf->col_year][0]) {
        const char *y = r->values[mf->col_year];
        char *end;
        long v = strtol(y, &end, 10);
        while (*end && isspace((unsigned char)*end)) end++;
        if (*end || v < 1949 || v > 2100)
            return zj_error_set(err, mf->file, r->line, 0, "year `%s` is not a year", y);
        m->year = (int)v;
        m->year_from = ZJ_META_MANIFEST;
    }
    return ZJ_OK;
}

void zj_manifest_release(struct zj_manifest *mf)
{
    if (!mf) return;
    for (size_t r = 0; r < mf->nrows; r++) {
        for (size_t c = 0; c < mf->ncols; c++) free(mf->rows[r].values[c]);
        free(mf->rows[r].values);
        free(mf->rows[r].path);
        free(mf->rows[r].resolved);
        free(mf->rows[r].real);
    }
    for (size_t c = 0; c < mf->ncols; c++) free(mf->columns[c]);
    free(mf->columns);
    free(mf->rows);
    free(mf->file);
    zj_strmap_release(&mf->by_real);
    memset(mf, 0, sizeof *mf);
}

/*
 * compare.c - `zongjie compare`: group B (the target) against group A (the
 * reference), term by term or category by category.
 *
 * Groups: --by year (default), --by unit or --by any manifest column, with
 * --a/--b naming the two values (for years, the latest year against the one
 * before it by default); or --a-files/--b-files naming two sets of inputs.
 * Table: a, b, term, category, count_a, count_b, size_a, size_b, per_10k_a,
 * per_10k_b, g2, p_g2, chi2, p_chi2, fisher_p, log_ratio, lrc, pct_diff, q,
 * status, docs_a, docs_b, corrections.  Formulas: docs/statistics.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "doc/outline.h"
#include "doc/sectypes.h"
#include "stats/compare.h"
#include "stats/coverage.h"
#include "stats/similarity.h"
#include "stats/trend.h"
#include "terms/count.h"
#include "terms/match.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/banned.h"

enum {
    OPT_BY = OPT_FIRST_OWN,
    OPT_A,
    OPT_B,
    OPT_A_FILES,
    OPT_B_FILES,
    OPT_LEVEL,
    OPT_YATES,
    OPT_WILLIAMS,
    OPT_ALPHA,
    OPT_MIN_COUNT,
    OPT_PER,
    OPT_EACH,
    OPT_TREND,
    OPT_SIMILARITY,
    OPT_WIDE,
    OPT_SECTIONS_CMP,
    OPT_SECTION,
    OPT_TOP,
};

/* What compare keeps of a document once its text is gone. */
struct doc_rec {
    char *display, *unit;
    int year;
    long manifest_row;
    double chars;
    struct zj_doc_counts counts;
    int side; /* with --a-files/--b-files: the set it came from */
    struct zj_type_profile *profile; /* --sections */
};

struct cmp_ctx {
    struct zj_cli *cli;
    struct zj_dict *dict;
    struct zj_terms terms;
    struct zj_categories cats;
    int by_category, level, per_unit, each, trend, similarity, wide, sections;
    size_t top; /* --similarity --top N */
    struct zj_sectypes types; /* --coverage, --section */
    const char *section_name; /* --section TYPE */
    int section_type;
    const char *field;
    const char *a, *b;
    const char **a_files, **b_files;
    size_t na_files, nb_files;
    struct zj_cmp_opts opts;
    struct doc_rec *docs;
    size_t ndocs, docs_alloc;
    int side; /* the set being read */
};

/* --sections: the document's figures per section type (stats/coverage.h). */
static struct zj_type_profile *section_profile(struct cmp_ctx *c, const struct zj_doc *doc,
                                               const struct zj_matcher *m)
{
    struct zj_doc_sections ds;
    zj_doc_sections_init(&ds, doc->text.ptr, doc->text.len, doc->meta.title_line, &c->types,
                         c->cats.count);
    zj_doc_sections_add_hits(&ds, doc->norm.map, m->hits, m->nhits, c->cats.of_entry);
    struct zj_type_profile *p = zj_xcalloc(1, sizeof *p);
    zj_type_profile_init(p, &ds.cover, c->types.ntypes);
    zj_doc_sections_release(&ds);
    return p;
}

/* --section TYPE: keeps the hits inside sections of that type, and their
 * characters as the document's size. */
static void keep_section(struct cmp_ctx *c, const struct zj_doc *doc, struct zj_matcher *m,
                         double *chars)
{
    struct zj_doc_sections ds;
    zj_doc_sections_init(&ds, doc->text.ptr, doc->text.len, doc->meta.title_line, &c->types, 0);
    const struct zj_section *nodes = ds.outline.nodes;
    *chars = 0;
    for (size_t k = 0; k < ds.outline.count; k++)
        if (nodes[k].type == c->section_type) *chars += (double)ds.cover.chars[k];
    size_t n = 0;
    for (size_t i = 0; i < m->nhits; i++)
        if (nodes[zj_doc_sections_node(&ds, doc->norm.map, &m->hits[i])].type == c->section_type)
            m->hits[n++] = m->hits[i];
    m->nhits = n;
    zj_doc_sections_release(&ds);
}

static void free_profile(struct zj_type_profile *p)
{
    if (!p) return;
    zj_type_profile_release(p);
    free(p);
}

/* A worker's matcher (zj_corpus_ops scratch). */
static void *matcher_new(void *arg)
{
    return zj_matcher_new(((const struct cmp_ctx *)arg)->dict);
}

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct cmp_ctx *c = arg;
    struct zj_matcher *m = doc->scratch;
    int rc = zj_match(m, doc->norm.text.ptr, doc->norm.text.len, 0, err);
    if (rc == ZJ_OK) {
        struct doc_rec *r = zj_xcalloc(1, sizeof *r);
        r->chars = (double)doc->norm.chars;
        if (c->section_type >= 0) keep_section(c, doc, m, &r->chars);
        zj_count_hits(&c->terms, doc->norm.text.ptr, m->hits, m->nhits, &r->counts);
        if (c->sections) r->profile = section_profile(c, doc, m);
        doc->result = r;
    } else {
        zj_error_wrap(err, doc->display);
    }
    return rc;
}

static void discard(struct zj_doc *doc, void *arg)
{
    struct doc_rec *r = doc->result;
    (void)arg;
    if (!r) return;
    zj_doc_counts_release(&r->counts);
    free_profile(r->profile);
    free(r);
    doc->result = NULL;
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct cmp_ctx *c = arg;
    struct doc_rec *r = doc->result;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    if (!r) return ZJ_OK;
    r->display = zj_xstrdup(doc->display);
    r->unit = doc->meta.unit ? zj_xstrdup(doc->meta.unit) : NULL;
    r->year = doc->meta.year;
    r->manifest_row = doc->manifest_row;
    r->side = c->side;
    c->docs = zj_xgrow(c->docs, sizeof *c->docs, c->ndocs + 1, &c->docs_alloc);
    c->docs[c->ndocs++] = *r;
    free(r);
    doc->result = NULL;
    return ZJ_OK;
}

static const struct zj_column cols[] = {
    {"scope", ZJ_COL_STR, 0},
    {"a", ZJ_COL_STR, 0},         {"b", ZJ_COL_STR, 0},          {"term", ZJ_COL_STR, 0},
    {"category", ZJ_COL_STR, 0},  {"count_a", ZJ_COL_INT, 0},    {"count_b", ZJ_COL_INT, 0},
    {"size_a", ZJ_COL_INT, 0},    {"size_b", ZJ_COL_INT, 0},     {"per_10k_a", ZJ_COL_NUM, 3},
    {"per_10k_b", ZJ_COL_NUM, 3}, {"g2", ZJ_COL_NUM, 4},         {"p_g2", ZJ_COL_NUM, 6},
    {"chi2", ZJ_COL_NUM, 4},      {"p_chi2", ZJ_COL_NUM, 6},     {"fisher_p", ZJ_COL_NUM, 6},
    {"log_ratio", ZJ_COL_NUM, 4}, {"lrc", ZJ_COL_NUM, 4},        {"pct_diff", ZJ_COL_NUM, 2},
    {"log_odds", ZJ_COL_NUM, 4},  {"log_odds_z", ZJ_COL_NUM, 4},
    {"q", ZJ_COL_NUM, 6},         {"status", ZJ_COL_STR, 0},     {"docs_a", ZJ_COL_INT, 0},
    {"docs_b", ZJ_COL_INT, 0},    {"pairs", ZJ_COL_INT, 0},      {"wilcoxon_v", ZJ_COL_NUM, 1},
    {"wilcoxon_p", ZJ_COL_NUM, 6}, {"mcnemar_p", ZJ_COL_NUM, 6},  {"corrections", ZJ_COL_STR, 0},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* The group value of a document under --by FIELD, or NULL when it has none. */
static const char *group_value(const struct cmp_ctx *c, const struct doc_rec *r, int col,
                               char *buf, size_t size)
{
    if (!strcmp(c->field, "year")) {
        if (!r->year) return NULL;
        snprintf(buf, size, "%d", r->year);
        return buf;
    }
    if (!strcmp(c->field, "unit")) return r->unit;
    const char *v = r->manifest_row >= 0 ? c->cli->manifest.rows[r->manifest_row].values[col] : NULL;
    return v && *v ? v : NULL;
}

static int field_column(const struct cmp_ctx *c, int *col, struct zj_error *err)
{
    *col = -1;
    if (!strcmp(c->field, "year") || !strcmp(c->field, "unit")) return ZJ_OK;
    for (size_t k = 0; c->cli->have_manifest && k < c->cli->manifest.ncols; k++)
        if (!strcmp(c->cli->manifest.columns[k], c->field)) *col = (int)k;
    if (*col < 0)
        return zj_error_set(err, NULL, 0, 0, "--by %s: no such field (year, unit, or a --manifest column)",
                            c->field);
    return ZJ_OK;
}

/* Default groups for --by year: the latest year against the one before. */
static int default_years(struct cmp_ctx *c, char *a, char *b, size_t size, struct zj_error *err)
{
    int latest = 0, before = 0;
    for (size_t i = 0; i < c->ndocs; i++)
        if (c->docs[i].year > latest) latest = c->docs[i].year;
    for (size_t i = 0; i < c->ndocs; i++)
        if (c->docs[i].year < latest && c->docs[i].year > before) before = c->docs[i].year;
    if (!before)
        return zj_error_set(err, NULL, 0, 0, "need documents of two years to compare (found %s); "
                            "name them with --a and --b", latest ? "one" : "none");
    snprintf(a, size, "%d", before);
    snprintf(b, size, "%d", latest);
    return ZJ_OK;
}

static struct zj_cell num_or_null(double v)
{
    return isnan(v) || isinf(v) ? zj_cell_null() : zj_cell_num(v);
}

static void corrections(const struct cmp_ctx *c, const struct zj_cmp_row *r, struct zj_buf *b)
{
    zj_buf_addstr(b, "bh");
    if (c->opts.flags & ZJ_KEY_WILLIAMS) zj_buf_addstr(b, ";williams");
    if (c->opts.flags & ZJ_KEY_YATES) zj_buf_addstr(b, ";yates");
    if (r->k.smoothed) zj_buf_addstr(b, ";zero+0.5");
    if (!isnan(r->wilcoxon_p) && !r->wilcoxon_exact) zj_buf_addstr(b, ";wilcoxon-normal");
}

/* --trend: every term's rate per year, slope and rho (stats/trend.h). */
static struct zj_column *trend_columns(const double *years, size_t ny, size_t *ncols, char ***names)
{
    static const char *const head[] = {"scope", "term", "category", "total"};
    static const char *const tail[] = {"slope", "slope_se", "slope_p", "rho", "zero_years",
                                       "years_unused"};
    *ncols = 4 + ny + 6;
    struct zj_column *cols_t = zj_xcalloc(*ncols, sizeof *cols_t);
    *names = zj_xcalloc(ny + 1, sizeof **names);
    for (size_t i = 0; i < 4; i++) cols_t[i] = (struct zj_column){head[i], i == 3 ? ZJ_COL_INT : ZJ_COL_STR, 0};
    for (size_t y = 0; y < ny; y++) {
        struct zj_buf n = ZJ_BUF_INIT;
        zj_buf_addf(&n, "per_10k_%.0f", years[y]);
        (*names)[y] = zj_buf_detach(&n, NULL);
        cols_t[4 + y] = (struct zj_column){(*names)[y], ZJ_COL_NUM, 3};
    }
    for (size_t i = 0; i < 6; i++)
        cols_t[4 + ny + i] = (struct zj_column){tail[i], i < 4 ? ZJ_COL_NUM : i == 4 ? ZJ_COL_INT : ZJ_COL_STR, 4};
    return cols_t;
}

static void write_trend_rows(struct cmp_ctx *c, struct zj_writer *w, const char *scope,
                             const struct zj_trend_result *res, const double *years)
{
    size_t ny = res->nyears, n = 4 + ny + 6;
    struct zj_cell *row = zj_xcalloc(n, sizeof *row);
    for (size_t i = 0; i < res->count; i++) {
        const struct zj_trend_row *r = &res->rows[i];
        const char *term = c->by_category ? c->cats.names[r->key.entry] : zj_term_label(c->dict, &r->key);
        struct zj_buf unused = ZJ_BUF_INIT;
        for (size_t y = 0; y < ny; y++)
            if (r->count[y] == 0) zj_buf_addf(&unused, "%s%.0f", unused.len ? ";" : "", years[y]);
        row[0] = zj_cell_cstr(scope);
        row[1] = zj_cell_cstr(term);
        row[2] = zj_cell_cstr(c->by_category ? term : c->dict->entries[r->key.entry].category);
        row[3] = zj_cell_int(r->key.count);
        for (size_t y = 0; y < ny; y++) row[4 + y] = zj_cell_num(r->rate[y]);
        row[4 + ny] = num_or_null(r->slope), row[5 + ny] = num_or_null(r->slope_se);
        row[6 + ny] = num_or_null(r->slope_p), row[7 + ny] = num_or_null(r->rho);
        row[8 + ny] = zj_cell_int((long long)r->zero_years);
        row[9 + ny] = zj_cell_cstr(zj_buf_cstr(&unused));
        zj_writer_row(w, row);
        zj_buf_release(&unused);
    }
    free(row);
}

/* Distinct years of the documents, ascending; each document's index into them. */
static double *trend_years(struct cmp_ctx *c, struct zj_trend_doc *td, size_t *ny)
{
    double *years = zj_xcalloc(c->ndocs + 1, sizeof *years);
    size_t n = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        size_t k = 0;
        while (k < n && years[k] != c->docs[i].year) k++;
        if (c->docs[i].year && k == n) years[n++] = c->docs[i].year;
    }
    for (size_t i = 1; i < n; i++) /* few years: insertion sort */
        for (size_t k = i; k > 0 && years[k - 1] > years[k]; k--) {
            double t = years[k];
            years[k] = years[k - 1], years[k - 1] = t;
        }
    for (size_t i = 0; i < c->ndocs; i++) {
        td[i].year = -1;
        for (size_t k = 0; k < n; k++)
            if (years[k] == c->docs[i].year) td[i].year = (int)k;
    }
    *ny = n;
    return years;
}

static int run_trend(struct cmp_ctx *c, struct zj_cmp_doc *cd, const char **units, size_t nunits,
                     FILE *fp, struct zj_error *err)
{
    struct zj_trend_doc *td = zj_xcalloc(c->ndocs + 1, sizeof *td);
    size_t ny;
    double *years = trend_years(c, td, &ny);
    if (ny < 3) {
        free(years), free(td);
        return zj_error_set(err, NULL, 0, 0, "--trend needs documents of three or more years (found %zu)", ny);
    }
    int *year_of = zj_xcalloc(c->ndocs + 1, sizeof *year_of);
    for (size_t i = 0; i < c->ndocs; i++) year_of[i] = td[i].year;
    size_t ncols;
    char **names;
    struct zj_column *tcols = trend_columns(years, ny, &ncols, &names);
    struct zj_writer w;
    zj_writer_begin(&w, fp, c->cli->format, tcols, ncols, zj_cli_write_flags(c->cli));
    for (size_t j = 0; j < (c->per_unit ? nunits : 1); j++) {
        for (size_t i = 0; i < c->ndocs; i++) {
            int in = !c->per_unit || (c->docs[i].unit && !strcmp(c->docs[i].unit, units[j]));
            td[i] = (struct zj_trend_doc){cd[i].counts, cd[i].chars, in ? year_of[i] : -1};
        }
        struct zj_trend_result res;
        zj_trend(td, c->ndocs, years, ny, c->opts.min_count, &res);
        write_trend_rows(c, &w, c->per_unit ? units[j] : "all", &res, years);
        zj_trend_result_release(&res);
    }
    zj_writer_end(&w);
    for (size_t y = 0; y < ny; y++) free(names[y]);
    free(names), free(tcols), free(years), free(td), free(year_of);
    return ZJ_OK;
}

static void similarity_row(struct zj_writer *w, const struct doc_rec *a, const struct doc_rec *b,
                           double cos, size_t shared)
{
    struct zj_cell r[] = {zj_cell_cstr(a->display), zj_cell_cstr(a->unit),
                          a->year ? zj_cell_int(a->year) : zj_cell_null(), zj_cell_cstr(b->display),
                          zj_cell_cstr(b->unit), b->year ? zj_cell_int(b->year) : zj_cell_null(),
                          zj_cell_num(cos), zj_cell_int((long long)shared)};
    zj_writer_row(w, r);
}

/* Long form: every pair once, or with --top N each document's N most
 * similar others (most similar first; a pair can then appear from both
 * sides).  Dot products come from the inverted index (similarity.h). */
static void similarity_long(struct cmp_ctx *c, struct zj_cmp_doc *cd, struct zj_writer *w)
{
    size_t n = c->ndocs, top = c->top;
    const struct zj_doc_counts **vec = zj_xmalloc((n + 1) * sizeof *vec);
    for (size_t i = 0; i < n; i++) vec[i] = cd[i].counts;
    struct zj_sim_index ix;
    if (top && top > n - 1) top = n > 1 ? n - 1 : 1; /* no more partners than there are */
    if (top)
        zj_sim_index_init_dense(&ix, vec, n, NULL);
    else
        zj_sim_index_init(&ix, vec, n);
    if (top) {
        struct zj_sim_partner *best = zj_xcalloc(n * top + 1, sizeof *best);
        size_t *nbest = zj_xcalloc(n + 1, sizeof *nbest);
        zj_sim_top(&ix, top, c->cli->threads, best, nbest);
        for (size_t i = 0; i < n; i++)
            for (size_t m = 0; m < nbest[i]; m++) {
                const struct zj_sim_partner *p = &best[i * top + m];
                similarity_row(w, &c->docs[i], &c->docs[p->doc], p->cos, p->shared);
            }
        free(best), free(nbest);
    } else {
        double *dot = zj_xmalloc((n + 1) * sizeof *dot);
        uint32_t *shared = zj_xmalloc((n + 1) * sizeof *shared);
        for (size_t i = 0; i < n; i++) {
            zj_sim_dots(&ix, i, dot, shared);
            for (size_t j = i + 1; j < n; j++) {
                double nn = ix.norm[i] * ix.norm[j];
                similarity_row(w, &c->docs[i], &c->docs[j], nn > 0 ? dot[j] / nn : 0, shared[j]);
            }
        }
        free(dot), free(shared);
    }
    zj_sim_index_release(&ix);
    free(vec);
}

/* --similarity: document pairs (long form) or the full matrix (--wide). */
static void write_similarity(struct cmp_ctx *c, struct zj_cmp_doc *cd, FILE *fp)
{
    static const struct zj_column lcols[] = {
        {"doc_a", ZJ_COL_STR, 0},  {"unit_a", ZJ_COL_STR, 0}, {"year_a", ZJ_COL_INT, 0},
        {"doc_b", ZJ_COL_STR, 0},  {"unit_b", ZJ_COL_STR, 0}, {"year_b", ZJ_COL_INT, 0},
        {"cosine", ZJ_COL_NUM, 4}, {"shared_terms", ZJ_COL_INT, 0},
    };
    struct zj_writer w;
    size_t n = c->ndocs;
    if (!c->wide) {
        zj_writer_begin(&w, fp, c->cli->format, lcols, 8, zj_cli_write_flags(c->cli));
        similarity_long(c, cd, &w);
        zj_writer_end(&w);
        return;
    }
    struct zj_column *wcols = zj_xcalloc(n + 1, sizeof *wcols);
    wcols[0] = (struct zj_column){"doc", ZJ_COL_STR, 0};
    for (size_t i = 0; i < n; i++) wcols[i + 1] = (struct zj_column){c->docs[i].display, ZJ_COL_NUM, 4};
    zj_writer_begin(&w, fp, c->cli->format, wcols, n + 1, zj_cli_write_flags(c->cli));
    struct zj_cell *row = zj_xcalloc(n + 1, sizeof *row);
    for (size_t i = 0; i < n; i++) {
        row[0] = zj_cell_cstr(c->docs[i].display);
        for (size_t j = 0; j < n; j++) {
            size_t shared;
            row[j + 1] = zj_cell_num(zj_cosine(cd[i].counts, cd[j].counts, &shared));
        }
        zj_writer_row(&w, row);
    }
    zj_writer_end(&w);
    free(row), free(wcols);
}

/* One comparison to run: B against A, over the documents of one unit or all. */
struct plan {
    const char *scope; /* "all" or the unit */
    const char *a, *b; /* labels */
    const char *b_value, *a_value; /* group values; a_value NULL = every other value (--each) */
};

/* Each document's group value under --by FIELD (NULL when it has none); with
 * --a-files/--b-files the set it came from. */
static const char **group_values(struct cmp_ctx *c, int by_files, char (*years)[16],
                                 struct zj_error *err)
{
    int col = -1;
    if (!by_files && field_column(c, &col, err)) return NULL;
    const char **v = zj_xcalloc(c->ndocs + 1, sizeof *v);
    for (size_t i = 0; i < c->ndocs; i++)
        v[i] = by_files ? (c->docs[i].side ? "b-files" : "a-files")
                        : group_value(c, &c->docs[i], col, years[i], sizeof years[i]);
    return v;
}

static void write_rows(struct cmp_ctx *c, struct zj_writer *w, const struct zj_cmp_result *res,
                       const struct plan *p)
{
    for (size_t i = 0; i < res->count; i++) {
        const struct zj_cmp_row *r = &res->rows[i];
        const char *term = c->by_category ? c->cats.names[r->key.entry] : zj_term_label(c->dict, &r->key);
        const char *cat = c->by_category ? term : c->dict->entries[r->key.entry].category;
        struct zj_buf corr = ZJ_BUF_INIT;
        corrections(c, r, &corr);
        struct zj_cell row[] = {
            zj_cell_cstr(p->scope), zj_cell_cstr(p->a), zj_cell_cstr(p->b), zj_cell_cstr(term),
            zj_cell_cstr(cat), zj_cell_int((long long)r->a), zj_cell_int((long long)r->b),
            zj_cell_int((long long)res->size_a), zj_cell_int((long long)res->size_b),
            zj_cell_num(r->a * 10000 / res->size_a), zj_cell_num(r->b * 10000 / res->size_b),
            zj_cell_num(r->k.g2), zj_cell_num(r->k.p_g2), zj_cell_num(r->k.chi2),
            zj_cell_num(r->k.p_chi2), num_or_null(r->k.fisher_p), zj_cell_num(r->k.log_ratio),
            num_or_null(r->k.lrc), num_or_null(r->k.pct_diff), zj_cell_num(r->k.log_odds),
            zj_cell_num(r->k.log_odds_z), num_or_null(r->q),
            zj_cell_cstr(zj_status_name(r->status)), zj_cell_int((long long)r->docs_a),
            zj_cell_int((long long)r->docs_b), zj_cell_int((long long)res->pairs),
            res->pairs ? zj_cell_num(r->wilcoxon_v) : zj_cell_null(), num_or_null(r->wilcoxon_p),
            res->pairs ? num_or_null(r->mcnemar_p) : zj_cell_null(), zj_cell_cstr(corr.ptr)};
        zj_writer_row(w, row);
        zj_buf_release(&corr);
    }
}

static const struct zj_column cover_cols[] = {
    {"scope", ZJ_COL_STR, 0},     {"a", ZJ_COL_STR, 0},          {"b", ZJ_COL_STR, 0},
    {"type", ZJ_COL_STR, 0},      {"category", ZJ_COL_STR, 0},   {"docs_a", ZJ_COL_INT, 0},
    {"docs_b", ZJ_COL_INT, 0},    {"present_a", ZJ_COL_INT, 0},  {"present_b", ZJ_COL_INT, 0},
    {"share_a", ZJ_COL_NUM, 4},   {"share_b", ZJ_COL_NUM, 4},    {"share_change", ZJ_COL_NUM, 4},
    {"hits_a", ZJ_COL_INT, 0},    {"hits_b", ZJ_COL_INT, 0},     {"per_10k_a", ZJ_COL_NUM, 3},
    {"per_10k_b", ZJ_COL_NUM, 3}, {"status", ZJ_COL_STR, 0},
};

static struct zj_cell ratio_cell(double x, double y, double scale)
{
    return y > 0 ? zj_cell_num(x * scale / y) : zj_cell_null();
}

/* --sections: section types (and topics within them) of B against A. */
static void write_coverage_comparison(struct cmp_ctx *c, struct zj_writer *w,
                                      const struct zj_cmp_doc *cd, const struct plan *p)
{
    const struct zj_type_profile **prof = zj_xcalloc(c->ndocs + 1, sizeof *prof);
    int *group = zj_xcalloc(c->ndocs + 1, sizeof *group);
    for (size_t i = 0; i < c->ndocs; i++) prof[i] = c->docs[i].profile, group[i] = cd[i].group;
    struct zj_cover_row *rows;
    size_t n;
    zj_coverage_compare(prof, group, c->ndocs, &rows, &n);
    for (size_t i = 0; i < n; i++) {
        const struct zj_cover_row *r = &rows[i];
        const char *st = !r->present_a ? "appeared" : !r->present_b ? "vanished" : "both";
        /* type rows: share of the group's text; topic rows: share of the type's hits */
        double sa = r->cat < 0 ? r->chars_a : r->hits_a, sb = r->cat < 0 ? r->chars_b : r->hits_b;
        double da = r->cat < 0 ? r->size_a : 0, db = r->cat < 0 ? r->size_b : 0;
        for (size_t k = 0; r->cat >= 0 && k < n; k++)
            if (rows[k].type == r->type && rows[k].cat < 0) da = rows[k].hits_a, db = rows[k].hits_b;
        struct zj_cell cells[] = {
            zj_cell_cstr(p->scope), zj_cell_cstr(p->a), zj_cell_cstr(p->b),
            zj_cell_cstr(c->types.names[r->type]), zj_cell_cstr(r->cat < 0 ? "" : c->cats.names[r->cat]),
            zj_cell_int((long long)r->docs_a), zj_cell_int((long long)r->docs_b),
            zj_cell_int((long long)r->present_a), zj_cell_int((long long)r->present_b),
            ratio_cell(sa, da, 1), ratio_cell(sb, db, 1),
            da > 0 && db > 0 ? zj_cell_num(sb / db - sa / da) : zj_cell_null(),
            zj_cell_int((long long)r->hits_a), zj_cell_int((long long)r->hits_b),
            ratio_cell(r->hits_a, r->chars_a, 10000), ratio_cell(r->hits_b, r->chars_b, 10000),
            zj_cell_cstr(st)};
        zj_writer_row(w, cells);
    }
    free(rows), free(group), free(prof);
}

static size_t set_groups(const struct plan *p, const char **vals, const struct cmp_ctx *c,
                         struct zj_cmp_doc *cd, size_t *in_a)
{
    size_t in_b = 0;
    *in_a = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        const char *v = vals[i], *u = c->docs[i].unit;
        int in_scope = !strcmp(p->scope, "all") || (u && !strcmp(u, p->scope));
        cd[i].group = ZJ_GROUP_NONE;
        if (!v || !in_scope) continue;
        if (!strcmp(v, p->b_value)) cd[i].group = ZJ_GROUP_B;
        else if (!p->a_value || !strcmp(v, p->a_value)) cd[i].group = ZJ_GROUP_A;
        *in_a += cd[i].group == ZJ_GROUP_A;
        in_b += cd[i].group == ZJ_GROUP_B;
    }
    return in_b;
}

static void write_comparison(struct cmp_ctx *c, struct zj_writer *w, struct zj_cmp_doc *cd,
                             const struct plan *p)
{
    struct zj_cmp_result res;
    zj_compare(cd, c->ndocs, &c->opts, &res);
    write_rows(c, w, &res, p);
    zj_cmp_result_release(&res);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Distinct non-NULL values, sorted (years sort right as strings of 4 digits). */
static const char **distinct(const char **vals, size_t n, size_t *nd)
{
    const char **d = zj_xmalloc((n + 1) * sizeof *d);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i]) d[k++] = vals[i];
    qsort(d, k, sizeof *d, cmp_str);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (!m || strcmp(d[m - 1], d[i])) d[m++] = d[i];
    *nd = m;
    return d;
}

/* Runs every planned comparison into one table.  --per unit expands the
 * plan to each unit with documents in both groups. */
static int run_plans(struct cmp_ctx *c, struct plan *plans, size_t nplans, const char **vals,
                     struct zj_cmp_doc *cd, struct zj_writer *w, struct zj_error *err)
{
    size_t written = 0, nunits = 0;
    const char **units = NULL;
    if (c->per_unit) {
        const char **u = zj_xcalloc(c->ndocs + 1, sizeof *u);
        for (size_t i = 0; i < c->ndocs; i++) u[i] = c->docs[i].unit;
        units = distinct(u, c->ndocs, &nunits);
        free(u);
    }
    for (size_t k = 0; k < nplans; k++) {
        for (size_t j = 0; j < (c->per_unit ? nunits : 1); j++) {
            struct plan p = plans[k];
            if (c->per_unit) p.scope = units[j];
            size_t in_a, in_b = set_groups(&p, vals, c, cd, &in_a);
            if (!in_a || !in_b) continue;
            if (c->sections) write_coverage_comparison(c, w, cd, &p);
            else write_comparison(c, w, cd, &p);
            written++;
        }
    }
    free(units);
    if (!written)
        return zj_error_set(err, NULL, 0, 0, "no documents with %s = %s%s", c->field,
                            plans[0].b_value, c->per_unit ? " and a unit in both groups" : "");
    return ZJ_OK;
}

/* The comparisons asked for: one (A, B) pair, or with --each every value
 * against the rest. */
static size_t make_plans(struct cmp_ctx *c, const char **vals, int by_files, struct plan **out,
                         char *a, char *b, size_t size, struct zj_error *err)
{
    if (by_files) {
        *out = zj_xmalloc(sizeof **out);
        (*out)[0] = (struct plan){"all", "a-files", "b-files", "b-files", "a-files"};
        return 1;
    }
    if (c->each) {
        size_t nd;
        const char **d = distinct(vals, c->ndocs, &nd);
        *out = zj_xcalloc(nd + 1, sizeof **out);
        for (size_t i = 0; i < nd; i++) (*out)[i] = (struct plan){"all", "rest", d[i], d[i], NULL};
        free(d);
        if (nd < 2) zj_error_set(err, NULL, 0, 0, "--each needs at least two values of %s", c->field);
        return nd < 2 ? 0 : nd;
    }
    if (c->a) snprintf(a, size, "%s", c->a), snprintf(b, size, "%s", c->b);
    else if (default_years(c, a, b, size, err)) return 0;
    *out = zj_xmalloc(sizeof **out);
    (*out)[0] = (struct plan){"all", a, b, b, a};
    return 1;
}

static int compare_all(struct cmp_ctx *c, int by_files, FILE *fp, struct zj_error *err)
{
    char (*years)[16] = zj_xcalloc(c->ndocs + 1, sizeof *years);
    const char **vals = group_values(c, by_files, years, err);
    struct zj_cmp_doc *cd = zj_xcalloc(c->ndocs + 1, sizeof *cd);
    struct zj_doc_counts *rolled = c->by_category ? zj_xcalloc(c->ndocs + 1, sizeof *rolled) : NULL;
    struct zj_strmap units = {0};
    for (size_t i = 0; i < c->ndocs; i++) {
        const char *u = c->docs[i].unit;
        cd[i].counts = &c->docs[i].counts;
        if (rolled) zj_counts_by_category(&c->docs[i].counts, c->cats.of_entry, &rolled[i]), cd[i].counts = &rolled[i];
        cd[i].chars = c->docs[i].chars;
        /* pairing by unit makes no sense when the groups are units */
        cd[i].unit = u && (by_files || strcmp(c->field, "unit"))
                         ? (int)*zj_strmap_put(&units, u, strlen(u), (uint32_t)units.count, NULL)
                         : -1;
    }
    struct plan *plans = NULL;
    char a[256], b[256];
    int rc;
    if (c->similarity) {
        write_similarity(c, cd, fp);
        rc = ZJ_OK;
    } else if (c->trend) {
        size_t nunits;
        const char **u = zj_xcalloc(c->ndocs + 1, sizeof *u);
        for (size_t i = 0; i < c->ndocs; i++) u[i] = c->docs[i].unit;
        const char **names = distinct(u, c->ndocs, &nunits);
        rc = run_trend(c, cd, names, nunits, fp, err);
        free(names), free(u);
    } else {
        size_t nplans = vals ? make_plans(c, vals, by_files, &plans, a, b, sizeof a, err) : 0;
        struct zj_writer w;
        size_t ncc = sizeof cover_cols / sizeof cover_cols[0];
        zj_writer_begin(&w, fp, c->cli->format, c->sections ? cover_cols : cols, c->sections ? ncc : NCOLS,
                        zj_cli_write_flags(c->cli));
        rc = nplans ? run_plans(c, plans, nplans, vals, cd, &w, err) : ZJ_ERR;
        zj_writer_end(&w);
    }
    for (size_t i = 0; rolled && i < c->ndocs; i++) zj_doc_counts_release(&rolled[i]);
    free(rolled), free(plans), free(cd), free(vals), free(years);
    zj_strmap_release(&units);
    return rc;
}

static int read_set(struct cmp_ctx *c, const char **inputs, size_t n, int side,
                    struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, (char **)inputs, n, &opts);
    if (c->sections || c->section_type >= 0) opts.norm_flags = ZJ_NORM_MAP;
    static const struct zj_corpus_ops ops = {analyze, emit, discard, matcher_new, zj_matcher_free};
    c->side = side;
    return zj_corpus_run(&opts, &ops, c, err);
}

static int run(struct cmp_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    int by_files = c->na_files || c->nb_files;
    if (by_files) {
        if (read_set(c, c->a_files, c->na_files, 0, err) || read_set(c, c->b_files, c->nb_files, 1, err))
            return ZJ_ERR;
    } else if (read_set(c, (const char **)inputs, n, 0, err)) {
        return ZJ_ERR;
    }
    struct zj_outfile out;
    if (zj_outfile_open(&out, c->cli->output, err)) return ZJ_ERR;
    if (compare_all(c, by_files, out.fp, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    return zj_outfile_commit(&out, err);
}

static const char usage[] =
    "usage: zongjie compare [options] INPUT...\n"
    "       zongjie compare [options] --a-files PATH... --b-files PATH...\n"
    "Compares term use in group B (the target) against group A (the reference): counts, rates,\n"
    "log-likelihood G2, chi2, Fisher's exact test, log ratio (and its conservative LRC), %DIFF,\n"
    "Benjamini-Hochberg q-values and a status (new, dropped, up, down, unchanged).\n\n"
    "      --by FIELD        group by year (default), unit or a --manifest column;\n"
    "                        --by category compares categories instead of terms\n"
    "      --a VALUE, --b VALUE  the two groups (default for years: the latest against the one before)\n"
    "      --a-files PATH, --b-files PATH  two explicit sets of inputs (repeatable)\n"
    "      --per unit        one comparison per unit with documents in both groups\n"
    "      --each            every group against all the others (each year, each unit ...)\n"
    "      --trend           rate per year, OLS slope (se, p) and Spearman's rho (3+ years)\n"
    "      --coverage        section types and topics of B against A (present, share of text)\n"
    "      --section TYPE    count only text in sections of TYPE (problems, plans, ...)\n"
    "      --similarity      cosine similarity of every pair of documents' term counts\n"
    "      --wide            with --similarity: the document x document matrix\n"
    "      --top N           with --similarity: each document's N most similar others\n"
    "      --level N         category depth for --by category (default 1)\n"
    "      --min-count N     drop terms used fewer than N times in A and B together (default 1)\n"
    "      --alpha X         significance level for status, after BH (default 0.05)\n"
    "      --williams        Williams' correction on G2\n"
    "      --yates           Yates' continuity correction on chi2\n" ZJ_COMMON_HELP;

static int add_file(const char ***list, size_t *n, const char *path)
{
    *list = zj_xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = path;
    return 0;
}

static int parse_number(struct cmp_ctx *c, const char *opt, const char *arg, double lo, double hi,
                        double *out)
{
    char *end;
    double v = strtod(arg, &end);
    if (*end || !(v >= lo && v <= hi))
        return zj_cli_usage_error(c->cli, "%s wants a number from %g to %g, not `%s`", opt, lo, hi, arg);
    *out = v;
    return 0;
}

static int parse_own(struct cmp_ctx *c, int opt, const char *arg)
{
    double v = 1;
    switch (opt) {
    case OPT_BY:
        if (!strcmp(arg, "category")) c->by_category = 1;
        else if (!strcmp(arg, "term")) c->by_category = 0;
        else c->field = arg;
        return 0;
    case OPT_A: c->a = arg; return 0;
    case OPT_EACH: c->each = 1; return 0;
    case OPT_TREND: c->trend = 1; return 0;
    case OPT_SIMILARITY: c->similarity = 1; return 0;
    case OPT_WIDE: c->wide = 1; return 0;
    case OPT_SECTIONS_CMP: c->sections = 1; return 0;
    case OPT_SECTION: c->section_name = arg; return 0;
    case OPT_TOP:
        if (parse_number(c, "--top", arg, 1, 1e9, &v)) return ZJ_EXIT_USAGE;
        c->top = (size_t)v;
        return 0;
    case OPT_PER:
        if (strcmp(arg, "unit")) return zj_cli_usage_error(c->cli, "--per takes `unit`");
        c->per_unit = 1;
        return 0;
    case OPT_B: c->b = arg; return 0;
    case OPT_A_FILES: return add_file(&c->a_files, &c->na_files, arg);
    case OPT_B_FILES: return add_file(&c->b_files, &c->nb_files, arg);
    case OPT_YATES: c->opts.flags |= ZJ_KEY_YATES; return 0;
    case OPT_WILLIAMS: c->opts.flags |= ZJ_KEY_WILLIAMS; return 0;
    case OPT_LEVEL:
        if (parse_number(c, "--level", arg, 1, 64, &v)) return ZJ_EXIT_USAGE;
        c->level = (int)v;
        return 0;
    case OPT_ALPHA: return parse_number(c, "--alpha", arg, 0, 1, &c->opts.alpha) ? ZJ_EXIT_USAGE : 0;
    case OPT_MIN_COUNT:
        return parse_number(c, "--min-count", arg, 0, 1e18, &c->opts.min_count) ? ZJ_EXIT_USAGE : 0;
    default: return zj_cli_usage_error(c->cli, "unknown option");
    }
}

static int check_args(struct cmp_ctx *c, int nargs)
{
    int by_files = c->na_files || c->nb_files;
    if (by_files && (!c->na_files || !c->nb_files))
        return zj_cli_usage_error(c->cli, "--a-files and --b-files go together");
    if (by_files && nargs)
        return zj_cli_usage_error(c->cli, "give inputs either as arguments or with --a-files/--b-files");
    if (!by_files && !nargs) return zj_cli_usage_error(c->cli, "no input files");
    if (!!c->a != !!c->b) return zj_cli_usage_error(c->cli, "--a and --b go together");
    if (c->sections && (c->trend || c->similarity || c->by_category))
        return zj_cli_usage_error(c->cli, "--coverage compares section types: no --trend, --similarity or --by category");
    if ((c->wide || c->top) && !c->similarity)
        return zj_cli_usage_error(c->cli, "--wide and --top go with --similarity");
    if (c->similarity && (c->a || by_files || c->each || c->trend || c->per_unit))
        return zj_cli_usage_error(c->cli, "--similarity compares every document with every other: no groups");
    if (c->trend && (c->a || by_files || c->each || strcmp(c->field, "year")))
        return zj_cli_usage_error(c->cli, "--trend follows years: no --a/--b, --a-files, --each or --by");
    if (c->each && (c->a || by_files || c->per_unit))
        return zj_cli_usage_error(c->cli, "--each compares every group with the rest: no --a/--b, --a-files or --per");
    if (c->per_unit && !by_files && !strcmp(c->field, "unit"))
        return zj_cli_usage_error(c->cli, "--per unit needs groups other than units");
    if (!by_files && !c->a && !c->each && !c->similarity && strcmp(c->field, "year"))
        return zj_cli_usage_error(c->cli, "--by %s needs --a and --b", c->field);
    return 0;
}

static int own_option(void *ctx, int opt, const char *arg)
{
    return parse_own(ctx, opt, arg) ? ZJ_EXIT_USAGE : 0;
}

static int parse_args(struct cmp_ctx *c, int argc, char **argv)
{
    static const struct option own[] = {
        {"by", required_argument, NULL, OPT_BY},
        {"a", required_argument, NULL, OPT_A},
        {"b", required_argument, NULL, OPT_B},
        {"a-files", required_argument, NULL, OPT_A_FILES},
        {"b-files", required_argument, NULL, OPT_B_FILES},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"yates", no_argument, NULL, OPT_YATES},
        {"williams", no_argument, NULL, OPT_WILLIAMS},
        {"alpha", required_argument, NULL, OPT_ALPHA},
        {"min-count", required_argument, NULL, OPT_MIN_COUNT},
        {"per", required_argument, NULL, OPT_PER},
        {"each", no_argument, NULL, OPT_EACH},
        {"trend", no_argument, NULL, OPT_TREND},
        {"similarity", no_argument, NULL, OPT_SIMILARITY},
        {"wide", no_argument, NULL, OPT_WIDE},
        {"coverage", no_argument, NULL, OPT_SECTIONS_CMP},
        {"section", required_argument, NULL, OPT_SECTION},
        {"top", required_argument, NULL, OPT_TOP},
                {NULL, 0, NULL, 0}};
    int rc = zj_cli_parse(c->cli, argc, argv, 1, own, own_option, c, usage);
    return rc ? rc : check_args(c, argc - optind);
}

static void release_ctx(struct cmp_ctx *c)
{
    for (size_t i = 0; i < c->ndocs; i++) {
        free(c->docs[i].display);
        free(c->docs[i].unit);
        zj_doc_counts_release(&c->docs[i].counts);
        free_profile(c->docs[i].profile);
    }
    free(c->docs);
    free(c->a_files);
    free(c->b_files);
}

static int find_type(struct cmp_ctx *c, struct zj_error *err)
{
    for (size_t t = 0; t < c->types.ntypes; t++)
        if (!strcmp(c->types.names[t], c->section_name)) return c->section_type = (int)t, ZJ_OK;
    struct zj_buf known = ZJ_BUF_INIT;
    for (size_t t = 0; t < c->types.ntypes; t++) zj_buf_addf(&known, "%s%s", t ? ", " : "", c->types.names[t]);
    zj_error_set(err, NULL, 0, 0, "--section %s: no such section type (%s)", c->section_name, known.ptr);
    zj_buf_release(&known);
    return ZJ_ERR;
}

int zj_cmd_compare(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "compare");
    struct cmp_ctx c = {.cli = &cli, .level = 1, .field = "year",
                        .opts = {0, 0.05, 0.95, 1}, .section_type = -1};
    int rc = parse_args(&c, argc, argv);
    if (rc) {
        release_ctx(&c);
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct zj_error err;
    zj_error_clear(&err);
    int need_types = c.sections || c.section_name;
    if (zj_cli_load_dict(&cli, &c.dict, &err) || zj_cli_load_manifest(&cli, &err) ||
        (need_types && zj_cli_load_sectypes(&cli, &c.types, &err)) ||
        (c.section_name && find_type(&c, &err))) {
        rc = zj_cli_fail(&cli, &err);
        if (need_types && c.types.names) zj_sectypes_release(&c.types);
        need_types = 0;
    } else {
        zj_terms_init(&c.terms, c.dict);
        zj_categories_init(&c.cats, c.dict, c.level);
        rc = run(&c, argv + optind, (size_t)(argc - optind), &err) ? zj_cli_fail(&cli, &err) : ZJ_EXIT_OK;
        if (rc == ZJ_EXIT_OK) zj_cli_warn_unused_manifest(&cli);
        zj_categories_release(&c.cats);
        zj_terms_release(&c.terms);
    }
    if (need_types) zj_sectypes_release(&c.types);
    release_ctx(&c);
    zj_dict_free(c.dict);
    zj_cli_release(&cli);
    return rc;
}

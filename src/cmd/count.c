/*
 * count.c - `zongjie count`: policy-term counts per document.
 *
 * Tables (columns are stable; see README):
 *   default      doc, unit, year, term, category, count, per_10k
 *   --by category doc, unit, year, category, terms, count, per_10k
 *   --by section doc, unit, year, section, term, category, count, per_10k
 *                (section = section type; per_10k relative to that type's text)
 *   --docs       doc, unit, year, kind, encoding, bytes, chars, terms, hits, per_10k,
 *                problem, then (--props) a .docx's doc_title, creator, created, modified,
 *                then the manifest's extra columns
 *   --wide       term, category, total, then one column per document
 * --docs-to FILE and --categories-to FILE write the --docs and --by category
 * tables too, from the same reading of the corpus (report uses them: one pass
 * instead of three).
 * per_10k = count x 10000 / text characters (letters and digits of the
 * decoded text, normalize.h), the one definition used everywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "doc/outline.h"
#include "doc/sectypes.h"
#include "stats/coverage.h"
#include "terms/count.h"
#include "terms/match.h"
#include "util/alloc.h"
#include "util/strmap.h"
#include "util/banned.h"

enum count_mode { MODE_TERMS, MODE_CATEGORY, MODE_SECTION, MODE_DOCS, MODE_WIDE };

enum {
    OPT_BY = OPT_FIRST_OWN,
    OPT_LEVEL,
    OPT_WIDE,
    OPT_DOCS,
    OPT_NESTED,
    OPT_PROPS,
    OPT_DOCS_TO,
    OPT_CATEGORIES_TO
};

struct doc_result {
    struct zj_doc_counts counts;
    size_t chars;
    struct zj_doc_counts *by_type; /* --by section: per section type */
    size_t *type_chars;
};

struct wide_doc {
    char *name;
    struct zj_doc_counts counts;
};

struct count_ctx {
    struct zj_cli *cli;
    struct zj_dict *dict;
    struct zj_terms terms;
    enum count_mode mode;
    int level;
    unsigned match_flags;
    struct zj_writer w;
    /* --by category */
    struct zj_categories cats;
    /* --by section */
    struct zj_sectypes types;
    int have_types;
    /* --docs */
    struct zj_column *doc_cols;
    size_t *extra; /* manifest columns other than path, unit, year */
    size_t nextra;
    int props; /* --props: docProps/core.xml columns */
    /* --wide */
    struct wide_doc *wide;
    size_t nwide, wide_alloc;
    /* --docs-to, --categories-to: tables written beside the main one */
    const char *docs_to, *cats_to;
    struct zj_writer docs_w, cats_w;
};

static const struct zj_column term_cols[] = {
    {"doc", ZJ_COL_STR, 0},      {"unit", ZJ_COL_STR, 0},  {"year", ZJ_COL_INT, 0},
    {"term", ZJ_COL_STR, 0},     {"category", ZJ_COL_STR, 0}, {"count", ZJ_COL_INT, 0},
    {"per_10k", ZJ_COL_NUM, 3},
};
static const struct zj_column cat_cols[] = {
    {"doc", ZJ_COL_STR, 0},   {"unit", ZJ_COL_STR, 0},  {"year", ZJ_COL_INT, 0},
    {"category", ZJ_COL_STR, 0}, {"terms", ZJ_COL_INT, 0}, {"count", ZJ_COL_INT, 0},
    {"per_10k", ZJ_COL_NUM, 3},
};
static const struct zj_column section_cols[] = {
    {"doc", ZJ_COL_STR, 0},  {"unit", ZJ_COL_STR, 0},     {"year", ZJ_COL_INT, 0},
    {"section", ZJ_COL_STR, 0}, {"term", ZJ_COL_STR, 0}, {"category", ZJ_COL_STR, 0},
    {"count", ZJ_COL_INT, 0}, {"per_10k", ZJ_COL_NUM, 3},
};
static const struct zj_column docs_cols[] = {
    {"doc", ZJ_COL_STR, 0},     {"unit", ZJ_COL_STR, 0},  {"year", ZJ_COL_INT, 0},
    {"kind", ZJ_COL_STR, 0},    {"encoding", ZJ_COL_STR, 0}, {"bytes", ZJ_COL_INT, 0},
    {"chars", ZJ_COL_INT, 0},   {"terms", ZJ_COL_INT, 0}, {"hits", ZJ_COL_INT, 0},
    {"per_10k", ZJ_COL_NUM, 3}, {"problem", ZJ_COL_STR, 0},
};
#define NDOCS_COLS (sizeof docs_cols / sizeof docs_cols[0])
static const struct zj_column props_cols[] = {
    {"doc_title", ZJ_COL_STR, 0}, {"creator", ZJ_COL_STR, 0}, {"created", ZJ_COL_STR, 0},
    {"modified", ZJ_COL_STR, 0},
};
#define NPROPS_COLS (sizeof props_cols / sizeof props_cols[0])

static struct zj_cell year_cell(int year)
{
    return year ? zj_cell_int(year) : zj_cell_null();
}

static struct zj_cell rate_cell(size_t count, size_t chars)
{
    return chars ? zj_cell_num((double)count * 10000.0 / (double)chars) : zj_cell_null();
}

/* --by section: the hits of each section type counted apart. */
static void count_by_type(struct count_ctx *c, const struct zj_doc *doc, const struct zj_matcher *m,
                          struct doc_result *r)
{
    struct zj_doc_sections ds;
    size_t nt = c->types.ntypes;
    zj_doc_sections_init(&ds, doc->text.ptr, doc->text.len, doc->meta.title_line, &c->types, 0);
    const struct zj_section *nodes = ds.outline.nodes;
    r->by_type = zj_xcalloc(nt, sizeof *r->by_type);
    r->type_chars = zj_xcalloc(nt, sizeof *r->type_chars);
    for (size_t k = 0; k < ds.outline.count; k++) r->type_chars[nodes[k].type] += ds.cover.chars[k];
    /* hits reordered by section type (stable), so each type's hits are one run */
    struct zj_hit *hits = zj_xmalloc((m->nhits + 1) * sizeof *hits);
    int *type = zj_xmalloc((m->nhits + 1) * sizeof *type);
    size_t *start = zj_xcalloc(nt + 1, sizeof *start);
    for (size_t i = 0; i < m->nhits; i++) {
        type[i] = nodes[zj_doc_sections_node(&ds, doc->norm.map, &m->hits[i])].type;
        start[type[i] + 1]++;
    }
    for (size_t t = 0; t < nt; t++) start[t + 1] += start[t];
    size_t *fill = zj_xmalloc((nt + 1) * sizeof *fill);
    memcpy(fill, start, (nt + 1) * sizeof *fill);
    for (size_t i = 0; i < m->nhits; i++) hits[fill[type[i]]++] = m->hits[i];
    for (size_t t = 0; t < nt; t++)
        zj_count_hits(&c->terms, doc->norm.text.ptr, hits + start[t], start[t + 1] - start[t], &r->by_type[t]);
    free(fill), free(start), free(type), free(hits);
    zj_doc_sections_release(&ds);
}

/* A worker's matcher (zj_corpus_ops scratch). */
static void *matcher_new(void *arg)
{
    return zj_matcher_new(((const struct count_ctx *)arg)->dict);
}

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct count_ctx *c = arg;
    struct zj_matcher *m = doc->scratch;
    int rc = zj_match(m, doc->norm.text.ptr, doc->norm.text.len, c->match_flags, err);
    if (rc == ZJ_OK) {
        struct doc_result *r = zj_xcalloc(1, sizeof *r);
        zj_count_hits(&c->terms, doc->norm.text.ptr, m->hits, m->nhits, &r->counts);
        r->chars = doc->norm.chars;
        if (c->mode == MODE_SECTION) count_by_type(c, doc, m, r);
        doc->result = r;
    } else {
        zj_error_wrap(err, doc->display);
    }
    return rc;
}

static void discard(struct zj_doc *doc, void *arg)
{
    struct doc_result *r = doc->result;
    struct count_ctx *c = arg;
    if (!r) return;
    zj_doc_counts_release(&r->counts);
    for (size_t t = 0; r->by_type && t < c->types.ntypes; t++) zj_doc_counts_release(&r->by_type[t]);
    free(r->by_type);
    free(r->type_chars);
    free(r);
    doc->result = NULL;
}

static void emit_terms(struct count_ctx *c, const struct zj_doc *doc, const struct doc_result *r)
{
    /* the document's cells once, not per term row */
    struct zj_cell display = zj_cell_cstr(doc->display), unit = zj_cell_cstr(doc->meta.unit);
    for (size_t i = 0; i < r->counts.count; i++) {
        const struct zj_term_count *t = &r->counts.items[i];
        struct zj_cell row[] = {display,
                                unit,
                                year_cell(doc->meta.year),
                                zj_cell_cstr(zj_term_label(c->dict, t)),
                                zj_cell_cstr(c->dict->entries[t->entry].category),
                                zj_cell_int(t->count),
                                rate_cell(t->count, r->chars)};
        zj_writer_row(&c->w, row);
    }
}

static void emit_sections(struct count_ctx *c, const struct zj_doc *doc, const struct doc_result *r)
{
    struct zj_cell display = zj_cell_cstr(doc->display), unit = zj_cell_cstr(doc->meta.unit);
    for (size_t t = 0; t < c->types.ntypes; t++) {
        const struct zj_doc_counts *dc = &r->by_type[t];
        for (size_t i = 0; i < dc->count; i++) {
            const struct zj_term_count *tc = &dc->items[i];
            struct zj_cell row[] = {display,
                                    unit,
                                    year_cell(doc->meta.year),
                                    zj_cell_cstr(c->types.names[t]),
                                    zj_cell_cstr(zj_term_label(c->dict, tc)),
                                    zj_cell_cstr(c->dict->entries[tc->entry].category),
                                    zj_cell_int(tc->count),
                                    rate_cell(tc->count, r->type_chars[t])};
            zj_writer_row(&c->w, row);
        }
    }
}

static void emit_categories(struct count_ctx *c, struct zj_writer *w, const struct zj_doc *doc,
                            const struct doc_result *r)
{
    size_t ncats = c->cats.count;
    size_t *count = zj_xcalloc(ncats, sizeof *count), *terms = zj_xcalloc(ncats, sizeof *terms);
    for (size_t i = 0; i < r->counts.count; i++) {
        uint32_t k = c->cats.of_entry[r->counts.items[i].entry];
        count[k] += r->counts.items[i].count;
        terms[k]++;
    }
    for (size_t k = 0; k < ncats; k++) {
        if (!count[k]) continue;
        struct zj_cell row[] = {zj_cell_cstr(doc->display), zj_cell_cstr(doc->meta.unit),
                                year_cell(doc->meta.year),  zj_cell_cstr(c->cats.names[k]),
                                zj_cell_int((long long)terms[k]), zj_cell_int((long long)count[k]),
                                rate_cell(count[k], r->chars)};
        zj_writer_row(w, row);
    }
    free(count);
    free(terms);
}

static void emit_doc_row(struct count_ctx *c, struct zj_writer *w, const struct zj_doc *doc,
                         const struct doc_result *r)
{
    const struct zj_manifest *mf = c->cli->have_manifest ? &c->cli->manifest : NULL;
    size_t nprops = c->props ? NPROPS_COLS : 0, nextra = c->nextra, n = NDOCS_COLS + nprops + nextra;
    struct zj_cell *row = zj_xcalloc(n, sizeof *row);
    char problem[2048] = "";
    if (doc->skipped) zj_error_format(&doc->problem, problem, sizeof problem);
    row[0] = zj_cell_cstr(doc->display);
    row[1] = zj_cell_cstr(doc->meta.unit);
    row[2] = year_cell(doc->meta.year);
    row[3] = zj_cell_cstr(doc->meta.kind);
    row[4] = doc->skipped ? zj_cell_null() : zj_cell_cstr(zj_encoding_name(doc->encoding));
    row[5] = doc->skipped ? zj_cell_null() : zj_cell_int((long long)doc->bytes);
    row[6] = r ? zj_cell_int((long long)r->chars) : zj_cell_null();
    row[7] = r ? zj_cell_int((long long)r->counts.count) : zj_cell_null();
    row[8] = r ? zj_cell_int((long long)r->counts.hits) : zj_cell_null();
    row[9] = r ? rate_cell(r->counts.hits, r->chars) : zj_cell_null();
    row[10] = zj_cell_cstr(doc->skipped ? problem : NULL);
    const struct zj_docprops *p = &doc->meta.props;
    const char *prop[] = {p->title, p->creator, p->created, p->modified};
    for (size_t k = 0; k < nprops; k++) row[NDOCS_COLS + k] = zj_cell_cstr(prop[k]);
    for (size_t k = 0; k < nextra; k++) {
        size_t col = c->extra[k];
        const char *v = doc->manifest_row >= 0 ? mf->rows[doc->manifest_row].values[col] : NULL;
        row[NDOCS_COLS + nprops + k] = zj_cell_cstr(v);
    }
    zj_writer_row(w, row);
    free(row);
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct count_ctx *c = arg;
    struct doc_result *r = doc->result;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    if (c->mode == MODE_DOCS) emit_doc_row(c, &c->w, doc, r);
    if (c->docs_to) emit_doc_row(c, &c->docs_w, doc, r);
    if (r && c->mode == MODE_TERMS) emit_terms(c, doc, r);
    if (r && c->mode == MODE_CATEGORY) emit_categories(c, &c->w, doc, r);
    if (r && c->cats_to) emit_categories(c, &c->cats_w, doc, r);
    if (r && c->mode == MODE_SECTION) emit_sections(c, doc, r);
    if (r && c->mode == MODE_WIDE) {
        c->wide = zj_xgrow(c->wide, sizeof *c->wide, c->nwide + 1, &c->wide_alloc);
        c->wide[c->nwide].name = zj_xstrdup(doc->display);
        c->wide[c->nwide++].counts = r->counts;
        r->counts.items = NULL;
    }
    discard(doc, arg);
    return ZJ_OK;
}

/* The union of all documents' terms in table order, each with its total. */
static struct zj_term_count *wide_terms(struct count_ctx *c, size_t *n)
{
    size_t total = 0;
    for (size_t d = 0; d < c->nwide; d++) total += c->wide[d].counts.count;
    struct zj_term_count *all = zj_xmalloc((total + 1) * sizeof *all);
    size_t k = 0;
    for (size_t d = 0; d < c->nwide; d++)
        for (size_t i = 0; i < c->wide[d].counts.count; i++) all[k++] = c->wide[d].counts.items[i];
    qsort(all, k, sizeof *all, (int (*)(const void *, const void *))zj_term_cmp);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && !zj_term_cmp(&all[m - 1], &all[i])) all[m - 1].count += all[i].count;
        else all[m++] = all[i];
    }
    *n = m;
    return all;
}

/* --wide: terms down, documents across.  Each document's counts are sorted
 * in the same order as the term list, so one cursor per document suffices. */
static void write_wide(struct count_ctx *c, FILE *fp)
{
    size_t nterms, ncols = 3 + c->nwide;
    struct zj_term_count *terms = wide_terms(c, &nterms);
    struct zj_column *cols = zj_xcalloc(ncols, sizeof *cols);
    cols[0] = (struct zj_column){"term", ZJ_COL_STR, 0};
    cols[1] = (struct zj_column){"category", ZJ_COL_STR, 0};
    cols[2] = (struct zj_column){"total", ZJ_COL_INT, 0};
    for (size_t d = 0; d < c->nwide; d++) cols[3 + d] = (struct zj_column){c->wide[d].name, ZJ_COL_INT, 0};
    zj_writer_begin(&c->w, fp, c->cli->format, cols, ncols, zj_cli_write_flags(c->cli));
    size_t *cursor = zj_xcalloc(c->nwide + 1, sizeof *cursor);
    struct zj_cell *row = zj_xcalloc(ncols, sizeof *row);
    for (size_t t = 0; t < nterms; t++) {
        row[0] = zj_cell_cstr(zj_term_label(c->dict, &terms[t]));
        row[1] = zj_cell_cstr(c->dict->entries[terms[t].entry].category);
        row[2] = zj_cell_int(terms[t].count);
        for (size_t d = 0; d < c->nwide; d++) {
            const struct zj_doc_counts *dc = &c->wide[d].counts;
            size_t *k = &cursor[d];
            int here = *k < dc->count && !zj_term_cmp(&dc->items[*k], &terms[t]);
            row[3 + d] = zj_cell_int(here ? dc->items[(*k)++].count : 0);
        }
        zj_writer_row(&c->w, row);
    }
    zj_writer_end(&c->w);
    free(row), free(cursor), free(cols), free(terms);
}

static void release_ctx(struct count_ctx *c)
{
    zj_categories_release(&c->cats);
    if (c->have_types) zj_sectypes_release(&c->types);
    free(c->doc_cols), free(c->extra);
    for (size_t d = 0; d < c->nwide; d++) {
        free(c->wide[d].name);
        zj_doc_counts_release(&c->wide[d].counts);
    }
    free(c->wide);
    zj_terms_release(&c->terms);
    zj_dict_free(c->dict);
}

/* The --docs table's columns: the fixed ones, then --props, then the
 * manifest's own. */
static void docs_columns(struct count_ctx *c)
{
    const struct zj_manifest *mf = c->cli->have_manifest ? &c->cli->manifest : NULL;
    size_t ncols = mf ? mf->ncols : 0;
    c->extra = zj_xcalloc(ncols + 1, sizeof *c->extra);
    for (size_t k = 0; k < ncols; k++)
        if ((int)k != mf->col_path && (int)k != mf->col_unit && (int)k != mf->col_year)
            c->extra[c->nextra++] = k;
    size_t nprops = c->props ? NPROPS_COLS : 0;
    c->doc_cols = zj_xcalloc(NDOCS_COLS + nprops + c->nextra, sizeof *c->doc_cols);
    memcpy(c->doc_cols, docs_cols, sizeof docs_cols);
    if (nprops) memcpy(c->doc_cols + NDOCS_COLS, props_cols, sizeof props_cols);
    for (size_t k = 0; k < c->nextra; k++)
        c->doc_cols[NDOCS_COLS + nprops + k] = (struct zj_column){mf->columns[c->extra[k]], ZJ_COL_STR, 0};
}

static void begin_docs(struct count_ctx *c, struct zj_writer *w, FILE *fp)
{
    unsigned flags = zj_cli_write_flags(c->cli);
    size_t nprops = c->props ? NPROPS_COLS : 0;
    if (!c->doc_cols) docs_columns(c); /* --docs with --docs-to: made once */
    zj_writer_begin(w, fp, c->cli->format, c->doc_cols, NDOCS_COLS + nprops + c->nextra, flags);
}

static void begin_table(struct count_ctx *c, FILE *fp)
{
    unsigned flags = zj_cli_write_flags(c->cli);
    if (c->mode == MODE_TERMS) zj_writer_begin(&c->w, fp, c->cli->format, term_cols, 7, flags);
    if (c->mode == MODE_CATEGORY) zj_writer_begin(&c->w, fp, c->cli->format, cat_cols, 7, flags);
    if (c->mode == MODE_SECTION) zj_writer_begin(&c->w, fp, c->cli->format, section_cols, 8, flags);
    if (c->mode == MODE_DOCS) begin_docs(c, &c->w, fp);
}

/* The tables written beside the main one: opened (and begun) before the
 * corpus is read, committed after the main table is complete. */
struct side_tables {
    struct zj_outfile docs, cats;
};

static int open_side_tables(struct count_ctx *c, struct side_tables *side, struct zj_error *err)
{
    if (c->docs_to && zj_outfile_open(&side->docs, c->docs_to, err)) return ZJ_ERR;
    if (c->cats_to && zj_outfile_open(&side->cats, c->cats_to, err)) {
        if (c->docs_to) zj_outfile_abort(&side->docs);
        return ZJ_ERR;
    }
    if (c->docs_to) begin_docs(c, &c->docs_w, side->docs.fp);
    if (c->cats_to)
        zj_writer_begin(&c->cats_w, side->cats.fp, c->cli->format, cat_cols, 7,
                        zj_cli_write_flags(c->cli));
    return ZJ_OK;
}

static void abort_side_tables(struct count_ctx *c, struct side_tables *side)
{
    if (c->docs_to) zj_outfile_abort(&side->docs);
    if (c->cats_to) zj_outfile_abort(&side->cats);
}

static int commit_side_tables(struct count_ctx *c, struct side_tables *side, struct zj_error *err)
{
    if (c->docs_to) zj_writer_end(&c->docs_w);
    if (c->cats_to) zj_writer_end(&c->cats_w);
    if (c->docs_to && zj_outfile_commit(&side->docs, err)) {
        if (c->cats_to) zj_outfile_abort(&side->cats);
        return ZJ_ERR;
    }
    return c->cats_to ? zj_outfile_commit(&side->cats, err) : ZJ_OK;
}

static int run(struct count_ctx *c, char **inputs, size_t ninputs, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, ninputs, &opts);
    if (c->mode == MODE_SECTION) opts.norm_flags = ZJ_NORM_MAP;
    struct zj_outfile out;
    struct side_tables side = {{0}, {0}};
    if (zj_outfile_open(&out, c->cli->output, err)) return ZJ_ERR;
    if (open_side_tables(c, &side, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    if (c->mode != MODE_WIDE) begin_table(c, out.fp);
    static const struct zj_corpus_ops ops = {analyze, emit, discard, matcher_new, zj_matcher_free};
    if (zj_corpus_run(&opts, &ops, c, err)) {
        abort_side_tables(c, &side);
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    if (c->mode == MODE_WIDE) write_wide(c, out.fp);
    else zj_writer_end(&c->w);
    if (commit_side_tables(c, &side, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    return zj_outfile_commit(&out, err);
}

static const char usage[] =
    "usage: zongjie count [options] INPUT...\n"
    "Counts policy-dictionary terms in each summary (files, directories, - for stdin).\n\n"
    "      --by category     roll terms up to categories (see --level)\n"
    "      --by section      count terms per section type (work, problems, plans, ...)\n"
    "      --level N         category depth for --by category (default 1: top level)\n"
    "      --docs            one row per document: unit, year, encoding, chars, hits\n"
    "      --props           with --docs: a .docx's title, creator, created, modified\n"
    "      --wide            terms x documents matrix\n"
    "      --nested          also count terms inside a longer hit\n"
    "      --docs-to FILE    also write the --docs table to FILE (from the same run)\n"
    "      --categories-to FILE  also write the --by category table to FILE\n" ZJ_COMMON_HELP;

static int parse_own(struct count_ctx *c, int opt, const char *arg)
{
    char *end;
    switch (opt) {
    case OPT_BY:
        if (!strcmp(arg, "term")) c->mode = MODE_TERMS;
        else if (!strcmp(arg, "category")) c->mode = MODE_CATEGORY;
        else if (!strcmp(arg, "section")) c->mode = MODE_SECTION;
        else return zj_cli_usage_error(c->cli, "--by takes term, category or section, not `%s`", arg);
        return 0;
    case OPT_LEVEL:
        c->level = (int)strtol(arg, &end, 10);
        if (*end || c->level < 1) return zj_cli_usage_error(c->cli, "--level wants a depth >= 1");
        return 0;
    case OPT_WIDE: c->mode = MODE_WIDE; return 0;
    case OPT_DOCS: c->mode = MODE_DOCS; return 0;
    case OPT_NESTED: c->match_flags |= ZJ_MATCH_NESTED; return 0;
    case OPT_PROPS: c->props = 1; return 0;
    case OPT_DOCS_TO:
        c->docs_to = arg;
        return 0;
    case OPT_CATEGORIES_TO:
        c->cats_to = arg;
        return 0;
    default: return zj_cli_usage_error(c->cli, "unknown option");
    }
}

static int own_option(void *ctx, int opt, const char *arg)
{
    return parse_own(ctx, opt, arg) ? ZJ_EXIT_USAGE : 0;
}

static int parse_args(struct count_ctx *c, int argc, char **argv)
{
    static const struct option own[] = {
        {"by", required_argument, NULL, OPT_BY},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"wide", no_argument, NULL, OPT_WIDE},
        {"docs", no_argument, NULL, OPT_DOCS},
        {"nested", no_argument, NULL, OPT_NESTED},
        {"props", no_argument, NULL, OPT_PROPS},
        {"docs-to", required_argument, NULL, OPT_DOCS_TO},
        {"categories-to", required_argument, NULL, OPT_CATEGORIES_TO},
        {NULL, 0, NULL, 0}};
    int rc = zj_cli_parse(c->cli, argc, argv, 1, own, own_option, c, usage);
    if (rc == 0 && optind >= argc) return zj_cli_usage_error(c->cli, "no input files");
    if (rc == 0 && c->props && c->mode != MODE_DOCS && !c->docs_to)
        return zj_cli_usage_error(c->cli, "--props goes with --docs or --docs-to");
    if (rc == 0 && (c->docs_to || c->cats_to) && c->mode == MODE_WIDE)
        return zj_cli_usage_error(c->cli, "--docs-to and --categories-to do not go with --wide");
    return rc;
}

int zj_cmd_count(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "count");
    struct count_ctx c = {.cli = &cli, .level = 1};
    int rc = parse_args(&c, argc, argv);
    if (rc) {
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct zj_error err;
    zj_error_clear(&err);
    if (zj_cli_load_dict(&cli, &c.dict, &err) || zj_cli_load_manifest(&cli, &err)) {
        rc = zj_cli_fail(&cli, &err);
        zj_dict_free(c.dict);
        zj_cli_release(&cli);
        return rc;
    }
    if (c.mode == MODE_SECTION) {
        if (zj_cli_load_sectypes(&cli, &c.types, &err)) {
            rc = zj_cli_fail(&cli, &err);
            zj_dict_free(c.dict);
            zj_cli_release(&cli);
            return rc;
        }
        c.have_types = 1;
    }
    zj_terms_init(&c.terms, c.dict);
    zj_categories_init(&c.cats, c.dict, c.level);
    rc = run(&c, argv + optind, (size_t)(argc - optind), &err) ? zj_cli_fail(&cli, &err) : ZJ_EXIT_OK;
    if (rc == ZJ_EXIT_OK) zj_cli_warn_unused_manifest(&cli);
    release_ctx(&c);
    zj_cli_release(&cli);
    return rc;
}

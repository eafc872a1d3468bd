/*
 * sections.c - `zongjie sections`: the outline of each summary and how much
 * of it each section type and topic holds.
 *
 * Tables:
 *   --outline  doc, unit, year, path, level, number, title, type, start, end, chars, hits,
 *              items, line, total_chars, total_hits
 *              (start/end/chars/hits: the node's own span, which partition the document;
 *               total_*: the node with its subsections)
 *   default    doc, unit, year, type, standard, present, sections, chars, share, hits, per_10k
 *              (a standard type absent from a summary is a row with present = 0)
 *   --topics   doc, unit, year, type, category, hits, share, per_10k
 * --outline-to FILE writes the --outline table too, from the same reading of
 * the corpus (report uses it: one pass instead of two).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "doc/outline.h"
#include "doc/sectypes.h"
#include "stats/coverage.h"
#include "terms/match.h"
#include "util/alloc.h"
#include "util/banned.h"

enum sec_mode { MODE_COVERAGE, MODE_OUTLINE, MODE_TOPICS };
enum { OPT_OUTLINE = OPT_FIRST_OWN, OPT_TOPICS, OPT_LEVEL, OPT_OUTLINE_TO };

struct sec_ctx {
    struct zj_cli *cli;
    struct zj_dict *dict;
    struct zj_sectypes types;
    struct zj_categories cats;
    enum sec_mode mode;
    int level;
    struct zj_writer w;
    const char *outline_to; /* also write the --outline table here */
    struct zj_writer outline_w;
};

struct sec_result {
    struct zj_doc_sections ds;
};

static const struct zj_column outline_cols[] = {
    {"doc", ZJ_COL_STR, 0},   {"unit", ZJ_COL_STR, 0},       {"year", ZJ_COL_INT, 0},
    {"path", ZJ_COL_STR, 0},  {"level", ZJ_COL_INT, 0},      {"number", ZJ_COL_STR, 0},
    {"title", ZJ_COL_STR, 0}, {"type", ZJ_COL_STR, 0},       {"start", ZJ_COL_INT, 0},
    {"end", ZJ_COL_INT, 0},   {"chars", ZJ_COL_INT, 0},      {"hits", ZJ_COL_INT, 0},
    {"items", ZJ_COL_INT, 0}, {"line", ZJ_COL_INT, 0},       {"total_chars", ZJ_COL_INT, 0},
    {"total_hits", ZJ_COL_INT, 0},
};
static const struct zj_column cover_cols[] = {
    {"doc", ZJ_COL_STR, 0},      {"unit", ZJ_COL_STR, 0},  {"year", ZJ_COL_INT, 0},
    {"type", ZJ_COL_STR, 0},     {"standard", ZJ_COL_INT, 0}, {"present", ZJ_COL_INT, 0},
    {"sections", ZJ_COL_INT, 0}, {"chars", ZJ_COL_INT, 0}, {"share", ZJ_COL_NUM, 4},
    {"hits", ZJ_COL_INT, 0},     {"per_10k", ZJ_COL_NUM, 3},
};
static const struct zj_column topic_cols[] = {
    {"doc", ZJ_COL_STR, 0},      {"unit", ZJ_COL_STR, 0}, {"year", ZJ_COL_INT, 0},
    {"type", ZJ_COL_STR, 0},     {"category", ZJ_COL_STR, 0}, {"hits", ZJ_COL_INT, 0},
    {"share", ZJ_COL_NUM, 4},    {"per_10k", ZJ_COL_NUM, 3},
};
#define NCOLS(a) (sizeof a / sizeof a[0])

/* A worker's matcher (zj_corpus_ops scratch). */
static void *matcher_new(void *arg)
{
    return zj_matcher_new(((const struct sec_ctx *)arg)->dict);
}

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct sec_ctx *c = arg;
    struct sec_result *r = zj_xcalloc(1, sizeof *r);
    zj_doc_sections_init(&r->ds, doc->text.ptr, doc->text.len, doc->meta.title_line, &c->types,
                         c->cats.count);
    struct zj_matcher *m = doc->scratch;
    int rc = zj_match(m, doc->norm.text.ptr, doc->norm.text.len, 0, err);
    if (rc == ZJ_OK)
        zj_doc_sections_add_hits(&r->ds, doc->norm.map, m->hits, m->nhits, c->cats.of_entry);
    doc->result = r;
    if (rc) zj_error_wrap(err, doc->display);
    return rc;
}

static void discard(struct zj_doc *doc, void *arg)
{
    struct sec_result *r = doc->result;
    (void)arg;
    if (!r) return;
    zj_doc_sections_release(&r->ds);
    free(r);
    doc->result = NULL;
}

static struct zj_cell year_cell(int y)
{
    return y ? zj_cell_int(y) : zj_cell_null();
}

static struct zj_cell ratio(size_t a, size_t b, double scale)
{
    return b ? zj_cell_num((double)a * scale / (double)b) : zj_cell_null();
}

static void emit_outline(struct sec_ctx *c, struct zj_writer *w, const struct zj_doc *doc,
                         const struct sec_result *r)
{
    const struct zj_outline *o = &r->ds.outline;
    for (size_t k = 0; k < o->count; k++) {
        const struct zj_section *s = &o->nodes[k];
        size_t tc, th;
        zj_coverage_subtree(&r->ds.cover, k, &tc, &th);
        struct zj_cell row[] = {
            zj_cell_cstr(doc->display), zj_cell_cstr(doc->meta.unit), year_cell(doc->meta.year),
            zj_cell_cstr(s->path), zj_cell_int(s->depth), zj_cell_cstr(s->marker),
            zj_cell_cstr(s->title), zj_cell_cstr(c->types.names[s->type]),
            zj_cell_int((long long)s->start), zj_cell_int((long long)s->end),
            zj_cell_int((long long)r->ds.cover.chars[k]), zj_cell_int((long long)r->ds.cover.hits[k]),
            zj_cell_int(s->items), zj_cell_int((long long)s->line), zj_cell_int((long long)tc),
            zj_cell_int((long long)th)};
        zj_writer_row(w, row);
    }
}

static void emit_types(struct sec_ctx *c, const struct zj_doc *doc, const struct sec_result *r)
{
    size_t nt = c->types.ntypes;
    struct zj_type_cover *tc = zj_xcalloc(nt, sizeof *tc);
    zj_coverage_by_type(&r->ds.cover, nt, tc);
    for (size_t t = 0; t < nt; t++) {
        if (c->mode == MODE_COVERAGE && (tc[t].sections || c->types.standard[t])) {
            struct zj_cell row[] = {
                zj_cell_cstr(doc->display), zj_cell_cstr(doc->meta.unit), year_cell(doc->meta.year),
                zj_cell_cstr(c->types.names[t]), zj_cell_int(c->types.standard[t]),
                zj_cell_int(tc[t].sections > 0), zj_cell_int((long long)tc[t].sections),
                zj_cell_int((long long)tc[t].chars), ratio(tc[t].chars, r->ds.cover.doc_chars, 1),
                zj_cell_int((long long)tc[t].hits), ratio(tc[t].hits, tc[t].chars, 10000)};
            zj_writer_row(&c->w, row);
        }
        for (size_t k = 0; c->mode == MODE_TOPICS && k < c->cats.count; k++) {
            if (!tc[t].cat_hits[k]) continue;
            struct zj_cell row[] = {
                zj_cell_cstr(doc->display), zj_cell_cstr(doc->meta.unit), year_cell(doc->meta.year),
                zj_cell_cstr(c->types.names[t]), zj_cell_cstr(c->cats.names[k]),
                zj_cell_int(tc[t].cat_hits[k]), ratio(tc[t].cat_hits[k], tc[t].hits, 1),
                ratio(tc[t].cat_hits[k], tc[t].chars, 10000)};
            zj_writer_row(&c->w, row);
        }
    }
    zj_type_cover_release(tc, nt);
    free(tc);
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct sec_ctx *c = arg;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    struct sec_result *r = doc->result;
    if (r && c->mode == MODE_OUTLINE)
        emit_outline(c, &c->w, doc, r);
    else if (r) emit_types(c, doc, r);
    if (r && c->outline_to) emit_outline(c, &c->outline_w, doc, r);
    discard(doc, arg);
    return ZJ_OK;
}

static int run(struct sec_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    opts.norm_flags = ZJ_NORM_MAP;
    struct zj_outfile out, more = {0};
    if (zj_outfile_open(&out, c->cli->output, err)) return ZJ_ERR;
    if (c->outline_to && zj_outfile_open(&more, c->outline_to, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    unsigned flags = zj_cli_write_flags(c->cli);
    if (c->outline_to)
        zj_writer_begin(&c->outline_w, more.fp, c->cli->format, outline_cols, NCOLS(outline_cols),
                        flags);
    if (c->mode == MODE_OUTLINE) zj_writer_begin(&c->w, out.fp, c->cli->format, outline_cols, NCOLS(outline_cols), flags);
    if (c->mode == MODE_COVERAGE) zj_writer_begin(&c->w, out.fp, c->cli->format, cover_cols, NCOLS(cover_cols), flags);
    if (c->mode == MODE_TOPICS) zj_writer_begin(&c->w, out.fp, c->cli->format, topic_cols, NCOLS(topic_cols), flags);
    static const struct zj_corpus_ops ops = {analyze, emit, discard, matcher_new, zj_matcher_free};
    if (zj_corpus_run(&opts, &ops, c, err)) {
        if (c->outline_to) zj_outfile_abort(&more);
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    zj_writer_end(&c->w);
    if (c->outline_to) zj_writer_end(&c->outline_w);
    if (c->outline_to && zj_outfile_commit(&more, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    return zj_outfile_commit(&out, err);
}

static const char usage[] =
    "usage: zongjie sections [options] INPUT...\n"
    "Reads the heading outline (一、 （一） 1. （1） ①) of each summary and reports which\n"
    "section types (work, problems, causes, plans, ...) it covers.\n\n"
    "      --outline         one row per section: path, level, number, title, type, span\n"
    "      --topics          hits per section type and dictionary category\n"
    "      --level N         category depth for --topics (default 1)\n"
    "      --outline-to FILE also write the --outline table to FILE (both from one "
    "run)\n" ZJ_COMMON_HELP;

static int own_option(void *ctx, int opt, const char *arg)
{
    struct sec_ctx *c = ctx;
    if (opt == OPT_OUTLINE) c->mode = MODE_OUTLINE;
    else if (opt == OPT_TOPICS) c->mode = MODE_TOPICS;
    else if (opt == OPT_OUTLINE_TO)
        c->outline_to = arg;
    else if (opt != OPT_LEVEL || (c->level = atoi(arg)) < 1)
        return zj_cli_usage_error(c->cli, "--level wants a depth >= 1");
    return 0;
}

static int parse_args(struct sec_ctx *c, int argc, char **argv)
{
    static const struct option own[] = {{"outline", no_argument, NULL, OPT_OUTLINE},
                                        {"topics", no_argument, NULL, OPT_TOPICS},
                                        {"level", required_argument, NULL, OPT_LEVEL},
                                        {"outline-to", required_argument, NULL, OPT_OUTLINE_TO},
                                        {NULL, 0, NULL, 0}};
    int rc = zj_cli_parse(c->cli, argc, argv, 1, own, own_option, c, usage);
    if (rc == 0 && optind >= argc) return zj_cli_usage_error(c->cli, "no input files");
    return rc;
}

int zj_cmd_sections(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "sections");
    struct sec_ctx c = {.cli = &cli, .level = 1};
    int rc = parse_args(&c, argc, argv);
    if (rc) {
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct zj_error err;
    zj_error_clear(&err);
    if (zj_cli_load_dict(&cli, &c.dict, &err) || zj_cli_load_sectypes(&cli, &c.types, &err) ||
        zj_cli_load_manifest(&cli, &err)) {
        rc = zj_cli_fail(&cli, &err);
    } else {
        zj_categories_init(&c.cats, c.dict, c.level);
        rc = run(&c, argv + optind, (size_t)(argc - optind), &err) ? zj_cli_fail(&cli, &err) : ZJ_EXIT_OK;
        if (rc == ZJ_EXIT_OK) zj_cli_warn_unused_manifest(&cli);
        zj_categories_release(&c.cats);
        zj_sectypes_release(&c.types);
    }
    zj_dict_free(c.dict);
    zj_cli_release(&cli);
    return rc;
}

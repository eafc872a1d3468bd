/*
 * discover.c - `zongjie discover INPUT...`: recurring phrases the dictionary
 * does not have yet (新词发现), for a person to review.
 *
 * Tables:
 *   default     phrase, chars, count, docs, units, pmi, left_entropy, right_entropy, score,
 *               first_year, in_dict
 *   --by year   phrase, chars, first_year, year, count, per_10k (per 10,000 Han characters
 *               of that year's documents), in rank order, one row per phrase and year
 *   --emit-dict the top phrases as dictionary lines (dict/README.md), category 待审
 *
 * Method and thresholds: ngram.h (counting, entropies, cohesion) and
 * phrase.h (score, dictionary check); docs/discover.md.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "discover/ngram.h"
#include "discover/phrase.h"
#include "util/alloc.h"
#include "util/strmap.h"
#include "util/banned.h"

enum {
    OPT_MIN_COUNT = OPT_FIRST_OWN,
    OPT_MIN_DOCS,
    OPT_MIN_UNITS,
    OPT_MIN_CHARS,
    OPT_MAX_CHARS,
    OPT_TOP,
    OPT_ALL,
    OPT_BY,
    OPT_EMIT_DICT,
};

struct dc_ctx {
    struct zj_cli *cli;
    struct zj_dict *dict;
    struct zj_ngram_opts ngram;
    struct zj_phrase_opts phrase;
    int by_year, emit_dict;
    struct zj_ngram_corpus corpus;
    struct zj_strmap units;
    int *years;          /* distinct years seen, ascending after the run */
    size_t *year_chars;  /* Han characters per year */
    size_t nyears;
};

static const struct zj_column main_cols[] = {
    {"phrase", ZJ_COL_STR, 0},       {"chars", ZJ_COL_INT, 0},         {"count", ZJ_COL_INT, 0},
    {"docs", ZJ_COL_INT, 0},         {"units", ZJ_COL_INT, 0},         {"pmi", ZJ_COL_NUM, 3},
    {"left_entropy", ZJ_COL_NUM, 3}, {"right_entropy", ZJ_COL_NUM, 3}, {"score", ZJ_COL_NUM, 3},
    {"first_year", ZJ_COL_INT, 0},   {"in_dict", ZJ_COL_STR, 0},
};
static const struct zj_column year_cols[] = {
    {"phrase", ZJ_COL_STR, 0}, {"chars", ZJ_COL_INT, 0},    {"first_year", ZJ_COL_INT, 0},
    {"year", ZJ_COL_INT, 0},   {"count", ZJ_COL_INT, 0},    {"per_10k", ZJ_COL_NUM, 3},
};
#define NCOLS(a) (sizeof a / sizeof a[0])

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    (void)arg, (void)err;
    struct zj_buf *copy = zj_xcalloc(1, sizeof *copy);
    zj_buf_add(copy, doc->norm.text.ptr, doc->norm.text.len);
    doc->result = copy;
    return ZJ_OK;
}

static void discard(struct zj_doc *doc, void *arg)
{
    (void)arg;
    if (!doc->result) return;
    zj_buf_release(doc->result);
    free(doc->result);
    doc->result = NULL;
}

/* A unit's number; a document without a unit is a unit of its own. */
static uint32_t unit_id(struct dc_ctx *c, const struct zj_doc *doc)
{
    struct zj_buf key = {0};
    if (doc->meta.unit) zj_buf_addf(&key, "u:%s", doc->meta.unit);
    else zj_buf_addf(&key, "d:%zu", doc->index);
    uint32_t id = *zj_strmap_put(&c->units, key.ptr, key.len, (uint32_t)c->units.count, NULL);
    zj_buf_release(&key);
    return id;
}

static void add_year_chars(struct dc_ctx *c, int year, size_t chars)
{
    size_t y = 0;
    while (y < c->nyears && c->years[y] != year) y++;
    if (y == c->nyears) {
        c->years = zj_xrealloc(c->years, (y + 1) * sizeof *c->years);
        c->year_chars = zj_xrealloc(c->year_chars, (y + 1) * sizeof *c->year_chars);
        c->years[y] = year, c->year_chars[y] = 0, c->nyears++;
    }
    c->year_chars[y] += chars;
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct dc_ctx *c = arg;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    struct zj_buf *text = doc->result;
    if (text) {
        size_t before = c->corpus.han_chars;
        zj_ngram_add_doc(&c->corpus, text->ptr ? text->ptr : "", text->len, unit_id(c, doc), doc->meta.year);
        if (doc->meta.year) add_year_chars(c, doc->meta.year, c->corpus.han_chars - before);
    }
    discard(doc, arg);
    return ZJ_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static struct zj_cell year_cell(int y)
{
    return y ? zj_cell_int(y) : zj_cell_null();
}

static void write_main(struct dc_ctx *c, struct zj_writer *w, const struct zj_phrases *ph)
{
    for (size_t i = 0; i < ph->count; i++) {
        const struct zj_phrase *p = &ph->items[i];
        const struct zj_ngram *g = &c->corpus.levels[p->n].items[p->item];
        struct zj_cell row[] = {
            zj_cell_cstr(p->text), zj_cell_int((long long)p->n), zj_cell_int(g->count),
            zj_cell_int(g->docs), zj_cell_int(g->units), zj_cell_num(g->pmi),
            zj_cell_num(g->left_entropy), zj_cell_num(g->right_entropy), zj_cell_num(p->score),
            year_cell(g->first_year), zj_cell_cstr(zj_in_dict_name(p->in_dict))};
        zj_writer_row(w, row);
    }
}

static void write_by_year(struct dc_ctx *c, struct zj_writer *w, const struct zj_phrases *ph)
{
    size_t ny = c->nyears;
    struct zj_ngram_ref *sel = zj_xcalloc(ph->count + 1, sizeof *sel);
    for (size_t i = 0; i < ph->count; i++) sel[i].n = ph->items[i].n, sel[i].item = ph->items[i].item;
    /* years[] is sorted in run(); year_chars follows it */
    uint32_t *counts = zj_xcalloc(ph->count * ny + 1, sizeof *counts);
    zj_ngram_count_by_year(&c->corpus, sel, ph->count, c->years, ny, counts);
    for (size_t i = 0; i < ph->count; i++) {
        const struct zj_phrase *p = &ph->items[i];
        const struct zj_ngram *g = &c->corpus.levels[p->n].items[p->item];
        for (size_t y = 0; y < ny; y++) {
            double per = c->year_chars[y] ? counts[i * ny + y] * 10000.0 / (double)c->year_chars[y] : 0;
            struct zj_cell row[] = {zj_cell_cstr(p->text), zj_cell_int((long long)p->n),
                                    year_cell(g->first_year), zj_cell_int(c->years[y]),
                                    zj_cell_int(counts[i * ny + y]),
                                    c->year_chars[y] ? zj_cell_num(per) : zj_cell_null()};
            zj_writer_row(w, row);
        }
    }
    free(counts);
    free(sel);
}

static void write_dict(struct dc_ctx *c, FILE *fp, const struct zj_phrases *ph)
{
    fputs("# zongjie discover: candidate terms to review. Set each category (待审 = to review),\n"
          "# delete what is not a term, then merge into your dictionary.\n", fp);
    for (size_t i = 0; i < ph->count; i++) {
        const struct zj_phrase *p = &ph->items[i];
        const struct zj_ngram *g = &c->corpus.levels[p->n].items[p->item];
        fprintf(fp, "%s\t待审\t\tdiscover: count %u, docs %u, units %u, first year %d, score %.3f\n",
                p->text, g->count, g->docs, g->units, g->first_year, p->score);
    }
}

/* Sorts years ascending, keeping year_chars aligned.  No year known (no
 * title gave one): nothing to sort, and years stays NULL. */
static void sort_years(struct dc_ctx *c)
{
    if (c->nyears == 0) return;
    int *sorted = zj_xmalloc((c->nyears + 1) * sizeof *sorted);
    size_t *chars = zj_xmalloc((c->nyears + 1) * sizeof *chars);
    if (c->nyears) memcpy(sorted, c->years, c->nyears * sizeof *sorted);
    qsort(sorted, c->nyears, sizeof *sorted, cmp_int);
    for (size_t i = 0; i < c->nyears; i++)
        for (size_t j = 0; j < c->nyears; j++)
            if (c->years[j] == sorted[i]) chars[i] = c->year_chars[j];
    free(c->years), free(c->year_chars);
    c->years = sorted, c->year_chars = chars;
}

static int run(struct dc_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    static const struct zj_corpus_ops ops = {analyze, emit, discard, NULL, NULL};
    if (zj_corpus_run(&opts, &ops, c, err)) return ZJ_ERR;
    sort_years(c);
    zj_ngram_count(&c->corpus, &c->ngram);
    struct zj_phrases ph;
    zj_phrases_rank(&ph, &c->corpus, c->dict, &c->phrase);
    struct zj_outfile out;
    if (zj_outfile_open(&out, c->cli->output, err)) {
        zj_phrases_release(&ph);
        return ZJ_ERR;
    }
    struct zj_writer w;
    unsigned flags = zj_cli_write_flags(c->cli);
    if (c->emit_dict) {
        write_dict(c, out.fp, &ph);
    } else if (c->by_year) {
        zj_writer_begin(&w, out.fp, c->cli->format, year_cols, NCOLS(year_cols), flags);
        write_by_year(c, &w, &ph);
        zj_writer_end(&w);
    } else {
        zj_writer_begin(&w, out.fp, c->cli->format, main_cols, NCOLS(main_cols), flags);
        write_main(c, &w, &ph);
        zj_writer_end(&w);
    }
    zj_phrases_release(&ph);
    return zj_outfile_commit(&out, err);
}

static const char usage[] =
    "usage: zongjie discover [options] INPUT...\n"
    "Recurring phrases (2-12 Han characters, never across punctuation) that the dictionary\n"
    "does not have, ranked by cohesion (PMI of the weakest split) times freedom (the smaller\n"
    "of the left and right neighbour entropies).\n\n"
    "      --min-count N     occurrences (default 5)\n"
    "      --min-docs N      documents it occurs in (default 2)\n"
    "      --min-units N     units it occurs in (default 1)\n"
    "      --min-chars N     shortest phrase (default 2)\n"
    "      --max-chars N     longest phrase (default 12, at most 16)\n"
    "      --top N           rows (default 100; 0 = all)\n"
    "      --all             keep phrases the dictionary has (in_dict: term, or part of a term)\n"
    "      --by year         one row per phrase and year: count and rate per 10,000 characters\n"
    "      --emit-dict       the top phrases as dictionary lines (category 待审) to review\n"
    ZJ_COMMON_HELP;

static int number(struct dc_ctx *c, const char *name, const char *arg, long lo, long hi, size_t *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg || v < lo || v > hi)
        return zj_cli_usage_error(c->cli, "%s wants a number %ld..%ld, not `%s`", name, lo, hi, arg);
    *out = (size_t)v;
    return 0;
}

static int own_option(void *ctx, int opt, const char *arg)
{
    struct dc_ctx *c = ctx;
    switch (opt) {
    case OPT_MIN_COUNT: return number(c, "--min-count", arg, 1, 1000000000, &c->ngram.min_count);
    case OPT_MIN_DOCS: return number(c, "--min-docs", arg, 1, 1000000000, &c->ngram.min_docs);
    case OPT_MIN_UNITS: return number(c, "--min-units", arg, 1, 1000000000, &c->ngram.min_units);
    case OPT_MIN_CHARS: return number(c, "--min-chars", arg, 2, ZJ_NGRAM_MAX, &c->phrase.min_chars);
    case OPT_MAX_CHARS: return number(c, "--max-chars", arg, 2, ZJ_NGRAM_MAX, &c->phrase.max_chars);
    case OPT_TOP: return number(c, "--top", arg, 0, 1000000000, &c->phrase.top);
    case OPT_ALL: c->phrase.keep_dict = 1; return 0;
    case OPT_EMIT_DICT: c->emit_dict = 1; return 0;
    case OPT_BY:
        if (!strcmp(arg, "year")) return c->by_year = 1, 0;
        return zj_cli_usage_error(c->cli, "--by wants `year`, not `%s`", arg);
    default: return zj_cli_usage_error(c->cli, "unknown option");
    }
}

static int parse_args(struct dc_ctx *c, int argc, char **argv)
{
    static const struct option own[] = {
        {"min-count", required_argument, NULL, OPT_MIN_COUNT},
        {"min-docs", required_argument, NULL, OPT_MIN_DOCS},
        {"min-units", required_argument, NULL, OPT_MIN_UNITS},
        {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
        {"max-chars", required_argument, NULL, OPT_MAX_CHARS},
        {"top", required_argument, NULL, OPT_TOP},
        {"all", no_argument, NULL, OPT_ALL},
        {"by", required_argument, NULL, OPT_BY},
        {"emit-dict", no_argument, NULL, OPT_EMIT_DICT},
        {NULL, 0, NULL, 0}};
    int rc = zj_cli_parse(c->cli, argc, argv, 1, own, own_option, c, usage);
    if (rc) return rc;
    if (c->phrase.min_chars > c->phrase.max_chars)
        return zj_cli_usage_error(c->cli, "--min-chars is above --max-chars");
    if (c->by_year && c->emit_dict) return zj_cli_usage_error(c->cli, "--by year and --emit-dict exclude each other");
    if (optind >= argc) return zj_cli_usage_error(c->cli, "no input files");
    c->ngram.max_chars = c->phrase.max_chars;
    c->ngram.threads = c->cli->threads;
    return 0;
}

int zj_cmd_discover(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "discover");
    struct dc_ctx c = {.cli = &cli,
                       .ngram = {.min_count = 5, .min_docs = 2, .min_units = 1},
                       .phrase = {.min_chars = 2, .max_chars = 12, .top = 100}};
    int rc = parse_args(&c, argc, argv);
    if (rc) {
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct zj_error err;
    zj_error_clear(&err);
    zj_ngram_corpus_init(&c.corpus);
    if (zj_cli_load_dict(&cli, &c.dict, &err) || zj_cli_load_manifest(&cli, &err) ||
        run(&c, argv + optind, (size_t)(argc - optind), &err))
        rc = zj_cli_fail(&cli, &err);
    else
        zj_cli_warn_unused_manifest(&cli);
    zj_ngram_corpus_release(&c.corpus);
    zj_strmap_release(&c.units);
    free(c.years), free(c.year_chars);
    zj_dict_free(c.dict);
    zj_cli_release(&cli);
    return rc;
}

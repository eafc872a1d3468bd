/*
 * kwic.c - `zongjie kwic PATTERN INPUT...`: every hit of a term, a category,
 * a literal or a regex, with its context in the words of the original text.
 *
 * Table: doc, unit, year, section, line, start, end, left, match, right, term
 *   section    the heading the hit lies under (number and title), or the
 *              special part (title, preamble, signoff)
 *   line       1-based line of the hit in the decoded text
 *   start/end  code points of the decoded text (as in `sections --outline`)
 *   term       the dictionary entry the hit counts under (`count` counts
 *              exactly these hits), or the pattern itself
 *
 * Which hits: a PATTERN that is a dictionary term or alias gives that term's
 * hits under the dictionary's leftmost-longest rule, so a row here is a hit
 * in `count`; --category gives every term under a category; anything else
 * (or --literal) is searched as a literal on its own, and -E as a PCRE2
 * regex, both on normalized text.
 *
 * Rows stream in document order; --sort and the terminal view (--view, or
 * when standard output is a terminal and no -f or -o is given) hold the
 * rows until the end.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "stats/coverage.h"
#include "terms/kwic.h"
#include "terms/match.h"
#include "util/alloc.h"
#include "util/banned.h"

enum kw_sort { SORT_DOC, SORT_LEFT, SORT_RIGHT, SORT_MATCH };
enum kw_select { SEL_AUTO, SEL_LITERAL, SEL_REGEX, SEL_CATEGORY };
enum { OPT_CATEGORY = OPT_FIRST_OWN, OPT_LITERAL, OPT_WIDTH, OPT_SORT, OPT_NESTED, OPT_VIEW };

/* A row's strings live in its document's arena (`base`), as offsets. */
struct kw_row {
    const char *base;
    size_t doc;
    size_t section, left, match, right, term; /* offsets into base, NUL-terminated */
    size_t line, start, end;
};

struct kw_doc {
    char *arena;
    struct kw_row *rows;
    size_t nrows;
};

struct kw_ctx {
    struct zj_cli *cli;
    enum kw_select select;
    enum kw_sort sort;
    const char *pattern;
    size_t width;
    unsigned match_flags;
    int view;
    struct zj_dict *dict;
    unsigned char *wanted; /* per dictionary entry: 1 = report its hits */
    struct zj_sectypes types;
    struct zj_writer w;
    /* held rows (sorting, view), with the documents' names and arenas */
    struct kw_row *rows;
    size_t nrows, rows_alloc;
    char **arenas;
    size_t narenas;
    char **names, **units;
    int *years;
    size_t ndocs;
};

static const struct zj_column cols[] = {
    {"doc", ZJ_COL_STR, 0},   {"unit", ZJ_COL_STR, 0},  {"year", ZJ_COL_INT, 0},
    {"section", ZJ_COL_STR, 0}, {"line", ZJ_COL_INT, 0}, {"start", ZJ_COL_INT, 0},
    {"end", ZJ_COL_INT, 0},   {"left", ZJ_COL_STR, 0},  {"match", ZJ_COL_STR, 0},
    {"right", ZJ_COL_STR, 0}, {"term", ZJ_COL_STR, 0},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* The name a hit counts under (count.c's rule): the term, a regex entry's
 * name, or for an unnamed regex the matched text. */
static void add_term(struct zj_buf *a, const struct zj_entry *e, const char *norm,
                     const struct zj_hit *h)
{
    if (e->re && !e->name) zj_buf_add(a, norm + h->start, h->end - h->start);
    else zj_buf_addstr(a, e->re ? e->name : e->term);
}

static void add_section(struct zj_buf *a, const struct kw_ctx *c, const struct zj_section *s)
{
    if (s->kind == ZJ_SEC_HEADING) zj_buf_addf(a, "%s%s", s->marker, s->title);
    else zj_buf_addstr(a, c->types.names[s->type]);
}

/* Adds one row; its strings go to the arena, each NUL-terminated. */
static void add_row(struct kw_ctx *c, struct zj_doc *doc, struct zj_buf *a, struct kw_doc *r,
                    const struct zj_doc_sections *ds, const struct zj_cpindex *ix,
                    const struct zj_hit *h)
{
    struct kw_row row = {.doc = doc->index};
    size_t cs, ce;
    zj_kwic_span(doc->norm.map, h->start, h->end, &cs, &ce);
    row.start = cs, row.end = ce;
    row.line = zj_cpindex_line(ix, cs);
    row.section = a->len;
    add_section(a, c, &ds->outline.nodes[zj_doc_sections_node(ds, doc->norm.map, h)]);
    struct zj_buf left = {0}, match = {0}, right = {0};
    zj_kwic_context(doc->text.ptr, ix, cs, ce, c->width, &left, &match, &right);
    zj_buf_addch(a, 0), row.left = a->len, zj_buf_add(a, left.ptr, left.len);
    zj_buf_addch(a, 0), row.match = a->len, zj_buf_add(a, match.ptr, match.len);
    zj_buf_addch(a, 0), row.right = a->len, zj_buf_add(a, right.ptr, right.len);
    zj_buf_addch(a, 0), row.term = a->len;
    add_term(a, &c->dict->entries[h->entry], doc->norm.text.ptr, h);
    zj_buf_addch(a, 0);
    zj_buf_release(&left), zj_buf_release(&match), zj_buf_release(&right);
    r->rows = zj_xrealloc(r->rows, (r->nrows + 1) * sizeof *r->rows);
    r->rows[r->nrows++] = row;
}

/* A worker's matcher (zj_corpus_ops scratch). */
static void *matcher_new(void *arg)
{
    return zj_matcher_new(((const struct kw_ctx *)arg)->dict);
}

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct kw_ctx *c = arg;
    struct kw_doc *r = zj_xcalloc(1, sizeof *r);
    doc->result = r;
    struct zj_matcher *m = doc->scratch;
    int rc = zj_match(m, doc->norm.text.ptr, doc->norm.text.len, c->match_flags, err);
    if (rc) return zj_error_wrap(err, doc->display);
    struct zj_doc_sections ds;
    zj_doc_sections_init(&ds, doc->text.ptr, doc->text.len, doc->meta.title_line, &c->types, 0);
    struct zj_cpindex ix;
    zj_cpindex_init(&ix, doc->text.ptr, doc->text.len);
    struct zj_buf a = {0};
    for (size_t i = 0; i < m->nhits; i++)
        if (c->wanted[m->hits[i].entry]) add_row(c, doc, &a, r, &ds, &ix, &m->hits[i]);
    r->arena = zj_buf_detach(&a, NULL);
    for (size_t i = 0; i < r->nrows; i++) r->rows[i].base = r->arena;
    zj_cpindex_release(&ix);
    zj_doc_sections_release(&ds);
    return ZJ_OK;
}

static void discard(struct zj_doc *doc, void *arg)
{
    struct kw_doc *r = doc->result;
    (void)arg;
    if (!r) return;
    free(r->arena);
    free(r->rows);
    free(r);
    doc->result = NULL;
}

static void write_row(struct kw_ctx *c, const struct kw_row *row, const char *name,
                      const char *unit, int year)
{
    const char *b = row->base;
    struct zj_cell cells[] = {
        zj_cell_cstr(name), zj_cell_cstr(unit), year ? zj_cell_int(year) : zj_cell_null(),
        zj_cell_cstr(b + row->section), zj_cell_int((long long)row->line),
        zj_cell_int((long long)row->start), zj_cell_int((long long)row->end),
        zj_cell_cstr(b + row->left), zj_cell_cstr(b + row->match), zj_cell_cstr(b + row->right),
        zj_cell_cstr(b + row->term)};
    zj_writer_row(&c->w, cells);
}

static char *dup_or_null(const char *s)
{
    return s ? zj_xstrdup(s) : NULL;
}

/* Keeps a document's rows and names until the end (sorting, view). */
static void hold(struct kw_ctx *c, struct zj_doc *doc, struct kw_doc *r)
{
    size_t d = doc->index;
    if (d >= c->ndocs) {
        size_t n = d + 1;
        c->names = zj_xrealloc(c->names, n * sizeof *c->names);
        c->units = zj_xrealloc(c->units, n * sizeof *c->units);
        c->years = zj_xrealloc(c->years, n * sizeof *c->years);
        for (size_t k = c->ndocs; k < n; k++) c->names[k] = c->units[k] = NULL, c->years[k] = 0;
        c->ndocs = n;
    }
    c->names[d] = dup_or_null(doc->display);
    c->units[d] = dup_or_null(doc->meta.unit);
    c->years[d] = doc->meta.year;
    if (c->nrows + r->nrows > c->rows_alloc) {
        c->rows_alloc = 2 * (c->nrows + r->nrows);
        c->rows = zj_xrealloc(c->rows, c->rows_alloc * sizeof *c->rows);
    }
    if (r->nrows) /* rows may still be NULL: memcpy(NULL, ...) is undefined even for 0 bytes */
        memcpy(c->rows + c->nrows, r->rows, r->nrows * sizeof *r->rows);
    c->nrows += r->nrows;
    c->arenas = zj_xrealloc(c->arenas, (c->narenas + 1) * sizeof *c->arenas);
    c->arenas[c->narenas++] = r->arena;
    r->arena = NULL;
}

static int holding(const struct kw_ctx *c)
{
    return c->sort != SORT_DOC || c->view;
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct kw_ctx *c = arg;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    struct kw_doc *r = doc->result;
    if (r && holding(c)) hold(c, doc, r);
    else if (r)
        for (size_t i = 0; i < r->nrows; i++)
            write_row(c, &r->rows[i], doc->display, doc->meta.unit, doc->meta.year);
    discard(doc, arg);
    return ZJ_OK;
}

static int cmp_position(const struct kw_row *a, const struct kw_row *b)
{
    if (a->doc != b->doc) return a->doc < b->doc ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

static int cmp_rows(const void *pa, const void *pb, void *key)
{
    const struct kw_row *a = pa, *b = pb;
    enum kw_sort sort_key = *(const enum kw_sort *)key;
    const char *x = a->base, *y = b->base;
    int d = 0;
    if (sort_key == SORT_LEFT)
        d = zj_kwic_cmp_left(x + a->left, strlen(x + a->left), y + b->left, strlen(y + b->left));
    else if (sort_key == SORT_MATCH)
        d = strcmp(x + a->match, y + b->match);
    if (!d && sort_key != SORT_DOC && sort_key != SORT_LEFT)
        d = strcmp(x + a->right, y + b->right);
    return d ? d : cmp_position(a, b);
}

static void pad(FILE *fp, size_t n)
{
    while (n--) fputc(' ', fp);
}

/* Aligned concordance for a terminal: doc:line, left context flush right,
 * the match, the right context; widths in terminal columns. */
static void write_view(const struct kw_ctx *c, FILE *fp)
{
    size_t wdoc = 0, wleft = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        const struct kw_row *r = &c->rows[i];
        size_t n = zj_display_width(c->names[r->doc], strlen(c->names[r->doc])) + 1 +
                   (size_t)snprintf(NULL, 0, "%zu", r->line);
        size_t l = zj_display_width(r->base + r->left, strlen(r->base + r->left));
        if (n > wdoc) wdoc = n;
        if (l > wleft) wleft = l;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        const struct kw_row *r = &c->rows[i];
        int n = fprintf(fp, "%s:%zu", c->names[r->doc], r->line);
        pad(fp, wdoc - (zj_display_width(c->names[r->doc], strlen(c->names[r->doc])) +
                        (size_t)n - strlen(c->names[r->doc])) + 2);
        const char *left = r->base + r->left;
        pad(fp, wleft - zj_display_width(left, strlen(left)));
        fprintf(fp, "%s  %s  %s\n", left, r->base + r->match, r->base + r->right);
    }
}

static void write_held(struct kw_ctx *c, FILE *fp)
{
    if (c->nrows > 1) qsort_r(c->rows, c->nrows, sizeof *c->rows, cmp_rows, &c->sort);
    if (c->view) {
        write_view(c, fp);
        return;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        const struct kw_row *r = &c->rows[i];
        write_row(c, r, c->names[r->doc], c->units[r->doc], c->years[r->doc]);
    }
}

static void release_held(struct kw_ctx *c)
{
    for (size_t i = 0; i < c->narenas; i++) free(c->arenas[i]);
    for (size_t i = 0; i < c->ndocs; i++) free(c->names[i]), free(c->units[i]);
    free(c->arenas), free(c->names), free(c->units), free(c->years), free(c->rows);
}

static int run(struct kw_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    opts.norm_flags = ZJ_NORM_MAP;
    struct zj_outfile out;
    if (zj_outfile_open(&out, c->cli->output, err)) return ZJ_ERR;
    if (!c->view) zj_writer_begin(&c->w, out.fp, c->cli->format, cols, NCOLS, zj_cli_write_flags(c->cli));
    static const struct zj_corpus_ops ops = {analyze, emit, discard, matcher_new, zj_matcher_free};
    if (zj_corpus_run(&opts, &ops, c, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    if (holding(c)) write_held(c, out.fp);
    if (!c->view) zj_writer_end(&c->w);
    return zj_outfile_commit(&out, err);
}

static const char usage[] =
    "usage: zongjie kwic [options] PATTERN INPUT...\n"
    "       zongjie kwic [options] --category CAT INPUT...\n"
    "Every hit of PATTERN with its context from the original text (a concordance).\n"
    "PATTERN that is a dictionary term or alias shows exactly the hits `count` counts\n"
    "for it; any other PATTERN is searched as a literal.\n\n"
    "      --category CAT    every term of a dictionary category (and its subcategories)\n"
    "  -E, --regex           PATTERN is a PCRE2 regex, run on normalized text\n"
    "      --literal         PATTERN is a literal even if it is a dictionary term\n"
    "  -w, --width N         characters of context on each side (default 20)\n"
    "      --sort KEY        doc (default: document, then position), left, right, match\n"
    "      --nested          also hits inside a longer term's hit\n"
    "      --view            aligned concordance for reading (the default on a terminal)\n"
    ZJ_COMMON_HELP;

static int parse_sort(const char *arg, enum kw_sort *out)
{
    static const char *const names[] = {"doc", "left", "right", "match"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(arg, names[i])) return *out = (enum kw_sort)i, 0;
    return -1;
}

static int own_option(void *ctx, int opt, const char *arg)
{
    struct kw_ctx *c = ctx;
    char *end;
    switch (opt) {
    case OPT_CATEGORY: c->select = SEL_CATEGORY, c->pattern = arg; return 0;
    case 'E': c->select = SEL_REGEX; return 0;
    case OPT_LITERAL: c->select = SEL_LITERAL; return 0;
    case OPT_NESTED: c->match_flags |= ZJ_MATCH_NESTED; return 0;
    case OPT_VIEW: c->view = 1; return 0;
    case OPT_SORT:
        if (!parse_sort(arg, &c->sort)) return 0;
        return zj_cli_usage_error(c->cli, "--sort wants doc, left, right or match, not `%s`", arg);
    case 'w': case OPT_WIDTH: {
        long v = strtol(arg, &end, 10);
        if (*end || v < 0 || v > 1000)
            return zj_cli_usage_error(c->cli, "--width wants a number of characters 0..1000, not `%s`", arg);
        c->width = (size_t)v;
        return 0;
    }
    default: return zj_cli_usage_error(c->cli, "unknown option");
    }
}

static int parse_args(struct kw_ctx *c, int argc, char **argv)
{
    static const struct option own[] = {{"category", required_argument, NULL, OPT_CATEGORY},
                                        {"regex", no_argument, NULL, 'E'},
                                        {"literal", no_argument, NULL, OPT_LITERAL},
                                        {"width", required_argument, NULL, OPT_WIDTH},
                                        {"sort", required_argument, NULL, OPT_SORT},
                                        {"nested", no_argument, NULL, OPT_NESTED},
                                        {"view", no_argument, NULL, OPT_VIEW},
                                        {NULL, 0, NULL, 0}};
    int rc = zj_cli_parse_short(c->cli, argc, argv, 1, "E", own, own_option, c, usage);
    if (rc) return rc;
    if (c->select != SEL_CATEGORY) {
        if (optind >= argc) return zj_cli_usage_error(c->cli, "no PATTERN");
        c->pattern = argv[optind++];
    }
    if (!*c->pattern) return zj_cli_usage_error(c->cli, "empty PATTERN");
    if (strpbrk(c->pattern, "\t\n\r"))
        return zj_cli_usage_error(c->cli, "PATTERN may not hold a TAB or line break");
    if (optind >= argc) return zj_cli_usage_error(c->cli, "no input files");
    if (!c->view && !c->cli->format_set && !c->cli->output && isatty(STDOUT_FILENO)) c->view = 1;
    return 0;
}

/* A dictionary of the one pattern searched on its own (literal or regex). */
static int own_dict(struct kw_ctx *c, struct zj_error *err)
{
    struct zj_buf src = {0};
    int regex = c->select == SEL_REGEX;
    if (!regex && (c->pattern[0] == '#' || !strncmp(c->pattern, "re:", 3)))
        return zj_error_set(err, NULL, 0, 0, "a literal starting with `#` or `re:` cannot be searched; use -E");
    zj_buf_addf(&src, "%s%s\tkwic\t%s\n", regex ? "re:" : "", c->pattern, regex ? c->pattern : "");
    c->dict = zj_dict_new();
    int rc = zj_dict_load_buffer(c->dict, src.ptr, src.len, "PATTERN", err);
    zj_buf_release(&src);
    if (rc) return ZJ_ERR;
    zj_dict_finish(c->dict);
    c->wanted = zj_xcalloc(c->dict->nentries, 1);
    memset(c->wanted, 1, c->dict->nentries);
    return ZJ_OK;
}

static int under_category(const char *cat, const char *want)
{
    size_t n = strlen(want);
    return !strncmp(cat, want, n) && (cat[n] == 0 || cat[n] == '/');
}

/* Selects dictionary entries: the one PATTERN names, or a category's.
 * Returns 1 when PATTERN is no dictionary term (searched as a literal). */
static int select_entries(struct kw_ctx *c, struct zj_error *err)
{
    c->wanted = zj_xcalloc(c->dict->nentries, 1);
    size_t hits = 0;
    if (c->select == SEL_CATEGORY) {
        for (size_t e = 0; e < c->dict->nentries; e++)
            hits += c->wanted[e] = (unsigned char)under_category(c->dict->entries[e].category, c->pattern);
        if (!hits)
            return zj_error_set(err, NULL, 0, 0, "no dictionary category `%s` (`zongjie dict check` lists them)", c->pattern);
        return 0;
    }
    struct zj_buf key = {0};
    zj_normalize_str(c->pattern, strlen(c->pattern), &key);
    uint32_t *p = zj_strmap_get(&c->dict->keys, key.ptr ? key.ptr : "", key.len);
    zj_buf_release(&key);
    if (!p) return 1;
    c->wanted[c->dict->patterns[*p].entry] = 1;
    return 0;
}

static int load_matcher(struct kw_ctx *c, struct zj_error *err)
{
    if (c->select == SEL_LITERAL || c->select == SEL_REGEX) return own_dict(c, err);
    if (zj_cli_load_dict(c->cli, &c->dict, err)) return ZJ_ERR;
    int r = select_entries(c, err);
    if (r <= 0) return r;
    zj_dict_free(c->dict);
    free(c->wanted);
    c->dict = NULL, c->wanted = NULL;
    c->select = SEL_LITERAL;
    return own_dict(c, err);
}

int zj_cmd_kwic(int argc, char **argv)
{
    struct zj_cli cli;
    zj_cli_init(&cli, "kwic");
    struct kw_ctx c = {.cli = &cli, .width = 20};
    int rc = parse_args(&c, argc, argv);
    if (rc) {
        zj_cli_release(&cli);
        return rc < 0 ? ZJ_EXIT_OK : rc;
    }
    struct zj_error err;
    zj_error_clear(&err);
    if (load_matcher(&c, &err) || zj_cli_load_sectypes(&cli, &c.types, &err)) {
        rc = zj_cli_fail(&cli, &err);
    } else {
        if (zj_cli_load_manifest(&cli, &err) || run(&c, argv + optind, (size_t)(argc - optind), &err))
            rc = zj_cli_fail(&cli, &err);
        else
            zj_cli_warn_unused_manifest(&cli);
        zj_sectypes_release(&c.types);
    }
    release_held(&c);
    free(c.wanted);
    zj_dict_free(c.dict);
    zj_cli_release(&cli);
    return rc;
}

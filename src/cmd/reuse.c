/*
 * reuse.c - `zongjie reuse`: copied passages, who shares them, and how much
 * of each summary is copied (重复率).  See src/reuse/reuse.h for the method.
 *
 * Tables:
 *   default     doc, unit, year, chars, reused_chars, reused_share, template_chars,
 *               cross_unit_chars, self_chars, formula_chars, top_source, top_source_share
 *   --passages  cluster, doc, unit, year, start, end, chars, kind, n_docs, n_units,
 *               similarity, source_doc, other_unit_named, text
 *   --clusters  cluster, kind, members, docs, units, first_year, last_year, chars, text
 *   --pairs     doc_a, unit_a, year_a, doc_b, unit_b, year_b, relation, passages,
 *               chars_a, chars_b, similarity
 *   --alignments  doc_a, unit_a, year_a, start_a, end_a, doc_b, unit_b, year_b, start_b,
 *               end_b, relation, chars_a, chars_b, similarity, text_a, text_b
 * chars count reuse characters (letters and digits; a number or the unit's
 * own name counts as one); start/end are code points of the decoded text.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "reuse/reuse.h"
#include "terms/ac.h"
#include "terms/kwic.h"
#include "terms/match.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "util/strmap.h"

enum reuse_mode {
    MODE_DOCS,
    MODE_PASSAGES,
    MODE_CLUSTERS,
    MODE_PAIRS,
    MODE_ALIGNMENTS,
    MODE_MATRIX
};
enum {
    OPT_PASSAGES = OPT_FIRST_OWN,
    OPT_CLUSTERS,
    OPT_PAIRS,
    OPT_ALIGNMENTS,
    OPT_MATRIX,
    OPT_CNKI,
    OPT_K,
    OPT_W,
    OPT_MAX_DF,
    OPT_MIN_CHARS,
    OPT_MIN_SIM,
    OPT_TEMPLATE_UNITS,
    OPT_PASSAGES_TO,
    OPT_FULL,
};

#define EXCERPT_CHARS 60
#define NAME_LOOKBACK 20 /* code points before a passage searched for another unit's name */

struct rdoc {
    char *display, *unit, *text; /* text: decoded, for excerpts (see read_texts_again) */
    int year;
    size_t index; /* place in input order */
    size_t bytes; /* of the decoded text, and its CRC-32: to know it unchanged */
    uint32_t crc; /*   when it is read again */
    struct zj_reuse_doc r;
};

struct reuse_ctx {
    struct zj_cli *cli;
    struct zj_dict *dict;
    enum reuse_mode mode;
    int cnki, full;
    const char *passages_to; /* also write the passages table here */
    struct zj_reuse_opts opts;
    struct rdoc *docs;
    size_t ndocs, alloc;
    const char **units; /* distinct unit names, for other_unit_named */
    size_t nunits;
    struct zj_ac *unit_ac;    /* the unit names, built when passages are written */
    uint32_t *packed;         /* all documents' reuse characters (zj_reuse_pack) */
    int quote;                /* the tables to write quote the decoded text */
    size_t next_text;         /* read_texts_again: the next document to match */
    struct zj_cpindex *cpix;  /* per document, built on first excerpt */
    struct zj_writer w;
};

/* Marks the reuse characters that fall inside a dictionary hit. */
static unsigned char *term_flags(const struct zj_doc *doc, const struct zj_matcher *m,
                                 const struct zj_reuse_text *t)
{
    unsigned char *in = zj_xcalloc(t->len / 8 + 1, 1); /* a bit each: kept for every document */
    size_t h = 0;
    for (size_t i = 0; i < t->len; i++) {
        uint32_t at = zj_reuse_start(t, i);
        while (h < m->nhits && doc->norm.map[m->hits[h].end - 1] < at) h++;
        if (h < m->nhits && doc->norm.map[m->hits[h].start] <= at) in[i / 8] |= (unsigned char)(1u << (i % 8));
    }
    return in;
}

/* A worker's matcher (zj_corpus_ops scratch). */
static void *matcher_new(void *arg)
{
    return zj_matcher_new(((const struct reuse_ctx *)arg)->dict);
}

/* The decoded text, kept for the whole run at its exact size: read buffers
 * come in powers of two, a third more than the text on average (about
 * 0.5 GB over 100,000 summaries). */
static char *kept_text(struct zj_buf *b)
{
    size_t n;
    char *t = zj_buf_detach(b, &n);
    return zj_xrealloc(t, n + 1);
}

static uint32_t text_crc(const struct zj_buf *b)
{
    return (uint32_t)crc32_z(crc32_z(0, Z_NULL, 0), (const Bytef *)b->ptr, b->len);
}

static int analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct reuse_ctx *c = arg;
    struct zj_matcher *m = doc->scratch;
    int rc = zj_match(m, doc->norm.text.ptr, doc->norm.text.len, 0, err);
    if (rc == ZJ_OK) {
        struct rdoc *r = zj_xcalloc(1, sizeof *r);
        zj_reuse_text_build(&doc->norm, doc->meta.unit, doc->meta.title_line, &r->r.text);
        r->r.in_term = term_flags(doc, m, &r->r.text);
        if (c->quote) r->bytes = doc->text.len, r->crc = text_crc(&doc->text);
        if (c->quote && !doc->regular) r->text = kept_text(&doc->text); /* cannot be read again */
        doc->result = r;
    } else {
        zj_error_wrap(err, doc->display);
    }
    return rc;
}

static void free_rdoc(struct rdoc *r)
{
    free(r->display), free(r->unit), free(r->text), free(r->r.in_term);
    zj_reuse_text_release(&r->r.text);
}

static void discard(struct zj_doc *doc, void *arg)
{
    (void)arg;
    if (!doc->result) return;
    free_rdoc(doc->result);
    free(doc->result);
    doc->result = NULL;
}

static int emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct reuse_ctx *c = arg;
    struct rdoc *r = doc->result;
    if (zj_cli_check_doc(c->cli, doc, err)) {
        discard(doc, arg);
        return ZJ_ERR;
    }
    if (!r) return ZJ_OK;
    r->display = zj_xstrdup(doc->display);
    r->unit = doc->meta.unit ? zj_xstrdup(doc->meta.unit) : NULL;
    r->year = r->r.year = doc->meta.year;
    r->index = doc->index;
    c->docs = zj_xgrow(c->docs, sizeof *c->docs, c->ndocs + 1, &c->alloc);
    c->docs[c->ndocs++] = *r;
    free(r);
    doc->result = NULL;
    return ZJ_OK;
}

/* A document's decoded text as read the second time (read_texts_again). */
struct reread {
    char *text;
    size_t bytes;
    uint32_t crc;
};

static int reread_analyze(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    (void)arg, (void)err;
    struct reread *k = zj_xmalloc(sizeof *k);
    k->bytes = doc->text.len, k->crc = text_crc(&doc->text), k->text = kept_text(&doc->text);
    doc->result = k;
    return ZJ_OK;
}

static void reread_discard(struct zj_doc *doc, void *arg)
{
    (void)arg;
    struct reread *k = doc->result;
    if (k) free(k->text), free(k);
    doc->result = NULL;
}

/* Gives r, a document of the first reading, the text read now at its place
 * in input order, when it is the same file with the same text. */
static int take_text(struct rdoc *r, struct zj_doc *doc, struct reread *k, struct zj_error *err)
{
    if (strcmp(r->display, doc->display))
        return zj_error_set(err, r->display, 0, 0,
                            "the inputs changed while zongjie reuse ran (%s is now in its place); "
                            "run again",
                            doc->display);
    if (!k)
        return zj_error_set(err, r->display, 0, 0,
                            "could not be read again to quote its text (%s); run again",
                            doc->problem.msg);
    if (k->bytes != r->bytes || k->crc != r->crc)
        return zj_error_set(err, r->display, 0, 0,
                            "changed while zongjie reuse ran (read again to quote its text); "
                            "run again");
    r->text = k->text, k->text = NULL;
    return ZJ_OK;
}

/* Matches the second reading to the first by input order.  Documents the
 * first reading skipped are passed over, and so are texts it kept (inputs
 * that are no regular file, not opened again). */
static int reread_emit(struct zj_doc *doc, void *arg, struct zj_error *err)
{
    struct reuse_ctx *c = arg;
    struct rdoc *r = c->next_text < c->ndocs ? &c->docs[c->next_text] : NULL;
    int rc = ZJ_OK;
    if (r && r->index == doc->index) {
        if (!r->text) rc = take_text(r, doc, doc->result, err);
        c->next_text++;
    }
    reread_discard(doc, arg);
    return rc;
}

/* The decoded texts the tables quote, read a second time after the
 * alignment rather than kept through it: over 100,000 summaries they are
 * 1.5 GB on top of the alignment's peak.  Each is checked against its first
 * reading (length and CRC-32), so a file edited meanwhile stops the run
 * instead of quoting text that was not aligned.  Inputs that are no regular
 * file (stdin, a pipe) were kept from the first reading and are not opened. */
static int read_texts_again(struct reuse_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    opts.text_only = opts.regular_only = 1;
    opts.progress = NULL; /* the first reading showed it */
    static const struct zj_corpus_ops ops = {reread_analyze, reread_emit, reread_discard, NULL,
                                             NULL};
    c->next_text = 0;
    if (zj_corpus_run(&opts, &ops, c, err)) return ZJ_ERR;
    if (c->next_text == c->ndocs) return ZJ_OK;
    return zj_error_set(err, c->docs[c->next_text].display, 0, 0,
                        "no longer among the inputs when read again to quote its text; run again");
}

static struct zj_cell year_cell(int y)
{
    return y ? zj_cell_int(y) : zj_cell_null();
}

static struct zj_cell share(size_t part, size_t whole)
{
    return whole ? zj_cell_num((double)part / (double)whole) : zj_cell_null();
}

/* Document d's code-point index, built on first use and kept: passages are
 * written cluster by cluster, so one document's excerpts come in many
 * turns, and walking its text from the start each time was quadratic. */
static const struct zj_cpindex *cpindex_of(struct reuse_ctx *c, uint32_t d)
{
    if (!c->cpix) c->cpix = zj_xcalloc(c->ndocs + 1, sizeof *c->cpix);
    if (!c->cpix[d].off) zj_cpindex_init(&c->cpix[d], c->docs[d].text, strlen(c->docs[d].text));
    return &c->cpix[d];
}

/* A code point of a document's decoded text and, when it lies within the
 * text, its byte offset: a table row's spans are walked from these rather
 * than looked up again for every character (at 100,000 summaries the
 * lookups were 9 s of `--passages`). */
struct dpos {
    uint32_t cp;
    size_t byte; /* of min(cp, the text's length in code points) */
};

static struct dpos pos_at(struct reuse_ctx *c, uint32_t d, uint32_t cp)
{
    const struct zj_cpindex *ix = cpindex_of(c, d);
    return (struct dpos){cp, zj_cpindex_byte(ix, cp < ix->count ? cp : ix->count)};
}

/* p moved n code points back (not before the start). */
static struct dpos back(struct reuse_ctx *c, uint32_t d, struct dpos p, uint32_t n)
{
    if (p.cp > cpindex_of(c, d)->count) return pos_at(c, d, p.cp > n ? p.cp - n : 0);
    for (; n && p.cp; n--, p.cp--)
        p.byte = zj_utf8_prev((const uint8_t *)c->docs[d].text, p.byte);
    return p;
}

/* The decoded text of a document's code points [s, e), cut to EXCERPT_CHARS
 * unless full. */
static void excerpt(struct reuse_ctx *c, int full, uint32_t d, struct dpos s, struct dpos e,
                    struct zj_buf *out)
{
    const struct zj_cpindex *ix = cpindex_of(c, d);
    size_t limit = full ? e.cp : (size_t)s.cp + EXCERPT_CHARS, stop = e.cp < limit ? e.cp : limit;
    size_t first = s.cp < ix->count ? s.cp : ix->count;
    if (stop > ix->count) stop = ix->count;
    if (stop < first) stop = first;
    size_t b1 = stop == e.cp ? e.byte : zj_cpindex_byte(ix, stop);
    zj_buf_add(out, c->docs[d].text + s.byte, b1 - s.byte);
    if (stop < e.cp) zj_buf_addstr(out, "…");
}

static utf8proc_category_t category_of(const char *text, size_t byte)
{
    int32_t cp;
    zj_utf8_next((const uint8_t *)text + byte, &cp);
    return utf8proc_category(cp);
}

static int closes(utf8proc_category_t k)
{
    return k == UTF8PROC_CATEGORY_PO || k == UTF8PROC_CATEGORY_PE || k == UTF8PROC_CATEGORY_PF;
}

static int opens(utf8proc_category_t k)
{
    return k == UTF8PROC_CATEGORY_PS || k == UTF8PROC_CATEGORY_PI;
}

/* Decoded positions [*s, *e) of reuse characters [r0, r1) of document d,
 * with the punctuation that belongs to them: reuse text leaves it out, so a
 * copied sentence would end before its full stop, a quoted title begin after
 * its 《.  Closing and other punctuation just after the span is taken, and
 * opening punctuation just before it; never whitespace. */
static void span_of(struct reuse_ctx *c, uint32_t d, uint32_t r0, uint32_t r1, struct dpos *s,
                    struct dpos *e)
{
    const struct zj_reuse_text *t = &c->docs[d].r.text;
    const char *text = c->docs[d].text;
    assert(text); /* kept for every table that shows spans */
    size_t count = cpindex_of(c, d)->count;
    *s = pos_at(c, d, zj_reuse_start(t, r0)), *e = pos_at(c, d, zj_reuse_end(t, r1 - 1));
    while (e->cp < count && closes(category_of(text, e->byte)))
        e->byte += (size_t)zj_utf8_len((uint8_t)text[e->byte]), e->cp++;
    while (s->cp > 0 && s->cp <= count) {
        struct dpos p = back(c, d, *s, 1);
        if (!opens(category_of(text, p.byte))) break;
        *s = p;
    }
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* The automaton of all unit names, built on first use (NULL without units). */
static const struct zj_ac *unit_ac_of(struct reuse_ctx *c)
{
    if (!c->unit_ac && c->nunits) {
        size_t *lens = zj_xmalloc(c->nunits * sizeof *lens);
        for (size_t i = 0; i < c->nunits; i++)
            lens[i] = strlen(c->units[i]);
        c->unit_ac = zj_ac_new(c->units, lens, c->nunits);
        free(lens);
    }
    return c->unit_ac;
}

/* Names of other units of the corpus that a passage of doc d contains (the
 * copier who kept the source's name), in unit order: one scan of the passage
 * with an automaton of all unit names, not one search per unit. */
static void other_units_named(struct reuse_ctx *c, uint32_t d, const char *passage,
                              struct zj_buf *out)
{
    if (!c->nunits) return;
    struct zj_ac_matches hits = {NULL, 0, 0};
    zj_ac_scan(unit_ac_of(c), passage, strlen(passage), &hits);
    uint32_t *ids = zj_xmalloc((hits.count + 1) * sizeof *ids);
    for (size_t i = 0; i < hits.count; i++) ids[i] = hits.items[i].id;
    if (hits.count > 1) qsort(ids, hits.count, sizeof *ids, cmp_u32);
    for (size_t i = 0; i < hits.count; i++) {
        const char *u = c->units[ids[i]];
        if ((i && ids[i] == ids[i - 1]) || (c->docs[d].unit && !strcmp(u, c->docs[d].unit))) continue;
        zj_buf_addf(out, "%s%s", out->len ? ";" : "", u);
    }
    free(ids), free(hits.items);
}

static const struct zj_column doc_cols[] = {
    {"doc", ZJ_COL_STR, 0},           {"unit", ZJ_COL_STR, 0},           {"year", ZJ_COL_INT, 0},
    {"chars", ZJ_COL_INT, 0},         {"reused_chars", ZJ_COL_INT, 0},   {"reused_share", ZJ_COL_NUM, 4},
    {"template_chars", ZJ_COL_INT, 0}, {"cross_unit_chars", ZJ_COL_INT, 0}, {"self_chars", ZJ_COL_INT, 0},
    {"formula_chars", ZJ_COL_INT, 0}, {"top_source", ZJ_COL_STR, 0},     {"top_source_share", ZJ_COL_NUM, 4},
};
static const struct zj_column passage_cols[] = {
    {"cluster", ZJ_COL_INT, 0},   {"doc", ZJ_COL_STR, 0},        {"unit", ZJ_COL_STR, 0},
    {"year", ZJ_COL_INT, 0},      {"start", ZJ_COL_INT, 0},      {"end", ZJ_COL_INT, 0},
    {"chars", ZJ_COL_INT, 0},     {"kind", ZJ_COL_STR, 0},       {"n_docs", ZJ_COL_INT, 0},
    {"n_units", ZJ_COL_INT, 0},   {"similarity", ZJ_COL_NUM, 3}, {"source_doc", ZJ_COL_STR, 0},
    {"other_unit_named", ZJ_COL_STR, 0}, {"text", ZJ_COL_STR, 0},
};
static const struct zj_column cluster_cols[] = {
    {"cluster", ZJ_COL_INT, 0},    {"kind", ZJ_COL_STR, 0},      {"members", ZJ_COL_INT, 0},
    {"docs", ZJ_COL_INT, 0},       {"units", ZJ_COL_INT, 0},     {"first_year", ZJ_COL_INT, 0},
    {"last_year", ZJ_COL_INT, 0},  {"chars", ZJ_COL_INT, 0},     {"text", ZJ_COL_STR, 0},
};
static const struct zj_column pair_cols[] = {
    {"doc_a", ZJ_COL_STR, 0},   {"unit_a", ZJ_COL_STR, 0},      {"year_a", ZJ_COL_INT, 0},
    {"doc_b", ZJ_COL_STR, 0},   {"unit_b", ZJ_COL_STR, 0},      {"year_b", ZJ_COL_INT, 0},
    {"relation", ZJ_COL_STR, 0}, {"passages", ZJ_COL_INT, 0},   {"chars_a", ZJ_COL_INT, 0},
    {"chars_b", ZJ_COL_INT, 0}, {"similarity", ZJ_COL_NUM, 3},
};
static const struct zj_column alignment_cols[] = {
    {"doc_a", ZJ_COL_STR, 0},   {"unit_a", ZJ_COL_STR, 0},     {"year_a", ZJ_COL_INT, 0},
    {"start_a", ZJ_COL_INT, 0}, {"end_a", ZJ_COL_INT, 0},      {"doc_b", ZJ_COL_STR, 0},
    {"unit_b", ZJ_COL_STR, 0},  {"year_b", ZJ_COL_INT, 0},     {"start_b", ZJ_COL_INT, 0},
    {"end_b", ZJ_COL_INT, 0},   {"relation", ZJ_COL_STR, 0},   {"chars_a", ZJ_COL_INT, 0},
    {"chars_b", ZJ_COL_INT, 0}, {"similarity", ZJ_COL_NUM, 3}, {"text_a", ZJ_COL_STR, 0},
    {"text_b", ZJ_COL_STR, 0},
};
#define NCOLS(a) (sizeof a / sizeof a[0])

static void write_docs(struct reuse_ctx *c, const struct zj_reuse_result *res)
{
    for (size_t d = 0; d < c->ndocs; d++) {
        const struct zj_reuse_docstat *st = &res->docs[d];
        const struct rdoc *r = &c->docs[d];
        struct zj_cell row[] = {
            zj_cell_cstr(r->display), zj_cell_cstr(r->unit), year_cell(r->year),
            zj_cell_int((long long)st->chars), zj_cell_int((long long)st->reused), share(st->reused, st->chars),
            zj_cell_int((long long)st->template_chars), zj_cell_int((long long)st->cross_chars),
            zj_cell_int((long long)st->self_chars), zj_cell_int((long long)st->formula_chars),
            zj_cell_cstr(st->top_source >= 0 ? c->docs[st->top_source].display : NULL),
            st->top_source >= 0 ? share(st->top_source_chars, st->chars) : zj_cell_null()};
        zj_writer_row(&c->w, row);
    }
}

static void passage_rows(struct reuse_ctx *c, const struct zj_reuse_result *res, size_t from,
                         size_t to, struct zj_writer *w)
{
    for (size_t i = from; i < to; i++) {
        const struct zj_reuse_member *m = &res->members[i];
        const struct rdoc *r = &c->docs[m->doc];
        const struct zj_reuse_cluster *cl = &res->clusters[m->cluster];
        struct dpos start, end;
        span_of(c, m->doc, m->r0, m->r1, &start, &end);
        struct zj_buf text = ZJ_BUF_INIT, whole = ZJ_BUF_INIT, named = ZJ_BUF_INIT;
        excerpt(c, c->full, m->doc, start, end, &text);
        /* a kept name sits where the two copies differ: just before the aligned text */
        excerpt(c, 1, m->doc, back(c, m->doc, start, NAME_LOOKBACK), end, &whole);
        other_units_named(c, m->doc, zj_buf_cstr(&whole), &named);
        struct zj_cell row[] = {
            zj_cell_int(m->cluster + 1),
            zj_cell_cstr(r->display),
            zj_cell_cstr(r->unit),
            year_cell(r->year),
            zj_cell_int(start.cp),
            zj_cell_int(end.cp),
            zj_cell_int(m->r1 - m->r0),
            zj_cell_cstr(zj_reuse_kind_name(m->kind)),
            zj_cell_int((long long)cl->docs),
            zj_cell_int((long long)cl->units),
            zj_cell_num(m->similarity),
            zj_cell_cstr(m->source_doc >= 0 ? c->docs[m->source_doc].display : NULL),
            zj_cell_cstr(zj_buf_cstr(&named)),
            zj_cell_cstr(zj_buf_cstr(&text))};
        zj_writer_row(w, row);
        zj_buf_release(&text), zj_buf_release(&whole), zj_buf_release(&named);
    }
}

static void cluster_rows(struct reuse_ctx *c, const struct zj_reuse_result *res, size_t from,
                         size_t to, struct zj_writer *w)
{
    for (size_t k = from; k < to; k++) {
        const struct zj_reuse_cluster *cl = &res->clusters[k];
        const struct zj_reuse_member *m = &res->members[cl->representative];
        struct zj_buf text = ZJ_BUF_INIT;
        struct dpos start, end;
        span_of(c, m->doc, m->r0, m->r1, &start, &end);
        excerpt(c, c->full, m->doc, start, end, &text);
        struct zj_cell row[] = {
            zj_cell_int((long long)k + 1), zj_cell_cstr(zj_reuse_kind_name(cl->kind)),
            zj_cell_int((long long)cl->members), zj_cell_int((long long)cl->docs),
            zj_cell_int((long long)cl->units), year_cell(cl->first_year), year_cell(cl->last_year),
            zj_cell_int(m->r1 - m->r0), zj_cell_cstr(zj_buf_cstr(&text))};
        zj_writer_row(w, row);
        zj_buf_release(&text);
    }
}

static const char *pair_relation(const struct reuse_ctx *c, const struct zj_reuse_pair *p, int tmpl)
{
    return tmpl                                           ? "template"
           : c->docs[p->a].r.unit == c->docs[p->b].r.unit ? "same-unit"
                                                          : "cross-unit";
}

static void write_pairs(struct reuse_ctx *c, const struct zj_reuse_result *res)
{
    struct zj_interval *iv = NULL;
    size_t alloc = 0;
    for (size_t i = 0; i < res->npairs; i++) {
        const struct zj_reuse_pair *p = &res->pairs[i];
        const struct rdoc *a = &c->docs[p->a], *b = &c->docs[p->b];
        size_t la_sum = 0, npassages = 0, m = c->opts.min_chars;
        double sim = 0;
        iv = zj_xgrow(iv, sizeof *iv, p->npassages + 1, &alloc);
        for (size_t j = 0; j < p->npassages; j++) {
            if (zj_reuse_passage_is_satellite(p, j, m)) continue; /* evidence, not shared text */
            size_t la = p->passages[j].a1 - p->passages[j].a0;
            la_sum += la, sim += p->passages[j].similarity * (double)la, npassages++;
        }
        size_t ca = zj_reuse_pair_cover(p, 0, 1, m, iv), cb = zj_reuse_pair_cover(p, 1, 1, m, iv);
        struct zj_cell row[] = {zj_cell_cstr(a->display),
                                zj_cell_cstr(a->unit),
                                year_cell(a->year),
                                zj_cell_cstr(b->display),
                                zj_cell_cstr(b->unit),
                                year_cell(b->year),
                                zj_cell_cstr(pair_relation(c, p, p->template_regime)),
                                zj_cell_int((long long)npassages),
                                zj_cell_int((long long)ca),
                                zj_cell_int((long long)cb),
                                zj_cell_num(la_sum ? sim / (double)la_sum : 0)};
        zj_writer_row(&c->w, row);
    }
    free(iv);
}

/* --alignments: each passage of each pair, both sides, as the evidence an
 * inspector quotes (template passages against their family's first holder,
 * not against every other member). */
static void alignment_rows(struct reuse_ctx *c, const struct zj_reuse_result *res, size_t from,
                           size_t to, struct zj_writer *w)
{
    for (size_t i = from; i < to; i++) {
        const struct zj_reuse_pair *p = &res->pairs[i];
        const struct rdoc *a = &c->docs[p->a], *b = &c->docs[p->b];
        for (size_t j = 0; j < p->npassages; j++) {
            const struct zj_passage *q = &p->passages[j];
            struct dpos sa, ea, sb, eb;
            span_of(c, p->a, q->a0, q->a1, &sa, &ea);
            span_of(c, p->b, q->b0, q->b1, &sb, &eb);
            struct zj_buf ta = ZJ_BUF_INIT, tb = ZJ_BUF_INIT;
            excerpt(c, c->full, p->a, sa, ea, &ta);
            excerpt(c, c->full, p->b, sb, eb, &tb);
            int tmpl = zj_reuse_passage_is_template(p, j);
            struct zj_cell row[] = {zj_cell_cstr(a->display),
                                    zj_cell_cstr(a->unit),
                                    year_cell(a->year),
                                    zj_cell_int(sa.cp),
                                    zj_cell_int(ea.cp),
                                    zj_cell_cstr(b->display),
                                    zj_cell_cstr(b->unit),
                                    year_cell(b->year),
                                    zj_cell_int(sb.cp),
                                    zj_cell_int(eb.cp),
                                    zj_cell_cstr(pair_relation(c, p, tmpl)),
                                    zj_cell_int(q->a1 - q->a0),
                                    zj_cell_int(q->b1 - q->b0),
                                    zj_cell_num(q->similarity),
                                    zj_cell_cstr(zj_buf_cstr(&ta)),
                                    zj_cell_cstr(zj_buf_cstr(&tb))};
            zj_writer_row(w, row);
            zj_buf_release(&ta), zj_buf_release(&tb);
        }
    }
}

/* Unit ids: one per distinct unit name; a document without one is its own unit. */
static struct zj_reuse_doc *reuse_docs(struct reuse_ctx *c)
{
    struct zj_reuse_doc *rd = zj_xcalloc(c->ndocs + 1, sizeof *rd);
    struct zj_strmap ids = {0};
    uint32_t next = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        const char *u = c->docs[i].unit;
        rd[i] = c->docs[i].r;
        rd[i].unit = u ? (int)*zj_strmap_put(&ids, u, strlen(u), next, NULL) : -1;
        if (u && rd[i].unit == (int)next) next++;
    }
    for (size_t i = 0; i < c->ndocs; i++)
        if (rd[i].unit < 0) rd[i].unit = (int)next++;
    for (size_t i = 0; i < c->ndocs; i++) c->docs[i].r.unit = rd[i].unit;
    c->units = zj_xcalloc(next + 1, sizeof *c->units);
    for (size_t i = 0; i < c->ndocs; i++)
        if (c->docs[i].unit && !c->units[rd[i].unit]) c->units[rd[i].unit] = c->docs[i].unit;
    for (size_t u = 0; u < next; u++)
        if (c->units[u]) c->units[c->nunits++] = c->units[u];
    zj_strmap_release(&ids);
    return rd;
}

/* --matrix: per year, each unit's share of text shared with each other unit
 * (rows: year, unit, chars; one column per unit). */
static void write_matrix(struct reuse_ctx *c, FILE *fp, const struct zj_reuse_result *res)
{
    struct zj_reuse_doc *rd = zj_xcalloc(c->ndocs + 1, sizeof *rd);
    for (size_t i = 0; i < c->ndocs; i++) rd[i] = c->docs[i].r;
    struct zj_unit_matrix m;
    zj_unit_matrix_init(&m, rd, c->ndocs, c->nunits, c->opts.min_chars, res);
    free(rd);
    size_t nu = c->nunits, ncols = 3 + nu;
    struct zj_column *cols = zj_xcalloc(ncols + 1, sizeof *cols);
    cols[0] = (struct zj_column){"year", ZJ_COL_INT, 0};
    cols[1] = (struct zj_column){"unit", ZJ_COL_STR, 0};
    cols[2] = (struct zj_column){"chars", ZJ_COL_INT, 0};
    for (size_t u = 0; u < nu; u++) cols[3 + u] = (struct zj_column){c->units[u], ZJ_COL_NUM, 4};
    zj_writer_begin(&c->w, fp, c->cli->format, cols, ncols, zj_cli_write_flags(c->cli));
    struct zj_cell *row = zj_xcalloc(ncols + 1, sizeof *row);
    for (size_t y = 0; y < m.nyears; y++)
        for (size_t u = 0; u < nu; u++) {
            size_t chars = m.chars[y * nu + u];
            if (!chars) continue; /* no summary of this unit that year */
            row[0] = zj_cell_int(m.years[y]), row[1] = zj_cell_cstr(c->units[u]);
            row[2] = zj_cell_int((long long)chars);
            for (size_t v = 0; v < nu; v++)
                row[3 + v] = v == u || !m.chars[y * nu + v] ? zj_cell_null()
                                                            : share(m.shared[(y * nu + u) * nu + v], chars);
            zj_writer_row(&c->w, row);
        }
    zj_writer_end(&c->w);
    free(row), free(cols);
    zj_unit_matrix_release(&m);
}

typedef void rows_fn(struct reuse_ctx *c, const struct zj_reuse_result *res, size_t from, size_t to,
                     struct zj_writer *w);

/* Rows formatted on every worker, each chunk of items into memory, then
 * copied to the table in order, a wave of 4 x threads chunks at a time (so
 * memory holds a wave's rows, not the table's): the same table for any -j.
 * At 100,000 summaries `--passages` has 6.8 million rows, and making them
 * (spans, excerpts, names, cells) was a long stretch on one thread.  Items
 * are members, clusters or pairs (a pair writes a row per passage). */
#define ROW_CHUNK 1024

struct row_job {
    struct reuse_ctx *c;
    const struct zj_reuse_result *res;
    rows_fn *rows;
    size_t n, first; /* items, and the wave's first chunk */
    char **out;      /* per chunk of the wave: its rows as written */
    size_t *len, *nrows;
};

static void out_of_memory(void)
{
    fputs("zongjie: out of memory\n", stderr);
    abort();
}

static void format_chunk(void *ctx, void *scratch, size_t j)
{
    (void)scratch;
    struct row_job *job = ctx;
    size_t from = (job->first + j) * ROW_CHUNK, to = from + ROW_CHUNK;
    FILE *fp = open_memstream(&job->out[j], &job->len[j]);
    if (!fp) out_of_memory();
    struct zj_writer w;
    zj_writer_more(&w, &job->c->w, fp);
    job->rows(job->c, job->res, from, to < job->n ? to : job->n, &w);
    job->nrows[j] = w.rows;
    /* a memory stream fails only when its buffer cannot grow */
    if (ferror(fp) | fclose(fp)) out_of_memory();
}

static void index_doc(void *ctx, void *scratch, size_t d)
{
    (void)scratch;
    cpindex_of(ctx, (uint32_t)d);
}

/* What rows build on first use, built before rows are made on several threads. */
static void build_shared(struct reuse_ctx *c, int threads)
{
    if (!c->cpix) c->cpix = zj_xcalloc(c->ndocs + 1, sizeof *c->cpix);
    struct zj_parallel p = {c->ndocs, 64, c, NULL, NULL, index_doc};
    zj_parallel_run(&p, threads);
    unit_ac_of(c);
}

static void write_rows(struct reuse_ctx *c, const struct zj_reuse_result *res, size_t n,
                       rows_fn *rows)
{
    int threads = zj_threads_resolve(c->cli->threads);
    if (threads == 1 || n <= ROW_CHUNK) {
        rows(c, res, 0, n, &c->w);
        return;
    }
    build_shared(c, threads);
    size_t nchunks = (n + ROW_CHUNK - 1) / ROW_CHUNK, wave = 4 * (size_t)threads;
    struct row_job job = {c,
                          res,
                          rows,
                          n,
                          0,
                          zj_xcalloc(wave, sizeof *job.out),
                          zj_xcalloc(wave, sizeof *job.len),
                          zj_xcalloc(wave, sizeof *job.nrows)};
    for (; job.first < nchunks; job.first += wave) {
        size_t k = nchunks - job.first < wave ? nchunks - job.first : wave;
        struct zj_parallel p = {k, 1, &job, NULL, NULL, format_chunk};
        zj_parallel_run(&p, threads);
        for (size_t j = 0; j < k; j++) {
            fwrite(job.out[j], 1, job.len[j], c->w.fp), free(job.out[j]);
            c->w.rows += job.nrows[j];
        }
    }
    free(job.out), free(job.len), free(job.nrows);
}

/* Writes one of the tables of a finished run to fp. */
static void write_table(struct reuse_ctx *c, enum reuse_mode mode, FILE *fp,
                        const struct zj_reuse_result *res)
{
    unsigned flags = zj_cli_write_flags(c->cli);
    enum zj_format f = c->cli->format;
    switch (mode) {
    case MODE_DOCS: zj_writer_begin(&c->w, fp, f, doc_cols, NCOLS(doc_cols), flags), write_docs(c, res); break;
    case MODE_PASSAGES:
        zj_writer_begin(&c->w, fp, f, passage_cols, NCOLS(passage_cols), flags),
            write_rows(c, res, res->nmembers, passage_rows);
        break;
    case MODE_CLUSTERS:
        zj_writer_begin(&c->w, fp, f, cluster_cols, NCOLS(cluster_cols), flags),
            write_rows(c, res, res->nclusters, cluster_rows);
        break;
    case MODE_PAIRS: zj_writer_begin(&c->w, fp, f, pair_cols, NCOLS(pair_cols), flags), write_pairs(c, res); break;
    case MODE_ALIGNMENTS:
        zj_writer_begin(&c->w, fp, f, alignment_cols, NCOLS(alignment_cols), flags),
            write_rows(c, res, res->npairs, alignment_rows);
        break;
    case MODE_MATRIX: write_matrix(c, fp, res); return;
    }
    zj_writer_end(&c->w);
}

static int run(struct reuse_ctx *c, char **inputs, size_t n, struct zj_error *err)
{
    struct zj_corpus_opts opts;
    zj_cli_corpus_opts(c->cli, inputs, n, &opts);
    opts.norm_flags = ZJ_NORM_MAP;
    static const struct zj_corpus_ops ops = {analyze, emit, discard, matcher_new, zj_matcher_free};
    c->quote = c->mode == MODE_PASSAGES || c->mode == MODE_CLUSTERS || c->mode == MODE_ALIGNMENTS ||
               c->passages_to;
    if (zj_corpus_run(&opts, &ops, c, err)) return ZJ_ERR;
    struct zj_reuse_doc *rd = reuse_docs(c);
    c->packed = zj_reuse_pack(rd, c->ndocs);
    for (size_t i = 0; i < c->ndocs; i++) c->docs[i].r.text = rd[i].text;
    struct zj_reuse_result res;
    c->opts.threads = c->cli->threads;
    zj_reuse_run(rd, c->ndocs, &c->opts, &res);
    free(rd);
    if (c->quote && read_texts_again(c, inputs, n, err)) {
        zj_reuse_result_release(&res);
        return ZJ_ERR;
    }
    struct zj_outfile out, more = {0};
    int rc = zj_outfile_open(&out, c->cli->output, err);
    if (rc == ZJ_OK && c->passages_to && (rc = zj_outfile_open(&more, c->passages_to, err)))
        zj_outfile_abort(&out);
    if (rc) {
        zj_reuse_result_release(&res);
        return ZJ_ERR;
    }
    write_table(c, c->mode, out.fp, &res);
    if (c->passages_to) write_table(c, MODE_PASSAGES, more.fp, &res);
    if (!c->cli->quiet)
        fprintf(stderr, "zongjie reuse: %zu documents, %zu fingerprints (%zu template), %zu anchors, %zu pairs aligned, %zu sharing passages, %zu clusters\n",
                c->ndocs, res.fingerprints, res.template_fingerprints, res.anchor_records, res.pairs_tried,
                res.npairs, res.nclusters);
    zj_reuse_result_release(&res);
    if (c->passages_to && zj_outfile_commit(&more, err)) {
        zj_outfile_abort(&out);
        return ZJ_ERR;
    }
    return zj_outfile_commit(&out, err);
}

/* clang-format would join the last two lines and split the string */
/* clang-format off */
static const char usage[] =
    "usage: zongjie reuse [options] INPUT...\n"
    "Finds passages copied between summaries (templates pasted into many units, copies between\n"
    "units, last year's text re-used) and each summary's share of copied text (重复率).\n\n"
    "      --passages        one row per copy: cluster, document, span, kind, source, text\n"
    "      --clusters        one row per cluster of copies\n"
    "      --pairs           documents that share passages\n"
    "      --alignments      each shared passage of each pair of documents, both sides' spans\n"
    "                        and text (a template passage against its family's first holder)\n"
    "      --matrix          per year, unit x unit: share of each unit's text shared with each\n"
    "                        other unit's summary of that year (template passages left out)\n"
    "      --full            whole passage text (default: the first 60 characters)\n"
    "      --passages-to FILE  also write the --passages table to FILE (both from one run)\n"
    "      --cnki            k = 8, w = 6 (runs of 13+ characters, as Chinese checkers use)\n"
    "  -k N, -w N            k-gram length and winnowing window (default 10, 8: runs of 17+)\n"
    "      --max-df N        units sharing a fingerprint before it is a template (default 200)\n"
    "      --min-chars N     shortest passage counted as copying (default 30)\n"
    "      --min-sim X       lowest passage similarity (default 0.9)\n"
    "      --template-units N  units a cluster spans to be a template family (default 3)\n"
    ZJ_COMMON_HELP;
/* clang-format on */

static int number(struct reuse_ctx *c, const char *opt, const char *arg, double lo, double hi, double *v)
{
    char *end;
    *v = strtod(arg, &end);
    if (*end || !(*v >= lo && *v <= hi))
        return zj_cli_usage_error(c->cli, "%s wants a number from %g to %g, not `%s`", opt, lo, hi, arg);
    return 0;
}

static int own_option(void *ctx, int opt, const char *arg)
{
    struct reuse_ctx *c = ctx;
    double v = 0;
    int rc = 0;
    switch (opt) {
    case OPT_PASSAGES: c->mode = MODE_PASSAGES; break;
    case OPT_CLUSTERS: c->mode = MODE_CLUSTERS; break;
    case OPT_PAIRS: c->mode = MODE_PAIRS; break;
    case OPT_ALIGNMENTS: c->mode = MODE_ALIGNMENTS; break;
    case OPT_MATRIX: c->mode = MODE_MATRIX; break;
    case OPT_FULL: c->full = 1; break;
    case OPT_CNKI: c->opts.k = 8, c->opts.w = 6; break;
    case 'k': if (!(rc = number(c, "-k", arg, 2, 64, &v))) c->opts.k = (int)v; break;
    case 'w': if (!(rc = number(c, "-w", arg, 1, 64, &v))) c->opts.w = (int)v; break;
    case OPT_MAX_DF: if (!(rc = number(c, "--max-df", arg, 2, 1e9, &v))) c->opts.max_df = (size_t)v; break;
    case OPT_MIN_CHARS: if (!(rc = number(c, "--min-chars", arg, 1, 1e9, &v))) c->opts.min_chars = (size_t)v; break;
    case OPT_MIN_SIM: rc = number(c, "--min-sim", arg, 0, 1, &c->opts.min_sim); break;
    case OPT_PASSAGES_TO: c->passages_to = arg; break;
    case OPT_TEMPLATE_UNITS: if (!(rc = number(c, "--template-units", arg, 2, 1e9, &v))) c->opts.template_units = (size_t)v; break;
    default: rc = zj_cli_usage_error(c->cli, "unknown option");
    }
    return rc;
}

int zj_cmd_reuse(int argc, char **argv)
{
    static const struct option own[] = {
        {"passages", no_argument, NULL, OPT_PASSAGES},
        {"clusters", no_argument, NULL, OPT_CLUSTERS},
        {"pairs", no_argument, NULL, OPT_PAIRS},
        {"alignments", no_argument, NULL, OPT_ALIGNMENTS},
        {"matrix", no_argument, NULL, OPT_MATRIX},
        {"full", no_argument, NULL, OPT_FULL},
        {"cnki", no_argument, NULL, OPT_CNKI},
        {"kgram", required_argument, NULL, 'k'},
        {"window", required_argument, NULL, 'w'},
        {"max-df", required_argument, NULL, OPT_MAX_DF},
        {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
        {"min-sim", required_argument, NULL, OPT_MIN_SIM},
        {"template-units", required_argument, NULL, OPT_TEMPLATE_UNITS},
        {"passages-to", required_argument, NULL, OPT_PASSAGES_TO},
        {NULL, 0, NULL, 0}};
    struct zj_cli cli;
    zj_cli_init(&cli, "reuse");
    struct reuse_ctx c = {.cli = &cli};
    zj_reuse_opts_default(&c.opts, 0);
    int rc = zj_cli_parse(&cli, argc, argv, 1, own, own_option, &c, usage);
    if (rc == 0 && optind >= argc) rc = zj_cli_usage_error(&cli, "no input files");
    struct zj_error err;
    zj_error_clear(&err);
    if (rc == 0 && (zj_cli_load_dict(&cli, &c.dict, &err) || zj_cli_load_manifest(&cli, &err)))
        rc = zj_cli_fail(&cli, &err);
    else if (rc == 0) {
        rc = run(&c, argv + optind, (size_t)(argc - optind), &err) ? zj_cli_fail(&cli, &err) : ZJ_EXIT_OK;
        if (rc == ZJ_EXIT_OK) zj_cli_warn_unused_manifest(&cli);
    }
    for (size_t i = 0; c.cpix && i < c.ndocs; i++) zj_cpindex_release(&c.cpix[i]);
    for (size_t i = 0; i < c.ndocs; i++) free_rdoc(&c.docs[i]);
    free(c.packed);
    free(c.cpix);
    free(c.docs);
    free(c.units);
    zj_ac_free(c.unit_ac);
    zj_dict_free(c.dict);
    zj_cli_release(&cli);
    return rc < 0 ? ZJ_EXIT_OK : rc;
}

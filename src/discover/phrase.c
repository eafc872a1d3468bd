/*
 * phrase.c - see phrase.h.
 */
#define _GNU_SOURCE /* qsort_r */
#include "discover/phrase.h"

#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/banned.h"

double zj_phrase_score(const struct zj_ngram *g, size_t n)
{
    double free_ = g->left_entropy < g->right_entropy ? g->left_entropy : g->right_entropy;
    double pmi = g->pmi > 0 ? g->pmi : 0;
    return free_ * pmi * log2((double)n) * log2(1.0 + g->units);
}

const char *zj_in_dict_name(enum zj_in_dict v)
{
    return v == ZJ_DICT_TERM ? "term" : v == ZJ_DICT_PART ? "part" : "";
}

/* Every literal key, and every substring (two characters or more) of one. */
struct dict_sets {
    struct zj_strmap keys, parts;
};

static void add_substrings(struct zj_strmap *parts, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (((uint8_t)s[i] & 0xC0) == 0x80) continue;
        size_t chars = 0;
        for (size_t j = i + 1; j <= len; j++) {
            if (j < len && ((uint8_t)s[j] & 0xC0) == 0x80) continue;
            if (++chars >= 2) zj_strmap_put(parts, s + i, j - i, 1, NULL);
        }
    }
}

static void dict_sets_init(struct dict_sets *ds, const struct zj_dict *d)
{
    memset(ds, 0, sizeof *ds);
    for (size_t p = 0; d && p < d->npatterns; p++) {
        zj_strmap_put(&ds->keys, d->patterns[p].text, d->patterns[p].len, 1, NULL);
        add_substrings(&ds->parts, d->patterns[p].text, d->patterns[p].len);
    }
}

/* Whether a re: entry matches all of s. */
static int regex_covers(const struct zj_dict *d, pcre2_match_data *md, const char *s, size_t len)
{
    for (size_t r = 0; d && r < d->nregex; r++) {
        const pcre2_code *re = d->entries[d->regex_entries[r]].re;
        if (pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL) >= 0)
            return 1;
    }
    return 0;
}

static enum zj_in_dict classify(const struct dict_sets *ds, const struct zj_dict *d,
                                pcre2_match_data *md, const char *s, size_t len)
{
    if (zj_strmap_get(&ds->keys, s, len) || regex_covers(d, md, s, len)) return ZJ_DICT_TERM;
    return zj_strmap_get(&ds->parts, s, len) ? ZJ_DICT_PART : ZJ_DICT_NEW;
}

/* Best first: score, then count, then code-point order of the text. */
static int by_rank(const void *pa, const void *pb, void *corpus)
{
    const struct zj_phrase *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    const struct zj_ngram_corpus *c = corpus;
    const uint16_t *x = c->text + c->levels[a->n].items[a->item].pos;
    const uint16_t *y = c->text + c->levels[b->n].items[b->item].pos;
    for (size_t i = 0; i < a->n && i < b->n; i++)
        if (x[i] != y[i]) return c->chars[x[i]] < c->chars[y[i]] ? -1 : 1;
    return (a->n > b->n) - (a->n < b->n);
}

/* Every n-gram of min_chars..max_chars characters, scored, without text. */
static void collect(struct zj_phrases *out, const struct zj_ngram_corpus *c,
                    const struct zj_phrase_opts *opts)
{
    size_t total = 0, hi = opts->max_chars < c->nlevels ? opts->max_chars : c->nlevels;
    size_t lo = opts->min_chars < 2 ? 2 : opts->min_chars;
    for (size_t n = lo; n <= hi; n++) total += c->levels[n].count;
    out->items = zj_xcalloc(total + 1, sizeof *out->items);
    out->count = 0;
    for (size_t n = lo; n <= hi; n++)
        for (size_t k = 0; k < c->levels[n].count; k++) {
            struct zj_phrase *p = &out->items[out->count++];
            p->n = n, p->item = (uint32_t)k;
            p->score = zj_phrase_score(&c->levels[n].items[k], n);
            p->count = c->levels[n].items[k].count;
        }
}

void zj_phrases_rank(struct zj_phrases *out, const struct zj_ngram_corpus *c,
                     const struct zj_dict *dict, const struct zj_phrase_opts *opts)
{
    collect(out, c, opts);
    /* fragments (score 0) are most candidates: sort them only if they are reached */
    size_t pos = 0;
    for (size_t i = 0; i < out->count; i++)
        if (out->items[i].score > 0) {
            struct zj_phrase t = out->items[pos];
            out->items[pos++] = out->items[i], out->items[i] = t;
        }
    qsort_r(out->items, pos, sizeof *out->items, by_rank, (void *)c);
    size_t sorted = pos;
    /* text and the dictionary check only for the rows kept, best first */
    struct dict_sets ds;
    dict_sets_init(&ds, dict);
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    size_t kept = 0;
    for (size_t i = 0; i < out->count && (!opts->top || kept < opts->top); i++) {
        if (i == sorted)
            qsort_r(out->items + i, out->count - i, sizeof *out->items, by_rank, (void *)c), sorted = out->count;
        struct zj_phrase p = out->items[i];
        struct zj_buf t = {0};
        zj_ngram_text(c, c->levels[p.n].items[p.item].pos, p.n, &t);
        p.in_dict = classify(&ds, dict, md, t.ptr, t.len);
        if (p.in_dict != ZJ_DICT_NEW && !opts->keep_dict) {
            zj_buf_release(&t);
            continue;
        }
        p.text = zj_buf_detach(&t, NULL);
        out->items[kept++] = p;
    }
    out->count = kept;
    pcre2_match_data_free(md);
    zj_strmap_release(&ds.keys);
    zj_strmap_release(&ds.parts);
}

void zj_phrases_release(struct zj_phrases *p)
{
    for (size_t i = 0; i < p->count; i++) free(p->items[i].text);
    free(p->items);
    memset(p, 0, sizeof *p);
}

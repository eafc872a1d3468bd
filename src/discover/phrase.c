/*
 * phrase.c - see phrase.h.
 */
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

static int regex_covers(const struct zj_dict *d, const char *s, size_t len)
{
    int hit = 0;
    for (size_t r = 0; d && r < d->nregex && !hit; r++) {
        const pcre2_code *re = d->entries[d->regex_entries[r]].re;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        hit = pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL) >= 0;
        pcre2_match_data_free(md);
    }
    return hit;
}

static enum zj_in_dict classify(const struct dict_sets *ds, const struct zj_dict *d,
                                const char *s, size_t len)
{
    if (zj_strmap_get(&ds->keys, s, len) || regex_covers(d, s, len)) return ZJ_DICT_TERM;
    return zj_strmap_get(&ds->parts, s, len) ? ZJ_DICT_PART : ZJ_DICT_NEW;
}

static int by_rank(const void *pa, const void *pb)
{
    const struct zj_phrase *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->text, b->text);
}

void zj_phrases_rank(struct zj_phrases *out, const struct zj_ngram_corpus *c,
                     const struct zj_dict *dict, const struct zj_phrase_opts *opts)
{
    struct dict_sets ds;
    dict_sets_init(&ds, dict);
    size_t alloc = 0;
    memset(out, 0, sizeof *out);
    size_t hi = opts->max_chars < c->nlevels ? opts->max_chars : c->nlevels;
    for (size_t n = opts->min_chars < 2 ? 2 : opts->min_chars; n <= hi; n++) {
        const struct zj_ngram_level *L = &c->levels[n];
        for (size_t k = 0; k < L->count; k++) {
            struct zj_buf t = {0};
            zj_ngram_text(c, L->items[k].pos, n, &t);
            enum zj_in_dict v = classify(&ds, dict, t.ptr, t.len);
            if (v != ZJ_DICT_NEW && !opts->keep_dict) {
                zj_buf_release(&t);
                continue;
            }
            if (out->count == alloc) {
                alloc = alloc ? 2 * alloc : 1024;
                out->items = zj_xrealloc(out->items, alloc * sizeof *out->items);
            }
            struct zj_phrase *p = &out->items[out->count++];
            p->n = n, p->item = (uint32_t)k, p->in_dict = v;
            p->score = zj_phrase_score(&L->items[k], n);
            p->count = L->items[k].count;
            p->text = zj_buf_detach(&t, NULL);
        }
    }
    if (out->count) qsort(out->items, out->count, sizeof *out->items, by_rank); /* items may be NULL */
    if (opts->top && out->count > opts->top) {
        for (size_t i = opts->top; i < out->count; i++) free(out->items[i].text);
        out->count = opts->top;
    }
    zj_strmap_release(&ds.keys);
    zj_strmap_release(&ds.parts);
}

void zj_phrases_release(struct zj_phrases *p)
{
    for (size_t i = 0; i < p->count; i++) free(p->items[i].text);
    free(p->items);
    memset(p, 0, sizeof *p);
}

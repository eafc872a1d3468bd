/* count.c - see count.h. */
#include "terms/count.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

void zj_terms_init(struct zj_terms *t, const struct zj_dict *dict)
{
    memset(t, 0, sizeof *t);
    t->dict = dict;
    pthread_mutex_init(&t->lock, NULL);
}

void zj_terms_release(struct zj_terms *t)
{
    zj_strmap_release(&t->texts);
    pthread_mutex_destroy(&t->lock);
}

static const char *intern(struct zj_terms *t, const char *s, size_t len)
{
    pthread_mutex_lock(&t->lock);
    zj_strmap_put(&t->texts, s, len, 0, NULL);
    const char *k = zj_strmap_key(&t->texts, s, len);
    pthread_mutex_unlock(&t->lock);
    return k;
}

int zj_term_cmp(const struct zj_term_count *a, const struct zj_term_count *b)
{
    if (a->entry != b->entry) return a->entry < b->entry ? -1 : 1;
    if (a->text == b->text) return 0;
    if (!a->text || !b->text) return a->text ? 1 : -1;
    return strcmp(a->text, b->text);
}

static int term_qcmp(const void *a, const void *b)
{
    return zj_term_cmp(a, b);
}

/* Appends to items the regex texts of keys[*k..] whose entry is before
 * `before`, adding up equal ones (keys are sorted). */
static void merge_keys_before(struct zj_term_count *items, size_t *n,
                              const struct zj_term_count *keys, size_t nkeys, size_t *k,
                              size_t before)
{
    for (; *k < nkeys && keys[*k].entry < before; ++*k) {
        if (*n && !zj_term_cmp(&items[*n - 1], &keys[*k]))
            items[*n - 1].count++;
        else
            items[(*n)++] = keys[*k];
    }
}

/*
 * Literal and named entries are tallied in a dense array (no sort); only
 * unnamed regex matches, keyed by text, need sorting.  Entries hit are
 * marked in a bitmap as they are tallied, and the result is built from its
 * set bits: the cost follows the hits (and nentries / 64
 * words), not two passes over the whole dictionary per document.
 */
void zj_count_hits(struct zj_terms *t, const char *text, const struct zj_hit *hits, size_t nhits,
                   struct zj_doc_counts *out)
{
    size_t nentries = t->dict->nentries, nwords = nentries / 64 + 1, nkeys = 0, n = 0, distinct = 0;
    uint32_t *tally = zj_xcalloc(nentries + 1, sizeof *tally);
    uint64_t *hit_bits = zj_xcalloc(nwords, sizeof *hit_bits);
    struct zj_term_count *keys = NULL;
    size_t keys_alloc = 0;
    for (size_t i = 0; i < nhits; i++) {
        const struct zj_hit *h = &hits[i];
        const struct zj_entry *e = &t->dict->entries[h->entry];
        if (!(e->re && !e->name)) {
            distinct += !tally[h->entry]++;
            hit_bits[h->entry / 64] |= (uint64_t)1 << (h->entry % 64);
            continue;
        }
        keys = zj_xgrow(keys, sizeof *keys, nkeys + 1, &keys_alloc);
        keys[nkeys++] = (struct zj_term_count){h->entry, intern(t, text + h->start, h->end - h->start), 1};
    }
    if (nkeys) qsort(keys, nkeys, sizeof *keys, term_qcmp);
    struct zj_term_count *items = zj_xmalloc((distinct + nkeys + 1) * sizeof *items);
    size_t k = 0;
    for (size_t w = 0; w < nwords; w++)
        for (uint64_t bits = hit_bits[w]; bits; bits &= bits - 1) {
            size_t e = w * 64 + (size_t)__builtin_ctzll(bits);
            merge_keys_before(items, &n, keys, nkeys, &k, e); /* regex texts of earlier entries */
            items[n++] = (struct zj_term_count){(uint32_t)e, NULL, tally[e]};
        }
    merge_keys_before(items, &n, keys, nkeys, &k, SIZE_MAX);
    free(tally), free(hit_bits);
    free(keys);
    out->items = items;
    out->count = n;
    out->hits = nhits;
}

void zj_doc_counts_release(struct zj_doc_counts *c)
{
    free(c->items);
    memset(c, 0, sizeof *c);
}

const char *zj_term_label(const struct zj_dict *d, const struct zj_term_count *c)
{
    const struct zj_entry *e = &d->entries[c->entry];
    if (c->text) return c->text;
    return e->name ? e->name : e->term;
}

static int entry_qcmp(const void *x, const void *y)
{
    const struct zj_term_count *a = x, *b = y;
    return (a->entry > b->entry) - (a->entry < b->entry);
}

void zj_counts_by_category(const struct zj_doc_counts *in, const uint32_t *of_entry,
                           struct zj_doc_counts *out)
{
    struct zj_term_count *items = zj_xmalloc((in->count + 1) * sizeof *items);
    for (size_t i = 0; i < in->count; i++)
        items[i] = (struct zj_term_count){of_entry[in->items[i].entry], NULL, in->items[i].count};
    if (in->count) qsort(items, in->count, sizeof *items, entry_qcmp);
    size_t n = 0;
    for (size_t i = 0; i < in->count; i++) {
        if (n && items[n - 1].entry == items[i].entry) items[n - 1].count += items[i].count;
        else items[n++] = items[i];
    }
    out->items = items;
    out->count = n;
    out->hits = in->hits;
}

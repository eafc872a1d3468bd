/*
 * ngram.c - see ngram.h.
 *
 * An n-gram is identified by a polynomial hash of its ids,
 * h = (...((id1+1)·B + id2+1)·B ...) mod 2^64, so level n's hash at a
 * position extends level n-1's by one multiply-add; tables compare the ids
 * themselves on a hash match, so a collision never merges two n-grams.
 * `alive[i]` holds the item at position i of the level being counted (-1:
 * none), overwritten in place: counting position i reads alive[i] and
 * alive[i+1] of the previous level before writing alive[i].
 */
#define _GNU_SOURCE /* qsort_r */
#include "discover/ngram.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "util/prefetch.h"
#include "util/banned.h"

#define MUL 0x2545F4914F6CDD1DULL

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static size_t slot_of(uint64_t h, size_t nslots)
{
    return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 20) & (nslots - 1);
}

int zj_ngram_is_han(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF) || cp == 0x3007;
}

void zj_ngram_corpus_init(struct zj_ngram_corpus *c)
{
    memset(c, 0, sizeof *c);
    c->id_of_bmp = zj_xcalloc(0x10000, sizeof *c->id_of_bmp);
    c->nchars = ZJ_NGRAM_FIRST_CHAR;
    c->chars = zj_xcalloc(c->nchars, sizeof *c->chars);
    for (size_t n = 0; n <= ZJ_NGRAM_MAX; n++) c->levels[n].n = n;
}

static void level_release(struct zj_ngram_level *L)
{
    free(L->items);
    free(L->slots);
    L->items = NULL, L->slots = NULL;
    L->count = L->alloc = L->nslots = 0;
}

void zj_ngram_corpus_release(struct zj_ngram_corpus *c)
{
    for (size_t n = 0; n <= ZJ_NGRAM_MAX; n++) level_release(&c->levels[n]);
    free(c->text), free(c->chars), free(c->id_of_bmp), free(c->docs);
    memset(c, 0, sizeof *c);
}

enum { B_EDGE = 1, B_LF, B_DIGIT, B_LATIN, B_OTHER, B_PUNCT };

/* The boundary symbol of a code point that is not a Han character. */
static uint16_t boundary_of(int32_t cp)
{
    static const int32_t punct[] = {',', '.', ';', ':', '!', '?', '(', ')', '"', '\'', '<',
                                    '>', '-', 0x3002, 0x3001, 0x201C, 0x201D, 0x2018, 0x2019,
                                    0x300A, 0x300B, 0x2014, 0x2026, 0x00B7, 0x300C, 0x300D,
                                    0x3010, 0x3011};
    if (cp == '\n') return B_LF;
    if (cp >= '0' && cp <= '9') return B_DIGIT;
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return B_LATIN;
    for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++)
        if (punct[i] == cp) return (uint16_t)(B_PUNCT + i);
    return B_OTHER;
}

static void push(struct zj_ngram_corpus *c, uint16_t id)
{
    /* a run of one boundary symbol (digits of a number) is one neighbour */
    if (id < ZJ_NGRAM_FIRST_CHAR && c->len && c->text[c->len - 1] == id) return;
    if (c->len == c->alloc) {
        c->alloc = c->alloc ? 2 * c->alloc : 4096;
        c->text = zj_xrealloc(c->text, c->alloc * sizeof *c->text);
    }
    c->text[c->len++] = id;
    if (id >= ZJ_NGRAM_FIRST_CHAR) c->han_chars++;
}

/* Id of a Han character; B_OTHER when the id space is full.  Characters outside
 * the BMP are rare enough for a linear search of the ids. */
static uint16_t id_of(struct zj_ngram_corpus *c, int32_t cp)
{
    if (cp < 0x10000 && c->id_of_bmp[cp]) return c->id_of_bmp[cp];
    if (cp >= 0x10000)
        for (size_t i = 1; i < c->nchars; i++)
            if (c->chars[i] == cp) return (uint16_t)i;
    if (c->nchars > UINT16_MAX) return B_OTHER;
    c->chars = zj_xrealloc(c->chars, (c->nchars + 1) * sizeof *c->chars);
    c->chars[c->nchars] = cp;
    if (cp < 0x10000) c->id_of_bmp[cp] = (uint16_t)c->nchars;
    return (uint16_t)c->nchars++;
}

void zj_ngram_add_doc(struct zj_ngram_corpus *c, const char *text, size_t len, uint32_t unit,
                      int year)
{
    push(c, B_EDGE);
    if (c->ndocs == c->docs_alloc) {
        c->docs_alloc = c->docs_alloc ? 2 * c->docs_alloc : 64;
        c->docs = zj_xrealloc(c->docs, c->docs_alloc * sizeof *c->docs);
    }
    struct zj_ngram_doc *d = &c->docs[c->ndocs++];
    d->start = c->len, d->unit = unit, d->year = year;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)zj_utf8_next((const uint8_t *)text + i, &cp);
        push(c, zj_ngram_is_han(cp) ? id_of(c, cp) : boundary_of(cp));
    }
    push(c, B_EDGE);
    d->end = c->len;
}

/* ---- tables ---------------------------------------------------------- */

static void rehash(struct zj_ngram_level *L, size_t nslots)
{
    free(L->slots);
    L->nslots = nslots;
    L->slots = zj_xmalloc_huge(nslots * sizeof *L->slots);
    memset(L->slots, 0, nslots * sizeof *L->slots);
    for (size_t k = 0; k < L->count; k++) {
        size_t s = slot_of(L->items[k].hash, nslots);
        while (L->slots[s]) s = (s + 1) & (nslots - 1);
        L->slots[s] = (uint32_t)k + 1;
    }
}

/* Short fixed-width compare: cheaper inline than a memcmp call. */
static int same(const uint16_t *text, uint32_t a, uint32_t b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (text[a + i] != text[b + i]) return 0;
    return 1;
}

static const struct zj_ngram *find_ids(const struct zj_ngram_corpus *c,
                                       const struct zj_ngram_level *L, const uint16_t *ids,
                                       uint64_t h)
{
    if (!L->nslots) return NULL;
    for (size_t s = slot_of(h, L->nslots); L->slots[s]; s = (s + 1) & (L->nslots - 1)) {
        const struct zj_ngram *g = &L->items[L->slots[s] - 1];
        if (g->hash == h && !memcmp(c->text + g->pos, ids, L->n * sizeof *ids)) return g;
    }
    return NULL;
}

static uint64_t hash_ids(const uint16_t *ids, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++) h = h * MUL + ids[i] + 1;
    return h;
}

const struct zj_ngram *zj_ngram_find(const struct zj_ngram_corpus *c, const uint16_t *ids,
                                     size_t n)
{
    if (n == 0 || n > c->nlevels) return NULL;
    return find_ids(c, &c->levels[n], ids, hash_ids(ids, n));
}

void zj_ngram_text(const struct zj_ngram_corpus *c, uint32_t pos, size_t n, struct zj_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        int32_t cp = c->chars[c->text[pos + i]];
        char u[4];
        size_t k;
        if (cp < 0x10000)
            u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
            u[2] = (char)(0x80 | (cp & 0x3F)), k = 3;
        else
            u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
            u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), k = 4;
        zj_buf_add(out, u, k);
    }
}

/* ---- counting -------------------------------------------------------- */

enum { DOC_SHIFT = 10, AHEAD = 48, NO_LIST = UINT32_MAX };

/* What every worker reads while a level grows. */
struct counting {
    struct zj_ngram_corpus *c;
    const struct zj_ngram_opts *o;
    uint32_t *occ;        /* occurrence lists, rewritten in place level after level */
    uint32_t *doc_block;  /* text offset >> DOC_SHIFT -> first document ending after it */
    uint32_t *unit_of;    /* document -> unit numbered 0 .. nunits-1 */
    size_t nunits;
};

/* Parent items [lo, hi) of one level and the children they produce. */
struct range {
    size_t lo, hi;
    struct zj_ngram *items;
    uint32_t *first; /* child -> offset of its list in occ */
    size_t count, alloc;
};

/* One level's growth: parents of n characters, children of n + 1. */
struct growth {
    struct counting *k;
    size_t n;
    int extend;            /* 0: entropies only (the last level) */
    const uint32_t *first; /* parent -> offset of its list in occ */
    struct range *ranges;
    size_t nranges;
};

/* Symbol counts over one occurrence list, symbols in order of first
 * appearance.  An entry whose stamp is not the current mark counts as zero,
 * so nothing is cleared between lists. */
struct tally {
    uint32_t mark, *stamp, *count;
    uint16_t *seen;
    size_t nseen;
};

/* A worker's own arrays. */
struct scratch {
    struct tally left, right;
    uint32_t *fill;         /* symbol -> next slot of its child's list */
    uint32_t *pos, cap;     /* a copy of the parent's list ... */
    uint16_t *next;         /* ... and the symbol after each occurrence */
    uint32_t unit_mark, *unit_stamp;
};

static void tally_init(struct tally *t)
{
    t->mark = 0, t->nseen = 0;
    t->stamp = zj_xcalloc(0x10000, sizeof *t->stamp);
    t->count = zj_xmalloc(0x10000 * sizeof *t->count);
    t->seen = zj_xmalloc(0x10000 * sizeof *t->seen);
}

static void tally_release(struct tally *t)
{
    free(t->stamp), free(t->count), free(t->seen);
}

static void tally_begin(struct tally *t)
{
    t->mark++, t->nseen = 0;
}

static inline void tally_add(struct tally *t, uint16_t sym)
{
    if (t->stamp[sym] != t->mark) t->stamp[sym] = t->mark, t->count[sym] = 0, t->seen[t->nseen++] = sym;
    t->count[sym]++;
}

static double plogp(double k, double total)
{
    double p = k / total;
    return -p * log2(p);
}

/* Entropy in bits, summed in order of first appearance (the order is part
 * of the result: floating-point sums are not associative). */
static double tally_entropy(const struct tally *t, size_t total)
{
    double h = 0;
    for (size_t j = 0; j < t->nseen; j++) h += plogp(t->count[t->seen[j]], (double)total);
    return h;
}

static struct scratch *scratch_make(const struct counting *k)
{
    struct scratch *s = zj_xcalloc(1, sizeof *s);
    tally_init(&s->left), tally_init(&s->right);
    s->fill = zj_xmalloc(0x10000 * sizeof *s->fill);
    s->unit_stamp = zj_xcalloc(k->nunits + 1, sizeof *s->unit_stamp);
    return s;
}

static void *scratch_new(void *ctx)
{
    const struct growth *gr = ctx;
    return scratch_make(gr->k);
}

static void scratch_free(void *ctx, void *p)
{
    (void)ctx;
    struct scratch *s = p;
    tally_release(&s->left), tally_release(&s->right);
    free(s->fill), free(s->pos), free(s->next), free(s->unit_stamp), free(s);
}

/* The document holding text offset pos (pos lies in some document). */
static size_t doc_at(const struct counting *k, uint32_t pos)
{
    size_t lo = k->doc_block[pos >> DOC_SHIFT], hi = k->doc_block[(pos >> DOC_SHIFT) + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k->c->docs[mid].end <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Documents, units and first year of an n-gram from its occurrence list
 * (ascending): a document's occurrences are consecutive, so documents are
 * looked up only where the list leaves one. */
static void spread(const struct counting *k, struct scratch *s, const uint32_t *list, size_t nocc,
                   struct zj_ngram *g)
{
    const struct zj_ngram_doc *docs = k->c->docs;
    uint32_t mark = ++s->unit_mark;
    size_t end = 0;
    for (size_t j = 0; j < nocc; j++) {
        if (list[j] < end) continue;
        size_t d = doc_at(k, list[j]);
        end = docs[d].end;
        g->docs++;
        uint32_t u = k->unit_of[d];
        if (s->unit_stamp[u] != mark) s->unit_stamp[u] = mark, g->units++;
        if (docs[d].year && (!g->first_year || docs[d].year < g->first_year)) g->first_year = docs[d].year;
    }
}

static int keeps(const struct zj_ngram *g, const struct zj_ngram_opts *o)
{
    return g->count >= o->min_count && g->docs >= o->min_docs && g->units >= o->min_units;
}

/* Documents grouped in blocks of text for doc_at, and units renumbered
 * densely (callers may use any 32-bit numbers) for the per-worker stamps. */
static void counting_init(struct counting *k, struct zj_ngram_corpus *c, const struct zj_ngram_opts *o)
{
    memset(k, 0, sizeof *k);
    k->c = c, k->o = o;
    size_t nblocks = (c->len >> DOC_SHIFT) + 2, d = 0;
    k->doc_block = zj_xmalloc(nblocks * sizeof *k->doc_block);
    for (size_t b = 0; b < nblocks; b++) {
        while (d < c->ndocs && c->docs[d].end <= (b << DOC_SHIFT)) d++;
        k->doc_block[b] = (uint32_t)d;
    }
    uint32_t *units = zj_xmalloc((c->ndocs + 1) * sizeof *units);
    for (d = 0; d < c->ndocs; d++) units[d] = c->docs[d].unit;
    qsort(units, c->ndocs, sizeof *units, cmp_u32);
    for (d = 0; d < c->ndocs; d++)
        if (!k->nunits || units[k->nunits - 1] != units[d]) units[k->nunits++] = units[d];
    k->unit_of = zj_xmalloc((c->ndocs + 1) * sizeof *k->unit_of);
    for (d = 0; d < c->ndocs; d++) {
        const uint32_t *u = bsearch(&c->docs[d].unit, units, k->nunits, sizeof *units, cmp_u32);
        k->unit_of[d] = (uint32_t)(u - units);
    }
    free(units);
}

static void counting_release(struct counting *k)
{
    free(k->occ), free(k->doc_block), free(k->unit_of);
}

/* Appends an item and the offset of its list. */
static void range_add(struct range *r, const struct zj_ngram *g, uint32_t first)
{
    if (r->count == r->alloc) {
        r->alloc = r->alloc ? 2 * r->alloc : 256;
        r->items = zj_xrealloc(r->items, r->alloc * sizeof *r->items);
        r->first = zj_xrealloc(r->first, r->alloc * sizeof *r->first);
    }
    r->items[r->count] = *g, r->first[r->count++] = first;
}

/* Makes the table of level L hold exactly its items (count of them). */
static void level_index(struct zj_ngram_level *L)
{
    size_t nslots = 1024;
    while (nslots < 2 * L->count + 2) nslots *= 2;
    L->alloc = L->count;
    rehash(L, nslots);
}

/* Level 1: the occurrences of every character seen at least min_count
 * times, grouped by character, ascending within a character; characters
 * also below min_docs or min_units dropped.  Returns each item's list
 * offset in k->occ. */
static uint32_t *level_one(struct counting *k, struct scratch *s)
{
    struct zj_ngram_corpus *c = k->c;
    struct zj_ngram_level *L = &c->levels[1];
    uint32_t *count = zj_xcalloc(0x10000, sizeof *count), *fill = s->fill;
    for (size_t i = 0; i < c->len; i++) count[c->text[i]]++;
    size_t total = 0;
    for (size_t id = 0; id < 0x10000; id++) {
        int listed = id >= ZJ_NGRAM_FIRST_CHAR && count[id] >= k->o->min_count;
        fill[id] = listed ? (uint32_t)total : NO_LIST;
        if (listed) total += count[id];
    }
    k->occ = zj_xmalloc((total + 1) * sizeof *k->occ);
    for (size_t i = 0; i < c->len; i++)
        if (fill[c->text[i]] != NO_LIST) k->occ[fill[c->text[i]]++] = (uint32_t)i;
    struct range r = {0};
    size_t from = 0, to = 0;
    for (size_t id = ZJ_NGRAM_FIRST_CHAR; id < 0x10000; id++) {
        if (count[id] < k->o->min_count) continue;
        struct zj_ngram g = {.pos = k->occ[from], .count = count[id], .hash = (uint64_t)id + 1};
        spread(k, s, k->occ + from, count[id], &g);
        if (keeps(&g, k->o)) {
            memmove(k->occ + to, k->occ + from, count[id] * sizeof *k->occ);
            range_add(&r, &g, (uint32_t)to);
            to += count[id];
        }
        from += count[id];
    }
    free(count);
    L->items = r.items, L->count = r.count;
    level_index(L);
    return r.first;
}

/* The item of level n with the given prefix (in level n - 1) and hash. */
static uint32_t find_extension(const struct zj_ngram_level *L, uint32_t prefix, uint64_t h)
{
    for (size_t s = slot_of(h, L->nslots); L->slots[s]; s = (s + 1) & (L->nslots - 1)) {
        const struct zj_ngram *g = &L->items[L->slots[s] - 1];
        if (g->hash == h && g->prefix == prefix) return L->slots[s] - 1;
    }
    assert(!"an n-gram kept whose suffix was not");
    return 0;
}

/* The occurrences of a range's parents, read ahead of their use: their
 * text is fetched while earlier ones are counted (the reads are at random
 * over the whole text, most of them cache misses), across the ends of
 * lists, as most lists are short. */
struct ahead {
    size_t p, j, hi;
};

static void prefetch_next(const struct growth *gr, struct ahead *a)
{
    const struct zj_ngram *items = gr->k->c->levels[gr->n].items;
    while (a->p < a->hi && a->j >= items[a->p].count) a->p++, a->j = 0;
    if (a->p < a->hi) zj_prefetch(gr->k->c->text + gr->k->occ[gr->first[a->p] + a->j++] + gr->n);
}

/* Reads the symbol before and after each occurrence of parent p: its
 * neighbour entropies (levels >= 2) and, in s->right, how often each
 * extension occurs.  The list is copied to s, free to be overwritten. */
static void read_neighbours(const struct growth *gr, struct scratch *s, struct ahead *a, uint32_t p)
{
    struct zj_ngram_corpus *c = gr->k->c;
    struct zj_ngram *g = &c->levels[gr->n].items[p];
    const uint32_t *list = gr->k->occ + gr->first[p];
    const uint16_t *text = c->text;
    size_t nocc = g->count, n = gr->n;
    if (nocc > s->cap) {
        s->cap = (uint32_t)nocc;
        free(s->pos), free(s->next);
        s->pos = zj_xmalloc(nocc * sizeof *s->pos), s->next = zj_xmalloc(nocc * sizeof *s->next);
    }
    tally_begin(&s->left), tally_begin(&s->right);
    for (size_t j = 0; j < nocc; j++) {
        prefetch_next(gr, a);
        uint32_t pos = list[j];
        s->pos[j] = pos, s->next[j] = text[pos + n];
        tally_add(&s->right, text[pos + n]);
        if (n >= 2) tally_add(&s->left, text[pos - 1]);
    }
    if (n >= 2) {
        g->left_entropy = (float)tally_entropy(&s->left, nocc);
        g->right_entropy = (float)tally_entropy(&s->right, nocc);
    }
}

/* The item of level n + 1 for the last n characters of parent p (level n)
 * followed by sym: the extension of p's suffix by sym, found by hash. */
static uint32_t suffix_of(const struct growth *gr, uint32_t p, uint16_t sym)
{
    const struct zj_ngram_level *levels = gr->k->c->levels;
    size_t n = gr->n;
    uint32_t q = n == 1 ? 0 : levels[n].items[p].suffix;
    uint64_t hq = n == 1 ? 0 : levels[n - 1].items[q].hash;
    return find_extension(&levels[n], q, hq * MUL + sym + 1);
}

/* Whether parent p's extension by sym gets a list: a character, seen at
 * least min_count times after p. */
static int listed(const struct growth *gr, const struct tally *t, uint16_t sym)
{
    return sym >= ZJ_NGRAM_FIRST_CHAR && t->count[sym] >= gr->k->o->min_count;
}

/* Splits parent p's occurrences (read into s) by the character after them
 * into its children's lists, written from occ[*w] on in the order the
 * characters first appear; children below min_docs or min_units are then
 * dropped and the lists closed up.  Lists stay ascending, and together
 * they are no longer than p's list, which is why the writes never reach a
 * list not yet read. */
static void split(const struct growth *gr, struct scratch *s, struct range *r, uint32_t p, size_t *w)
{
    struct counting *k = gr->k;
    const struct zj_ngram *parent = &k->c->levels[gr->n].items[p];
    const struct tally *t = &s->right;
    size_t at = *w;
    for (size_t j = 0; j < t->nseen; j++) {
        uint16_t sym = t->seen[j];
        s->fill[sym] = listed(gr, t, sym) ? (uint32_t)at : NO_LIST;
        if (listed(gr, t, sym)) at += t->count[sym];
    }
    if (at == *w) return;
    for (size_t j = 0; j < parent->count; j++) {
        uint32_t f = s->fill[s->next[j]];
        if (f != NO_LIST) k->occ[f] = s->pos[j], s->fill[s->next[j]] = f + 1;
    }
    size_t from = *w, to = *w;
    for (size_t j = 0; j < t->nseen; j++) {
        uint16_t sym = t->seen[j];
        if (!listed(gr, t, sym)) continue;
        uint32_t nocc = t->count[sym];
        struct zj_ngram g = {.pos = k->occ[from], .prefix = p, .count = nocc,
                             .hash = parent->hash * MUL + sym + 1};
        spread(k, s, k->occ + from, nocc, &g);
        if (keeps(&g, k->o)) {
            g.suffix = suffix_of(gr, p, sym);
            memmove(k->occ + to, k->occ + from, nocc * sizeof *k->occ);
            range_add(r, &g, (uint32_t)to);
            to += nocc;
        }
        from += nocc;
    }
    *w = to;
}

static void grow_range(void *ctx, void *scratch, size_t i)
{
    const struct growth *gr = ctx;
    struct range *r = &gr->ranges[i];
    size_t w = gr->first[r->lo];
    struct ahead a = {r->lo, 0, r->hi};
    for (int j = 0; j < AHEAD; j++) prefetch_next(gr, &a);
    for (size_t p = r->lo; p < r->hi; p++) {
        read_neighbours(gr, scratch, &a, (uint32_t)p);
        if (gr->extend) split(gr, scratch, r, (uint32_t)p, &w);
    }
}

/* Cuts level L's items into ranges of about equal work (occurrences) for
 * the workers; where the cuts fall changes nothing in the result. */
static size_t cut_ranges(const struct zj_ngram_level *L, struct range **out)
{
    size_t total = 0, acc = 0, nr = 0;
    for (size_t g = 0; g < L->count; g++) total += L->items[g].count;
    size_t target = total / 256 > 16384 ? total / 256 : 16384;
    struct range *r = zj_xcalloc(total / target + 2, sizeof *r);
    for (size_t g = 0; g < L->count; g++) {
        acc += L->items[g].count;
        if (acc >= target || g + 1 == L->count) r[nr].hi = g + 1, r[nr + 1].lo = g + 1, nr++, acc = 0;
    }
    *out = r;
    return nr;
}

/* Level L from the children of the ranges, in range order; returns their
 * list offsets. */
static uint32_t *join(struct range *ranges, size_t nr, struct zj_ngram_level *L)
{
    size_t total = 0;
    for (size_t i = 0; i < nr; i++) total += ranges[i].count;
    L->items = zj_xmalloc_huge((total + 1) * sizeof *L->items);
    uint32_t *first = zj_xmalloc((total + 1) * sizeof *first);
    L->count = 0;
    for (size_t i = 0; i < nr; i++) {
        if (ranges[i].count) {
            memcpy(L->items + L->count, ranges[i].items, ranges[i].count * sizeof *L->items);
            memcpy(first + L->count, ranges[i].first, ranges[i].count * sizeof *first);
        }
        L->count += ranges[i].count;
        free(ranges[i].items), free(ranges[i].first);
    }
    level_index(L);
    return first;
}

/* Entropies of level n's items and, when extend, level n + 1: returns its
 * list offsets (NULL when not extending).  Takes over `first`. */
static uint32_t *grow(struct counting *k, size_t n, int extend, uint32_t *first)
{
    struct growth gr = {k, n, extend, first, NULL, 0};
    gr.nranges = cut_ranges(&k->c->levels[n], &gr.ranges);
    struct zj_parallel run = {gr.nranges, 1, &gr, scratch_new, scratch_free, grow_range};
    zj_parallel_run(&run, k->o->threads);
    free(first);
    uint32_t *next = extend ? join(gr.ranges, gr.nranges, &k->c->levels[n + 1]) : NULL;
    free(gr.ranges);
    return next;
}

/* The weakest bond over the two-part splits of every item of level n.  The
 * parts are reached through the prefix and suffix links, no hashing: pre[k]
 * is the count of the first k characters, suf[k] of the last k. */
static void cohesion(struct zj_ngram_corpus *c, size_t n)
{
    struct zj_ngram_level *L = &c->levels[n];
    double total = (double)c->han_chars, pre[ZJ_NGRAM_MAX + 1], suf[ZJ_NGRAM_MAX + 1];
    for (size_t g = 0; g < L->count; g++) {
        struct zj_ngram *x = &L->items[g];
        uint32_t p = x->prefix, s = x->suffix;
        for (size_t k = n - 1; k >= 1; k--) {
            pre[k] = c->levels[k].items[p].count, suf[k] = c->levels[k].items[s].count;
            if (k > 1) p = c->levels[k].items[p].prefix, s = c->levels[k].items[s].suffix;
        }
        double best = INFINITY;
        for (size_t k = 1; k < n; k++) {
            double v = log2((double)x->count * total / (pre[k] * suf[n - k]));
            if (v < best) best = v;
        }
        x->pmi = (float)best;
    }
}

void zj_ngram_count(struct zj_ngram_corpus *c, const struct zj_ngram_opts *opts)
{
    size_t maxn = opts->max_chars < ZJ_NGRAM_MAX ? opts->max_chars : ZJ_NGRAM_MAX;
    c->nlevels = 0;
    if (maxn == 0) return;
    /* the counting reads the text at random: on huge pages, TLB misses are rare */
    uint16_t *huge = zj_xmalloc_huge((c->len + 1) * sizeof *huge);
    if (c->len) memcpy(huge, c->text, c->len * sizeof *huge);
    free(c->text);
    c->text = huge, c->alloc = c->len + 1;
    struct counting k;
    counting_init(&k, c, opts);
    struct scratch *s = scratch_make(&k);
    uint32_t *first = level_one(&k, s);
    scratch_free(NULL, s);
    c->nlevels = 1;
    for (size_t n = 1; n <= maxn && c->levels[n].count; n++) {
        first = grow(&k, n, n < maxn, first);
        if (n < maxn) c->nlevels = n + 1;
    }
    free(first);
    for (size_t n = 2; n <= c->nlevels; n++) cohesion(c, n);
    counting_release(&k);
}

/* ---- per-year counts of a selection ---------------------------------- */

void zj_ngram_count_by_year(const struct zj_ngram_corpus *c, const struct zj_ngram_ref *sel,
                            size_t k, const int *years, size_t nyears, uint32_t *out)
{
    size_t nslots = 64;
    while (nslots < 4 * k) nslots *= 2;
    uint32_t *slots = zj_xcalloc(nslots, sizeof *slots);
    size_t maxn = 0;
    for (size_t i = 0; i < k; i++) {
        const struct zj_ngram *g = &c->levels[sel[i].n].items[sel[i].item];
        size_t s = slot_of(g->hash ^ sel[i].n, nslots);
        while (slots[s]) s = (s + 1) & (nslots - 1);
        slots[s] = (uint32_t)i + 1;
        if (sel[i].n > maxn) maxn = sel[i].n;
    }
    for (size_t d = 0; d < c->ndocs; d++) {
        size_t y = 0;
        while (y < nyears && years[y] != c->docs[d].year) y++;
        if (y == nyears) continue;
        for (size_t i = c->docs[d].start; i < c->docs[d].end; i++) {
            uint64_t h = 0;
            for (size_t n = 1; n <= maxn && c->text[i + n - 1] >= ZJ_NGRAM_FIRST_CHAR; n++) {
                h = h * MUL + c->text[i + n - 1] + 1;
                for (size_t s = slot_of(h ^ n, nslots); slots[s]; s = (s + 1) & (nslots - 1)) {
                    const struct zj_ngram_ref *r = &sel[slots[s] - 1];
                    const struct zj_ngram *g = &c->levels[r->n].items[r->item];
                    if (r->n == n && g->hash == h && same(c->text, g->pos, (uint32_t)i, n))
                        out[(slots[s] - 1) * nyears + y]++;
                }
            }
        }
    }
    free(slots);
}

/*
 * ngram.c - see ngram.h.
 *
 * How the trie grows.  The occurrences of an n-gram, in text order, split
 * by the character after each into its children's occurrences, which stay
 * in text order.  One pass over an n-gram's occurrences reads the symbol
 * before each (left entropy) and after it, which is at once its right
 * neighbour (right entropy) and its extension (the children and their
 * counts): no hashing while counting, and a child seen fewer than
 * min_count times is known from the tally without being written out.
 *
 * The occurrences are held in one of two ways:
 *  - breadth-first, for n-grams of more than deep_max occurrences (the
 *    characters, the most frequent pairs): lists of text offsets in one
 *    array, occ, rewritten in place level by level (children's lists are
 *    never longer than their parent's) and given back to the system as the
 *    ranges are done.  Every occurrence costs a read of the text at random
 *    per level.
 *  - depth-first, for all the others: the text around each occurrence (all
 *    the symbols any level can need) and its document are read once into a
 *    record, and the n-gram's whole subtree is counted from the records,
 *    split level after level between two buffers of the worker's.  Reading
 *    the text at random once per occurrence instead of once per occurrence
 *    and level is most of the speed (bench/RESULTS.md: 35 s to 5 s of
 *    CPU on 100 MB).
 * An n-gram whose occurrences all continue with the same character hands
 * them to its one child, with its documents, units and left entropy.
 *
 * Entropies are summed over the symbols in order of first appearance in
 * text order: floating-point sums depend on the order, and this one is the
 * one the output has always had.
 *
 * The breadth-first front is cut into ranges for the workers; a range
 * writes only its own part of occ and its own item lists, joined in range
 * order.  The items and every figure are the same for any thread count and
 * any deep_max (tests/unit/test_ngram.c varies both); only the order of the
 * items within a level changes, and nothing in the output depends on it
 * (phrase.c ranks by score, count, then text).
 *
 * An n-gram's hash, h = (...((id1+1)·B + id2+1)·B ...) mod 2^64, extends
 * its prefix's by one multiply-add; the level tables (zj_ngram_find, the
 * suffix links, the per-year counts) compare the ids or the prefix link on
 * a hash match, so a collision never merges two n-grams.
 */
#define _GNU_SOURCE /* qsort_r */
#include "discover/ngram.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
    /* room for the whole document (at most one id per byte, and the edge):
     * push need not check */
    if (c->len + len + 1 > c->alloc) {
        c->alloc = 2 * c->alloc > c->len + len + 1 ? 2 * c->alloc : c->len + len + 1 + 4096;
        c->text = zj_xrealloc(c->text, c->alloc * sizeof *c->text);
    }
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)zj_utf8_next((const uint8_t *)text + i, &cp);
        if (cp < 0x10000 && c->id_of_bmp[cp]) /* a character seen before: most of them */
            c->text[c->len++] = c->id_of_bmp[cp], c->han_chars++;
        else
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

enum {
    DOC_SHIFT = 10, /* doc_block granularity, in text offsets */
    AHEAD = 16,     /* occurrences read ahead of their use */
    NO_LIST = UINT32_MAX,
    DEEP_MAX = 1 << 17, /* default deep_max (records per worker: up to 2x, 44 bytes each) */
};

/* An occurrence with the text around it, read once: sym[j] = text[pos - 1 + j],
 * so sym[0] is the left neighbour and sym[n + 1] the right one of the
 * n-gram starting at pos. */
struct record {
    uint32_t pos, doc;
    uint16_t sym[ZJ_NGRAM_MAX + 2];
};

/* What spread needs of a document, in one place: its unit numbered
 * 0 .. nunits-1 (callers may use any 32-bit numbers; the stamps want them
 * dense) and its year. */
struct doc_tag {
    uint32_t unit;
    int year;
};

/* What every worker reads. */
struct counting {
    struct zj_ngram_corpus *c;
    const struct zj_ngram_opts *o;
    size_t maxn, deep_max;
    uint32_t *occ;        /* occurrence lists of the breadth-first items, rewritten in place */
    uint32_t *doc_block;  /* text offset >> DOC_SHIFT -> first document ending after it */
    struct doc_tag *tags; /* per document */
    double *plogp;        /* plogp_table() */
    size_t nunits;
};

/* Items of one level (a growable array). */
struct items {
    struct zj_ngram *g;
    size_t count, alloc;
};

/* The breadth-first items of a level: item index and list offset in occ. */
struct front {
    uint32_t *item, *first;
    size_t count, alloc;
};

/* A run of front items and everything grown from them: items per level
 * (prefix links local to the range above the first level grown), and the
 * children counted breadth-first next. */
struct range {
    size_t lo, hi;
    struct items out[ZJ_NGRAM_MAX + 1];
    struct front next;
};

/* One breadth-first level: front items of n characters. */
struct growth {
    struct counting *k;
    size_t n;
    const struct front *front;
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

/* A child to be counted: its character and occurrences. */
struct kid {
    uint16_t sym;
    uint32_t count;
};

/* A worker's own arrays. */
struct scratch {
    struct tally left, right;
    uint32_t *fill;        /* symbol -> next slot of its child's list */
    uint32_t *pos, cap;    /* a copy of a breadth-first parent's list ... */
    uint16_t *next;        /* ... and the symbol after each occurrence */
    struct record *rec[2]; /* records of a depth-first subtree, and their split */
    size_t rec_cap;
    struct kid *kids; /* a stack: each node's children above its parent's */
    size_t nkids, kids_alloc;
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
    if (t->stamp[sym] != t->mark)
        t->stamp[sym] = t->mark, t->count[sym] = 0, t->seen[t->nseen++] = sym;
    t->count[sym]++;
}

static double plogp(double k, double total)
{
    double p = k / total;
    return -p * log2(p);
}

/* plogp(k, total) for total <= PLOGP_SMALL, at [total * (PLOGP_SMALL + 1) + k]:
 * most n-grams occur a few times, and log2 was a tenth of the work. */
enum { PLOGP_SMALL = 64 };

static double *plogp_table(void)
{
    double *t = zj_xcalloc((PLOGP_SMALL + 1) * (PLOGP_SMALL + 1), sizeof *t);
    for (size_t total = 1; total <= PLOGP_SMALL; total++)
        for (size_t k = 1; k <= total; k++)
            t[total * (PLOGP_SMALL + 1) + k] = plogp((double)k, (double)total);
    return t;
}

/* Entropy in bits, summed in order of first appearance (the order is part
 * of the result: floating-point sums are not associative). */
static double tally_entropy(const struct tally *t, size_t total, const double *small)
{
    double h = 0;
    if (total <= PLOGP_SMALL)
        for (size_t j = 0; j < t->nseen; j++)
            h += small[total * (PLOGP_SMALL + 1) + t->count[t->seen[j]]];
    else
        for (size_t j = 0; j < t->nseen; j++)
            h += plogp(t->count[t->seen[j]], (double)total);
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
    free(s->fill), free(s->pos), free(s->next), free(s->rec[0]), free(s->rec[1]);
    free(s->kids), free(s->unit_stamp), free(s);
}

/* The document holding text offset pos (pos lies in some document). */
static size_t doc_at(const struct counting *k, uint32_t pos)
{
    size_t lo = k->doc_block[pos >> DOC_SHIFT], hi = k->doc_block[(pos >> DOC_SHIFT) + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k->c->docs[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Counts document d for n-gram g: documents, units, first year.  Called
 * once per document, documents in text order. */
static void spread_doc(const struct counting *k, struct scratch *s, size_t d, struct zj_ngram *g)
{
    int year = k->tags[d].year;
    uint32_t u = k->tags[d].unit;
    g->docs++;
    g->units += s->unit_stamp[u] != s->unit_mark; /* no branch: a new unit is a coin toss */
    s->unit_stamp[u] = s->unit_mark;
    if (year && (!g->first_year || year < g->first_year)) g->first_year = year;
}

/* Documents, units and first year from an occurrence list (ascending): a
 * document's occurrences are consecutive, so documents are looked up only
 * where the list leaves one. */
static void spread(const struct counting *k, struct scratch *s, const uint32_t *list, size_t nocc,
                   struct zj_ngram *g)
{
    size_t end = 0;
    s->unit_mark++;
    for (size_t j = 0; j < nocc; j++) {
        if (list[j] < end) continue;
        size_t d = doc_at(k, list[j]);
        end = k->c->docs[d].end;
        spread_doc(k, s, d, g);
    }
}

/* The same from records, which carry their document. */
static void spread_records(const struct counting *k, struct scratch *s, const struct record *r,
                           size_t nocc, struct zj_ngram *g)
{
    uint32_t prev = UINT32_MAX, mark = ++s->unit_mark;
    int64_t first = INT64_MAX;
    for (size_t j = 0; j < nocc; j++) { /* no branches: a new document is a coin toss */
        uint32_t d = r[j].doc, fresh = d != prev, u = k->tags[d].unit;
        int64_t year = k->tags[d].year ? k->tags[d].year : INT64_MAX;
        prev = d;
        g->docs += fresh;
        g->units += fresh & (s->unit_stamp[u] != mark);
        s->unit_stamp[u] = mark;
        first = year < first ? year : first;
    }
    if (first != INT64_MAX && (!g->first_year || first < g->first_year)) g->first_year = (int)first;
}

static int keeps(const struct zj_ngram *g, const struct zj_ngram_opts *o)
{
    return g->count >= o->min_count && g->docs >= o->min_docs && g->units >= o->min_units;
}

/* Documents grouped in blocks of text for doc_at, and their tags. */
static void counting_init(struct counting *k, struct zj_ngram_corpus *c,
                          const struct zj_ngram_opts *o)
{
    memset(k, 0, sizeof *k);
    k->c = c, k->o = o;
    k->maxn = o->max_chars < ZJ_NGRAM_MAX ? o->max_chars : ZJ_NGRAM_MAX;
    k->deep_max = o->deep_max ? o->deep_max : DEEP_MAX;
    k->plogp = plogp_table();
    size_t nblocks = (c->len >> DOC_SHIFT) + 2, d = 0;
    k->doc_block = zj_xmalloc(nblocks * sizeof *k->doc_block);
    for (size_t b = 0; b < nblocks; b++) {
        while (d < c->ndocs && c->docs[d].end <= (b << DOC_SHIFT))
            d++;
        k->doc_block[b] = (uint32_t)d;
    }
    uint32_t *units = zj_xmalloc((c->ndocs + 1) * sizeof *units);
    for (d = 0; d < c->ndocs; d++)
        units[d] = c->docs[d].unit;
    qsort(units, c->ndocs, sizeof *units, cmp_u32);
    for (d = 0; d < c->ndocs; d++)
        if (!k->nunits || units[k->nunits - 1] != units[d]) units[k->nunits++] = units[d];
    k->tags = zj_xmalloc((c->ndocs + 1) * sizeof *k->tags);
    for (d = 0; d < c->ndocs; d++) {
        const uint32_t *u = bsearch(&c->docs[d].unit, units, k->nunits, sizeof *units, cmp_u32);
        k->tags[d].unit = (uint32_t)(u - units), k->tags[d].year = c->docs[d].year;
    }
    free(units);
}

static void counting_release(struct counting *k)
{
    free(k->occ), free(k->doc_block), free(k->tags), free(k->plogp);
}

/* Appends an item; returns its index. */
static uint32_t items_add(struct items *it, const struct zj_ngram *g)
{
    it->g = zj_xgrow(it->g, sizeof *it->g, it->count + 1, &it->alloc);
    it->g[it->count] = *g;
    return (uint32_t)it->count++;
}

static void front_add(struct front *f, uint32_t item, uint32_t first)
{
    if (f->count == f->alloc) {
        f->alloc = f->alloc ? 2 * f->alloc : 256;
        f->item = zj_xrealloc(f->item, f->alloc * sizeof *f->item);
        f->first = zj_xrealloc(f->first, f->alloc * sizeof *f->first);
    }
    f->item[f->count] = item, f->first[f->count++] = first;
}

static void front_release(struct front *f)
{
    free(f->item), free(f->first);
    memset(f, 0, sizeof *f);
}

/* Level 1: the occurrences of every character seen at least min_count
 * times, grouped by character, ascending within a character; characters
 * also below min_docs or min_units dropped.  All of them make the first
 * breadth-first front. */
static void level_one(struct counting *k, struct scratch *s, struct front *f)
{
    struct zj_ngram_corpus *c = k->c;
    uint32_t *count = zj_xcalloc(0x10000, sizeof *count), *fill = s->fill;
    for (size_t i = 0; i < c->len; i++)
        count[c->text[i]]++;
    size_t total = 0;
    for (size_t id = 0; id < 0x10000; id++) {
        int listed = id >= ZJ_NGRAM_FIRST_CHAR && count[id] >= k->o->min_count;
        fill[id] = listed ? (uint32_t)total : NO_LIST;
        if (listed) total += count[id];
    }
    k->occ = zj_xmalloc((total + 1) * sizeof *k->occ);
    for (size_t i = 0; i < c->len; i++)
        if (fill[c->text[i]] != NO_LIST) k->occ[fill[c->text[i]]++] = (uint32_t)i;
    struct items L1 = {0};
    size_t from = 0, to = 0;
    for (size_t id = ZJ_NGRAM_FIRST_CHAR; id < 0x10000; id++) {
        if (count[id] < k->o->min_count) continue;
        struct zj_ngram g = {.pos = k->occ[from], .count = count[id], .hash = (uint64_t)id + 1};
        spread(k, s, k->occ + from, count[id], &g);
        if (keeps(&g, k->o)) {
            memmove(k->occ + to, k->occ + from, count[id] * sizeof *k->occ);
            front_add(f, items_add(&L1, &g), (uint32_t)to);
            to += count[id];
        }
        from += count[id];
    }
    free(count);
    c->levels[1].items = L1.g, c->levels[1].count = L1.count, c->levels[1].alloc = L1.alloc;
}

/* Pushes the children worth counting of the node tallied in s->right (a
 * character, seen at least min_count times) on the kids stack, and points
 * fill at their slots, from `at` on in order of first appearance. */
static size_t push_kids(const struct counting *k, struct scratch *s, size_t at)
{
    const struct tally *t = &s->right;
    size_t base = s->nkids;
    for (size_t j = 0; j < t->nseen; j++) {
        uint16_t sym = t->seen[j];
        int listed = sym >= ZJ_NGRAM_FIRST_CHAR && t->count[sym] >= k->o->min_count;
        s->fill[sym] = listed ? (uint32_t)at : NO_LIST;
        if (!listed) continue;
        s->kids = zj_xgrow(s->kids, sizeof *s->kids, s->nkids + 1, &s->kids_alloc);
        s->kids[s->nkids++] = (struct kid){sym, t->count[sym]};
        at += t->count[sym];
    }
    return base;
}

static void set_entropies(const struct counting *k, struct zj_ngram *g, const struct scratch *s)
{
    g->left_entropy = (float)tally_entropy(&s->left, g->count, k->plogp);
    g->right_entropy = (float)tally_entropy(&s->right, g->count, k->plogp);
}

/* ---- depth-first: an n-gram's whole subtree from its records ---------- */

static void deep_node(const struct growth *gr, struct scratch *s, struct range *r, size_t n,
                      uint32_t item, struct record *x, struct record *y, size_t a, int same_left);

/* Tallies the neighbours of the nocc records x[a ..) of an n-gram of n
 * characters: the right ones always, the left ones unless known. */
static void tally_records(struct scratch *s, const struct record *x, size_t a, size_t nocc,
                          size_t n, int same_left)
{
    tally_begin(&s->left), tally_begin(&s->right);
    if (same_left)
        for (size_t j = a; j < a + nocc; j++)
            tally_add(&s->right, x[j].sym[n + 1]);
    else
        for (size_t j = a; j < a + nocc; j++)
            tally_add(&s->left, x[j].sym[0]), tally_add(&s->right, x[j].sym[n + 1]);
}

/* Splits the records x[a ..) of item (level n) into its children's, in y
 * at the same offsets, and counts each child that passes the thresholds. */
static void deep_children(const struct growth *gr, struct scratch *s, struct range *r, size_t n,
                          uint32_t item, struct record *x, struct record *y, size_t a)
{
    const struct counting *k = gr->k;
    size_t nocc = r->out[n].g[item].count, base = push_kids(k, s, a), top = s->nkids;
    for (size_t j = a; j < a + nocc; j++) {
        uint32_t f = s->fill[x[j].sym[n + 1]];
        if (f != NO_LIST) y[f] = x[j], s->fill[x[j].sym[n + 1]] = f + 1;
    }
    uint64_t h = r->out[n].g[item].hash;
    for (size_t i = base, from = a; i < top; from += s->kids[i++].count) {
        struct zj_ngram g = {.pos = y[from].pos,
                             .prefix = item,
                             .count = s->kids[i].count,
                             .hash = h * MUL + s->kids[i].sym + 1};
        spread_records(k, s, y + from, g.count, &g);
        if (keeps(&g, k->o))
            deep_node(gr, s, r, n + 1, items_add(&r->out[n + 1], &g), y, x, from, 0);
    }
    s->nkids = base;
}

/* Counts the n-gram `item` of level n (in r->out[n]) whose occurrences are
 * x[a .. a + count), and below it every extension that passes the
 * thresholds.  Children are split off into y at the same offsets (records
 * keep ascending order); a node's records are dead once split, so the two
 * buffers take turns level after level.  same_left: the records are the
 * parent's, all of them (the one way it continued), so the left entropy,
 * documents and units are the parent's too (left in item by the caller). */
static void deep_node(const struct growth *gr, struct scratch *s, struct range *r, size_t n,
                      uint32_t item, struct record *x, struct record *y, size_t a, int same_left)
{
    const struct counting *k = gr->k;
    struct zj_ngram *g = &r->out[n].g[item];
    tally_records(s, x, a, g->count, n, same_left);
    if (!same_left) g->left_entropy = (float)tally_entropy(&s->left, g->count, k->plogp);
    g->right_entropy = (float)tally_entropy(&s->right, g->count, k->plogp);
    if (n == k->maxn) return;
    const struct tally *t = &s->right;
    uint16_t only = t->seen[0];
    if (t->nseen == 1 && only >= ZJ_NGRAM_FIRST_CHAR) {
        /* one continuation, always the same character: no split */
        struct zj_ngram child = *g;
        child.prefix = item, child.suffix = 0, child.hash = g->hash * MUL + only + 1;
        deep_node(gr, s, r, n + 1, items_add(&r->out[n + 1], &child), x, y, a, 1);
        return;
    }
    deep_children(gr, s, r, n, item, x, y, a);
}

/* Reads the records of nocc occurrences (ascending) into s->rec[0]. */
static struct record *read_records(const struct counting *k, struct scratch *s,
                                   const uint32_t *list, size_t nocc)
{
    const uint16_t *text = k->c->text;
    if (nocc > s->rec_cap) { /* grown to the largest subtree met, at most deep_max */
        s->rec_cap = 2 * s->rec_cap < nocc ? nocc : 2 * s->rec_cap;
        if (s->rec_cap > k->deep_max) s->rec_cap = k->deep_max;
        for (int i = 0; i < 2; i++)
            free(s->rec[i]), s->rec[i] = zj_xmalloc(s->rec_cap * sizeof *s->rec[i]);
    }
    struct record *x = s->rec[0];
    size_t end = 0, d = 0;
    for (size_t j = 0; j < nocc; j++) {
        if (j + AHEAD < nocc)
            zj_prefetch(text + list[j + AHEAD] - 1), zj_prefetch(text + list[j + AHEAD] + k->maxn);
        if (list[j] >= end) d = doc_at(k, list[j]), end = k->c->docs[d].end;
        x[j].pos = list[j], x[j].doc = (uint32_t)d;
        memcpy(x[j].sym, text + list[j] - 1, sizeof x[j].sym); /* fixed size: no call */
    }
    return x;
}

/* ---- breadth-first: the n-grams too frequent for records ------------- */

/* Reads the symbol before and after each occurrence of front item f: its
 * neighbour entropies (levels >= 2) and, in s->right, how often each
 * extension occurs.  The list is copied to s, free to be overwritten. */
static void read_neighbours(const struct growth *gr, struct scratch *s, size_t f)
{
    struct zj_ngram_corpus *c = gr->k->c;
    struct zj_ngram *g = &c->levels[gr->n].items[gr->front->item[f]];
    const uint32_t *list = gr->k->occ + gr->front->first[f];
    const uint16_t *text = c->text;
    size_t nocc = g->count, n = gr->n;
    if (nocc > s->cap) {
        s->cap = (uint32_t)nocc;
        free(s->pos), free(s->next);
        s->pos = zj_xmalloc(nocc * sizeof *s->pos), s->next = zj_xmalloc(nocc * sizeof *s->next);
    }
    tally_begin(&s->left), tally_begin(&s->right);
    for (size_t j = 0; j < nocc; j++) {
        if (j + AHEAD < nocc) zj_prefetch(text + list[j + AHEAD] + n);
        uint32_t pos = list[j];
        s->pos[j] = pos, s->next[j] = text[pos + n];
        tally_add(&s->right, text[pos + n]);
        if (n >= 2) tally_add(&s->left, text[pos - 1]);
    }
    if (n >= 2) set_entropies(gr->k, g, s);
}

/* Splits front item f's occurrences (read into s) by the character after
 * them into its children's lists, written from occ[*w] on.  A child small
 * enough is counted on depth-first from its records if it passes the
 * thresholds; a larger one that passes joins the next front, its list kept.  The lists together are
 * no longer than f's, which is why the writes never reach a list not yet read. */
static void split(const struct growth *gr, struct scratch *s, struct range *r, size_t f, size_t *w)
{
    struct counting *k = gr->k;
    uint32_t p = gr->front->item[f];
    const struct zj_ngram *parent = &k->c->levels[gr->n].items[p];
    size_t base = push_kids(k, s, *w), top = s->nkids;
    for (size_t j = 0; j < parent->count; j++) {
        uint32_t at = s->fill[s->next[j]];
        if (at != NO_LIST) k->occ[at] = s->pos[j], s->fill[s->next[j]] = at + 1;
    }
    size_t to = *w;
    for (size_t i = base, from = *w; i < top; from += s->kids[i++].count) {
        struct zj_ngram g = {.pos = k->occ[from],
                             .prefix = p,
                             .count = s->kids[i].count,
                             .hash = parent->hash * MUL + s->kids[i].sym + 1};
        if (g.count <= k->deep_max) { /* the records carry the documents: no lookups twice */
            struct record *x = read_records(k, s, k->occ + from, g.count);
            spread_records(k, s, x, g.count, &g);
            if (keeps(&g, k->o))
                deep_node(gr, s, r, gr->n + 1, items_add(&r->out[gr->n + 1], &g), x, s->rec[1], 0,
                          0);
            continue;
        }
        spread(k, s, k->occ + from, g.count, &g);
        if (!keeps(&g, k->o)) continue;
        memmove(k->occ + to, k->occ + from, g.count * sizeof *k->occ);
        front_add(&r->next, items_add(&r->out[gr->n + 1], &g), (uint32_t)to);
        to += g.count;
    }
    s->nkids = base;
    *w = to;
}

/* Gives the whole pages of [from, to) back to the system: the level-one
 * lists are a third of the memory, and most of them are dead once their
 * range is done, while the items counted depth-first are still growing. */
static void release_pages(void *from, void *to)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)from + page - 1) / page * page, b = (uintptr_t)to / page * page;
    if (a < b) madvise((void *)a, b - a, MADV_DONTNEED);
}

static void grow_range(void *ctx, void *scratch, size_t i)
{
    const struct growth *gr = ctx;
    struct range *r = &gr->ranges[i];
    const struct front *fr = gr->front;
    size_t w = fr->first[r->lo];
    for (size_t f = r->lo; f < r->hi; f++) {
        read_neighbours(gr, scratch, f);
        if (gr->n < gr->k->maxn) split(gr, scratch, r, f, &w);
    }
    size_t end = fr->first[r->hi - 1] + gr->k->c->levels[gr->n].items[fr->item[r->hi - 1]].count;
    release_pages(gr->k->occ + w, gr->k->occ + end); /* the lists kept are below w */
}

/* Cuts the front into ranges of about equal work (occurrences) for the
 * workers; where the cuts fall changes nothing in the result. */
static size_t cut_ranges(const struct growth *gr, struct range **out)
{
    const struct zj_ngram *items = gr->k->c->levels[gr->n].items;
    size_t total = 0, acc = 0, nr = 0, nf = gr->front->count;
    for (size_t f = 0; f < nf; f++)
        total += items[gr->front->item[f]].count;
    size_t target = total / 256 > 16384 ? total / 256 : 16384;
    struct range *r = zj_xcalloc(total / target + 2, sizeof *r);
    for (size_t f = 0; f < nf; f++) {
        acc += items[gr->front->item[f]].count;
        if (acc >= target || f + 1 == nf) r[nr].hi = f + 1, r[nr + 1].lo = f + 1, nr++, acc = 0;
    }
    *out = r;
    return nr;
}

/* Appends a range's items to the levels, in range order; prefix links
 * below the first level grown become global, and so do the next front's,
 * whose lists move to occ[*at ..). */
static void join_range(struct counting *k, size_t n, struct range *r, struct front *next,
                       uint32_t *occ, size_t *at)
{
    struct zj_ngram_corpus *c = k->c;
    size_t base[ZJ_NGRAM_MAX + 1];
    for (size_t j = 0; j < r->next.count; j++) {
        size_t nocc = r->out[n + 1].g[r->next.item[j]].count;
        memcpy(occ + *at, k->occ + r->next.first[j], nocc * sizeof *occ);
        front_add(next, r->next.item[j] + (uint32_t)c->levels[n + 1].count, (uint32_t)*at);
        *at += nocc;
    }
    front_release(&r->next);
    for (size_t m = n + 1; m <= ZJ_NGRAM_MAX; m++) {
        struct zj_ngram_level *L = &c->levels[m];
        struct items *it = &r->out[m];
        base[m] = L->count;
        if (!it->count) continue;
        L->items = zj_xgrow(L->items, sizeof *L->items, L->count + it->count, &L->alloc);
        memcpy(L->items + L->count, it->g, it->count * sizeof *it->g);
        if (m > n + 1)
            for (size_t j = 0; j < it->count; j++)
                L->items[L->count + j].prefix += (uint32_t)base[m - 1];
        L->count += it->count;
        free(it->g);
    }
}

/* One breadth-first level: the front's entropies and children, and the
 * subtrees of the children counted depth-first.  Returns the next front,
 * its lists in a new occ sized to them (the old one is mostly dead by
 * then: most n-grams are counted depth-first). */
static struct front grow(struct counting *k, size_t n, struct front *front)
{
    struct growth gr = {k, n, front, NULL, 0};
    gr.nranges = cut_ranges(&gr, &gr.ranges);
    struct zj_parallel run = {gr.nranges, 1, &gr, scratch_new, scratch_free, grow_range};
    zj_parallel_run(&run, k->o->threads);
    size_t total = 0, at = 0;
    for (size_t i = 0; i < gr.nranges; i++)
        for (size_t j = 0; j < gr.ranges[i].next.count; j++)
            total += gr.ranges[i].out[n + 1].g[gr.ranges[i].next.item[j]].count;
    uint32_t *occ = zj_xmalloc((total + 1) * sizeof *occ);
    struct front next = {0};
    for (size_t i = 0; i < gr.nranges; i++)
        join_range(k, n, &gr.ranges[i], &next, occ, &at);
    free(k->occ);
    k->occ = occ;
    free(gr.ranges);
    front_release(front);
    return next;
}

/* ---- links and cohesion ---------------------------------------------- */

/* Makes the table of level L hold exactly its items. */
static void level_index(struct zj_ngram_level *L)
{
    size_t nslots = 1024;
    while (nslots < 2 * L->count + 2)
        nslots *= 2;
    rehash(L, nslots);
}

/* The item of level L with the given prefix (in the level below) and hash. */
static uint32_t find_extension(const struct zj_ngram_level *L, uint32_t prefix, uint64_t h)
{
    for (size_t s = slot_of(h, L->nslots); L->slots[s]; s = (s + 1) & (L->nslots - 1)) {
        const struct zj_ngram *g = &L->items[L->slots[s] - 1];
        if (g->hash == h && g->prefix == prefix) return L->slots[s] - 1;
    }
    assert(!"an n-gram kept whose suffix was not");
    return 0;
}

enum { BOND_CHUNK = 4096 }; /* items of a level a worker takes at once */

/* The suffix links of items [lo, hi) of level n (n >= 2), at most
 * BOND_CHUNK of them.  The suffix of x = p·c (p its prefix) is the
 * extension of p's suffix by c (level n - 1 is linked already), found by
 * hash.  That takes three reads at random one after the other (the
 * suffix's hash, the table slot, the item), so each is done for the whole
 * chunk before the next, their cache misses in flight together. */
static void link_chunk(const struct zj_ngram_corpus *c, size_t n, size_t lo, size_t hi)
{
    const struct zj_ngram_level *P = &c->levels[n - 1];
    struct zj_ngram *items = c->levels[n].items;
    uint64_t h[BOND_CHUNK];
    uint32_t q[BOND_CHUNK];
    for (size_t g = lo; g < hi; g++) {
        q[g - lo] = n == 2 ? 0 : P->items[items[g].prefix].suffix;
        if (n > 2) zj_prefetch(&c->levels[n - 2].items[q[g - lo]]);
    }
    for (size_t g = lo; g < hi; g++) {
        uint64_t hq = n == 2 ? 0 : c->levels[n - 2].items[q[g - lo]].hash;
        uint64_t last = items[g].hash - P->items[items[g].prefix].hash * MUL; /* c + 1 */
        h[g - lo] = hq * MUL + last;
        zj_prefetch(&P->slots[slot_of(h[g - lo], P->nslots)]);
    }
    for (size_t g = lo; g < hi; g++) {
        uint32_t first = P->slots[slot_of(h[g - lo], P->nslots)];
        if (first) zj_prefetch(&P->items[first - 1]);
    }
    for (size_t g = lo; g < hi; g++)
        items[g].suffix = find_extension(P, q[g - lo], h[g - lo]);
}

/* Counts of the parts of level n's items: pre[g * n + k - 1] is the count of
 * the first k characters of item g, suf[g * n + k - 1] of the last k.  An
 * item's rows are its prefix's and suffix's (level n - 1) plus its own
 * count: two rows read per item, instead of walking the links down. */
struct parts {
    uint32_t *pre, *suf;
};

/* One level's links, parts and cohesion, on all workers. */
struct bonding {
    struct zj_ngram_corpus *c;
    size_t n;
    struct parts below, t;
};

/* The weakest bond over the two-part splits of item x of level n:
 * log2(c(w) N / (c(x) c(y))) for w = xy, the smallest over the splits.
 * log2 is taken only of the ratios within 1e-9 (relative) of the
 * smallest: their logarithms differ from the smallest's by 1.4e-9 or more,
 * thousands of times log2's error (under 2 ulp), so no other can be the
 * smallest logarithm, and the result is the one of taking log2 of all. */
static float cohesion(const struct zj_ngram_corpus *c, size_t n, const struct zj_ngram *x,
                      const uint32_t *pre, const uint32_t *suf)
{
    double total = (double)c->han_chars, ratio[ZJ_NGRAM_MAX], least = INFINITY, best = INFINITY;
    for (size_t k = 1; k < n; k++) {
        ratio[k] = (double)x->count * total / ((double)pre[k - 1] * (double)suf[n - k - 1]);
        if (ratio[k] < least) least = ratio[k];
    }
    for (size_t k = 1; k < n; k++) {
        if (ratio[k] > least * (1 + 1e-9)) continue;
        double v = log2(ratio[k]);
        if (v < best) best = v;
    }
    return (float)best;
}

static void bond_chunk(void *ctx, void *scratch, size_t i)
{
    (void)scratch;
    struct bonding *b = ctx;
    size_t n = b->n, lo = i * BOND_CHUNK, hi = lo + BOND_CHUNK;
    struct zj_ngram_level *L = &b->c->levels[n];
    if (hi > L->count) hi = L->count;
    if (n > 1) link_chunk(b->c, n, lo, hi);
    for (size_t g = lo; g < hi; g++) {
        struct zj_ngram *x = &L->items[g];
        uint32_t *pre = b->t.pre + g * n, *suf = b->t.suf + g * n;
        if (g + 8 < hi && n > 1)
            zj_prefetch(b->below.suf + (size_t)L->items[g + 8].suffix * (n - 1));
        if (n > 1) {
            memcpy(pre, b->below.pre + (size_t)x->prefix * (n - 1), (n - 1) * sizeof *pre);
            memcpy(suf, b->below.suf + (size_t)x->suffix * (n - 1), (n - 1) * sizeof *suf);
        }
        pre[n - 1] = suf[n - 1] = x->count;
        if (n > 1) x->pmi = cohesion(b->c, n, x, pre, suf);
    }
}

/* Suffix links and cohesion, level after level (each needs the level below
 * linked); the items of a level on all workers. */
static void link_and_bond(struct zj_ngram_corpus *c, int threads)
{
    struct bonding b = {c, 0, {NULL, NULL}, {NULL, NULL}};
    for (b.n = 1; b.n <= c->nlevels; b.n++) {
        size_t count = c->levels[b.n].count;
        b.t.pre = zj_xmalloc((count * b.n + 1) * sizeof *b.t.pre);
        b.t.suf = zj_xmalloc((count * b.n + 1) * sizeof *b.t.suf);
        struct zj_parallel run = {
            (count + BOND_CHUNK - 1) / BOND_CHUNK, 1, &b, NULL, NULL, bond_chunk};
        zj_parallel_run(&run, threads);
        free(b.below.pre), free(b.below.suf);
        b.below = b.t;
    }
    free(b.below.pre), free(b.below.suf);
}

/* The text, padded for the records' reads past a document's end, on huge
 * pages: it is read at random, and TLB misses are then rare. */
static void text_to_huge(struct zj_ngram_corpus *c)
{
    size_t pad = ZJ_NGRAM_MAX + 2;
    uint16_t *huge = zj_xmalloc_huge((c->len + pad) * sizeof *huge);
    if (c->len) memcpy(huge, c->text, c->len * sizeof *huge);
    memset(huge + c->len, 0, pad * sizeof *huge);
    free(c->text);
    c->text = huge, c->alloc = c->len + pad;
}

void zj_ngram_count(struct zj_ngram_corpus *c, const struct zj_ngram_opts *opts)
{
    c->nlevels = 0;
    if (opts->max_chars == 0) return;
    text_to_huge(c);
    struct counting k;
    counting_init(&k, c, opts);
    struct scratch *s = scratch_make(&k);
    struct front front = {0};
    level_one(&k, s, &front);
    scratch_free(NULL, s);
    for (size_t n = 1; front.count; n++)
        front = grow(&k, n, &front);
    front_release(&front);
    counting_release(&k);
    /* as counted level by level: up to the first empty level */
    c->nlevels = 1;
    while (c->nlevels < k.maxn && c->levels[c->nlevels].count)
        c->nlevels++;
    for (size_t n = 1; n <= c->nlevels; n++)
        level_index(&c->levels[n]);
    link_and_bond(c, opts->threads);
}

/* ---- per-year counts of a selection ---------------------------------- */

void zj_ngram_count_by_year(const struct zj_ngram_corpus *c, const struct zj_ngram_ref *sel,
                            size_t k, const int *years, size_t nyears, uint32_t *out)
{
    size_t nslots = 64;
    while (nslots < 4 * k) nslots *= 2;
    uint32_t *slots = zj_xcalloc(nslots, sizeof *slots);
    uint8_t *starts = zj_xcalloc(0x10000, 1); /* first characters: most positions start none */
    size_t maxn = 0;
    for (size_t i = 0; i < k; i++) {
        const struct zj_ngram *g = &c->levels[sel[i].n].items[sel[i].item];
        starts[c->text[g->pos]] = 1;
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
            if (!starts[c->text[i]]) continue;
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
    free(slots), free(starts);
}

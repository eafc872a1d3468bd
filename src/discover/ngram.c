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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

#define MUL 0x2545F4914F6CDD1DULL

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
    L->slots = zj_xcalloc(nslots, sizeof *L->slots);
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

/* The item for the n-gram at text[pos], added (count 0) when new. */
static uint32_t find_or_add(struct zj_ngram_level *L, const uint16_t *text, uint32_t pos,
                            uint64_t h)
{
    if (2 * (L->count + 1) > L->nslots) rehash(L, L->nslots ? 2 * L->nslots : 1024);
    size_t s = slot_of(h, L->nslots);
    for (; L->slots[s]; s = (s + 1) & (L->nslots - 1)) {
        struct zj_ngram *g = &L->items[L->slots[s] - 1];
        if (g->hash == h && same(text, g->pos, pos, L->n)) return L->slots[s] - 1;
    }
    if (L->count == L->alloc) {
        L->alloc = L->alloc ? 2 * L->alloc : 1024;
        L->items = zj_xrealloc(L->items, L->alloc * sizeof *L->items);
    }
    struct zj_ngram *g = &L->items[L->count];
    memset(g, 0, sizeof *g);
    g->pos = pos, g->hash = h, g->last_doc = g->last_unit = UINT32_MAX;
    L->slots[s] = (uint32_t)L->count + 1;
    return (uint32_t)L->count++;
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

struct walk {
    struct zj_ngram_corpus *c;
    int32_t *alive;
    size_t *order; /* documents grouped by unit, so a unit's documents are consecutive */
};

static void bump(struct zj_ngram *g, uint32_t doc_seq, const struct zj_ngram_doc *d)
{
    g->count++;
    if (g->last_doc != doc_seq) g->docs++, g->last_doc = doc_seq;
    if (g->last_unit != d->unit) g->units++, g->last_unit = d->unit;
    if (d->year && (!g->first_year || d->year < g->first_year)) g->first_year = d->year;
}

/* Counts level n (n >= 1) into c->levels[n]; alive[] moves from level n-1. */
static void count_level(struct walk *w, size_t n)
{
    struct zj_ngram_corpus *c = w->c;
    struct zj_ngram_level *L = &c->levels[n], *P = &c->levels[n - 1];
    for (size_t k = 0; k < c->ndocs; k++) {
        const struct zj_ngram_doc *d = &c->docs[w->order[k]];
        for (size_t i = d->start; i < d->end; i++) {
            uint64_t h;
            if (n == 1) {
                if (c->text[i] < ZJ_NGRAM_FIRST_CHAR) { w->alive[i] = -1; continue; }
                h = (uint64_t)c->text[i] + 1;
            } else {
                int32_t a = w->alive[i], b = i + 1 < d->end ? w->alive[i + 1] : -1;
                if (a < 0 || b < 0) { w->alive[i] = -1; continue; }
                h = P->items[a].hash * MUL + c->text[i + n - 1] + 1;
            }
            uint32_t g = find_or_add(L, c->text, (uint32_t)i, h);
            if (n > 1 && L->items[g].count == 0)
                L->items[g].prefix = (uint32_t)w->alive[i], L->items[g].suffix = (uint32_t)w->alive[i + 1];
            bump(&L->items[g], (uint32_t)k, d);
            w->alive[i] = (int32_t)g;
        }
    }
}

static int keeps(const struct zj_ngram *g, const struct zj_ngram_opts *o)
{
    return g->count >= o->min_count && g->docs >= o->min_docs && g->units >= o->min_units;
}

/* Drops items below the thresholds and renumbers alive[] to match. */
static void prune(struct walk *w, size_t n, const struct zj_ngram_opts *o)
{
    struct zj_ngram_level *L = &w->c->levels[n];
    int32_t *remap = zj_xmalloc((L->count + 1) * sizeof *remap);
    size_t kept = 0;
    for (size_t k = 0; k < L->count; k++) {
        remap[k] = keeps(&L->items[k], o) ? (int32_t)kept : -1;
        if (remap[k] >= 0) L->items[kept++] = L->items[k];
    }
    L->count = kept;
    size_t nslots = 1024;
    while (nslots < 2 * kept + 2) nslots *= 2;
    rehash(L, nslots);
    for (size_t i = 0; i < w->c->len; i++)
        if (w->alive[i] >= 0) w->alive[i] = remap[w->alive[i]];
    free(remap);
}

static double plogp(double k, double total)
{
    double p = k / total;
    return -p * log2(p);
}

/* Entropy of the symbols text[occ[j] + delta] over one item's occurrences.
 * stamp/tally are indexed by symbol and shared between items: an entry
 * whose stamp is not this item's counts as zero, so nothing is cleared. */
static double side_entropy(const uint16_t *text, const uint32_t *occ, size_t nocc, long delta,
                           uint32_t item, uint32_t *stamp, uint32_t *tally, uint16_t *seen)
{
    size_t nseen = 0;
    for (size_t j = 0; j < nocc; j++) {
        uint16_t sym = text[(long)occ[j] + delta];
        if (stamp[sym] != item + 1) stamp[sym] = item + 1, tally[sym] = 0, seen[nseen++] = sym;
        tally[sym]++;
    }
    double h = 0;
    for (size_t j = 0; j < nseen; j++) h += plogp(tally[seen[j]], (double)nocc);
    return h;
}

/* Left and right neighbour entropy of every item of level n (alive[] holds
 * level n).  Occurrences are grouped by item (a counting sort), then each
 * item's neighbours are tallied in symbol-indexed arrays that stay in cache. */
static void entropies(struct walk *w, size_t n)
{
    struct zj_ngram_corpus *c = w->c;
    struct zj_ngram_level *L = &c->levels[n];
    uint32_t *start = zj_xcalloc(L->count + 1, sizeof *start);
    for (size_t i = 0; i < c->len; i++)
        if (w->alive[i] >= 0) start[w->alive[i] + 1]++;
    for (size_t g = 0; g < L->count; g++) start[g + 1] += start[g];
    uint32_t *occ = zj_xmalloc(((size_t)start[L->count] + 1) * sizeof *occ);
    uint32_t *fill = zj_xmalloc((L->count + 1) * sizeof *fill);
    memcpy(fill, start, L->count * sizeof *fill);
    for (size_t i = 0; i < c->len; i++)
        if (w->alive[i] >= 0) occ[fill[w->alive[i]]++] = (uint32_t)i;
    uint32_t *stamp = zj_xcalloc(0x10000, sizeof *stamp), *tally = zj_xcalloc(0x10000, sizeof *tally);
    uint16_t *seen = zj_xmalloc(0x10000 * sizeof *seen);
    for (size_t g = 0; g < L->count; g++) {
        const uint32_t *o = occ + start[g];
        size_t k = start[g + 1] - start[g];
        L->items[g].left_entropy = (float)side_entropy(c->text, o, k, -1, (uint32_t)(2 * g), stamp, tally, seen);
        L->items[g].right_entropy = (float)side_entropy(c->text, o, k, (long)n, (uint32_t)(2 * g + 1), stamp, tally, seen);
    }
    free(start), free(occ), free(fill), free(stamp), free(tally), free(seen);
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

static int by_unit(const void *pa, const void *pb, void *docs)
{
    const struct zj_ngram_doc *d = docs;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    uint32_t ua = d[a].unit, ub = d[b].unit;
    if (ua != ub) return ua < ub ? -1 : 1;
    return a < b ? -1 : a > b;
}

void zj_ngram_count(struct zj_ngram_corpus *c, const struct zj_ngram_opts *opts)
{
    struct walk w = {c, zj_xmalloc((c->len + 1) * sizeof *w.alive),
                     zj_xmalloc((c->ndocs + 1) * sizeof *w.order)};
    for (size_t i = 0; i < c->len; i++) w.alive[i] = -1;
    for (size_t k = 0; k < c->ndocs; k++) w.order[k] = k;
    qsort_r(w.order, c->ndocs, sizeof *w.order, by_unit, c->docs);
    size_t maxn = opts->max_chars < ZJ_NGRAM_MAX ? opts->max_chars : ZJ_NGRAM_MAX;
    c->nlevels = 0;
    for (size_t n = 1; n <= maxn; n++) {
        count_level(&w, n);
        prune(&w, n, opts);
        c->nlevels = n;
        if (n >= 2) entropies(&w, n);
        if (!c->levels[n].count) break;
    }
    for (size_t n = 2; n <= c->nlevels; n++) cohesion(c, n);
    free(w.alive), free(w.order);
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

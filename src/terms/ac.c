/*
 * ac.c - see ac.h.
 *
 * Construction: a trie is grown directly in the dense table (a row of
 * `ncls` entries per state, 0 = no child, since the root is never a child),
 * then a breadth-first pass fills failure transitions and the output chain
 * (`out_next`: the nearest proper suffix state that ends a pattern).
 * Finally states are renumbered so that output states come first.
 */
#include "terms/ac.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

struct zj_ac {
    uint8_t cls[256];
    uint32_t ncls;
    uint32_t nstates;
    uint32_t root;    /* premultiplied */
    uint32_t limit;   /* premultiplied: states below it emit output */
    uint32_t *next;   /* nstates * ncls, premultiplied targets */
    int32_t *pat;     /* per state: pattern ending here, or -1 */
    int32_t *out_next; /* per state: next state in the output chain, or -1 */
    uint32_t *plen;   /* per pattern: length in bytes */
    uint32_t maxlen;  /* longest pattern */
};

struct build {
    uint32_t *next; /* unmultiplied during construction */
    int32_t *pat, *fail, *out_next;
    size_t alloc_rows, nstates;
    uint32_t ncls;
};

static uint32_t new_state(struct build *b)
{
    size_t need = b->nstates + 1;
    if (need > b->alloc_rows) {
        size_t rows = b->alloc_rows;
        b->next = zj_xgrow(b->next, sizeof *b->next * b->ncls, need, &rows);
        b->pat = zj_xrealloc(b->pat, rows * sizeof *b->pat);
        b->fail = zj_xrealloc(b->fail, rows * sizeof *b->fail);
        b->out_next = zj_xrealloc(b->out_next, rows * sizeof *b->out_next);
        b->alloc_rows = rows;
    }
    uint32_t s = (uint32_t)b->nstates++;
    memset(b->next + (size_t)s * b->ncls, 0, b->ncls * sizeof *b->next);
    b->pat[s] = b->out_next[s] = -1;
    b->fail[s] = 0;
    return s;
}

static void add_pattern(struct build *b, const uint8_t *cls, const char *p, size_t len, int32_t id)
{
    uint32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t *slot = &b->next[(size_t)s * b->ncls + cls[(uint8_t)p[i]]];
        if (!*slot) {
            uint32_t t = new_state(b);
            slot = &b->next[(size_t)s * b->ncls + cls[(uint8_t)p[i]]];
            *slot = t;
        }
        s = *slot;
    }
    b->pat[s] = id;
}

/* Breadth-first: failure links, full transitions, output chains. */
static void link_states(struct build *b)
{
    uint32_t *queue = zj_xmalloc(b->nstates * sizeof *queue);
    size_t head = 0, tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t s = queue[head++];
        uint32_t *row = b->next + (size_t)s * b->ncls;
        const uint32_t *frow = b->next + (size_t)b->fail[s] * b->ncls;
        for (uint32_t c = 0; c < b->ncls; c++) {
            uint32_t t = row[c];
            int is_child = t != 0 && (s != 0 || c != 0 || t != 0);
            if (is_child) {
                b->fail[t] = s == 0 ? 0 : (int32_t)frow[c];
                int32_t f = b->fail[t];
                b->out_next[t] = b->pat[f] >= 0 ? f : b->out_next[f];
                queue[tail++] = t;
            } else {
                row[c] = s == 0 ? 0 : frow[c];
            }
        }
    }
    free(queue);
}

static void renumber(struct zj_ac *ac, struct build *b)
{
    uint32_t n = (uint32_t)b->nstates, *id = zj_xmalloc(n * sizeof *id), k = 0;
    for (uint32_t s = 0; s < n; s++)
        if (b->pat[s] >= 0 || b->out_next[s] >= 0) id[s] = k++;
    uint32_t nout = k;
    for (uint32_t s = 0; s < n; s++)
        if (!(b->pat[s] >= 0 || b->out_next[s] >= 0)) id[s] = k++;
    ac->nstates = n;
    ac->next = zj_xmalloc((size_t)n * ac->ncls * sizeof *ac->next);
    ac->pat = zj_xmalloc(n * sizeof *ac->pat);
    ac->out_next = zj_xmalloc(n * sizeof *ac->out_next);
    for (uint32_t s = 0; s < n; s++) {
        uint32_t *dst = ac->next + (size_t)id[s] * ac->ncls;
        for (uint32_t c = 0; c < ac->ncls; c++) dst[c] = id[b->next[(size_t)s * ac->ncls + c]] * ac->ncls;
        ac->pat[id[s]] = b->pat[s];
        ac->out_next[id[s]] = b->out_next[s] >= 0 ? (int32_t)id[b->out_next[s]] : -1;
    }
    ac->root = id[0] * ac->ncls;
    ac->limit = nout * ac->ncls;
    free(id);
}

struct zj_ac *zj_ac_new(const char *const *patterns, const size_t *lens, size_t n)
{
    struct zj_ac *ac = zj_xcalloc(1, sizeof *ac);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < lens[i]; j++) ac->cls[(uint8_t)patterns[i][j]] = 1;
    ac->ncls = 1;
    for (int c = 0; c < 256; c++) ac->cls[c] = ac->cls[c] ? (uint8_t)ac->ncls++ : 0;
    struct build b = {NULL, NULL, NULL, NULL, 0, 0, ac->ncls};
    new_state(&b);
    ac->plen = zj_xmalloc((n ? n : 1) * sizeof *ac->plen);
    for (size_t i = 0; i < n; i++) {
        add_pattern(&b, ac->cls, patterns[i], lens[i], (int32_t)i);
        ac->plen[i] = (uint32_t)lens[i];
        if (lens[i] > ac->maxlen) ac->maxlen = (uint32_t)lens[i];
    }
    link_states(&b);
    renumber(ac, &b);
    free(b.next), free(b.pat), free(b.fail), free(b.out_next);
    return ac;
}

void zj_ac_free(struct zj_ac *ac)
{
    if (!ac) return;
    free(ac->next), free(ac->pat), free(ac->out_next), free(ac->plen);
    free(ac);
}

size_t zj_ac_states(const struct zj_ac *ac)
{
    return ac->nstates;
}

size_t zj_ac_memory(const struct zj_ac *ac)
{
    return (size_t)ac->nstates * (ac->ncls * 4 + 8);
}

static void emit(const struct zj_ac *ac, uint32_t s, uint32_t end, struct zj_ac_matches *out)
{
    for (int32_t st = (int32_t)(s / ac->ncls); st >= 0; st = ac->out_next[st]) {
        int32_t p = ac->pat[st];
        if (p < 0) continue;
        out->items = zj_xgrow(out->items, sizeof *out->items, out->count + 1, &out->alloc);
        out->items[out->count++] = (struct zj_ac_match){end - ac->plen[p], ac->plen[p], (uint32_t)p};
    }
}

#define TWO_STREAMS_MIN 4096 /* below this, one stream is as fast */

static void scan_one(const struct zj_ac *ac, const uint8_t *t, size_t from, size_t to,
                     uint32_t *state, struct zj_ac_matches *out)
{
    const uint32_t *next = ac->next;
    const uint8_t *cls = ac->cls;
    uint32_t s = *state, limit = ac->limit;
    for (size_t i = from; i < to; i++) {
        s = next[(size_t)s + cls[t[i]]];
        if (__builtin_expect(s < limit, 0)) emit(ac, s, (uint32_t)(i + 1), out);
    }
    *state = s;
}

/*
 * Each step of a scan waits for the load of the step before, so one stream
 * leaves the core idle most of the time.  Two halves scanned in the same loop
 * overlap their loads.  The first half runs maxlen - 1 bytes past the middle
 * so matches crossing it are found, and keeps only matches starting before
 * the middle; the second starts fresh at the middle and finds the rest.
 */
void zj_ac_scan(const struct zj_ac *ac, const char *text, size_t len, struct zj_ac_matches *out)
{
    const uint8_t *t = (const uint8_t *)text;
    const uint32_t *next = ac->next;
    const uint8_t *cls = ac->cls;
    uint32_t limit = ac->limit, sa = ac->root, sb = ac->root;
    if (len < TWO_STREAMS_MIN || len / 4 < ac->maxlen || ac->maxlen == 0) {
        scan_one(ac, t, 0, len, &sa, out);
        return;
    }
    /* stream a: [0, end_a); stream b: [mid, len), n bytes; end_a < len */
    size_t mid = len / 2, end_a = mid + ac->maxlen - 1, n = len - mid;
    size_t both = end_a < n ? end_a : n;
    struct zj_ac_matches second = {NULL, 0, 0};
    size_t first_start = out->count;
    const uint8_t *tb = t + mid;
    size_t i = 0;
    for (; i + 2 <= both; i += 2) { /* two bytes of each stream per round */
        uint32_t a1 = next[(size_t)sa + cls[t[i]]], b1 = next[(size_t)sb + cls[tb[i]]];
        sa = next[(size_t)a1 + cls[t[i + 1]]];
        sb = next[(size_t)b1 + cls[tb[i + 1]]];
        /* one branch for four states: output states are rare */
        uint32_t lo = a1 < b1 ? a1 : b1, lo2 = sa < sb ? sa : sb;
        if (__builtin_expect((lo < lo2 ? lo : lo2) < limit, 0)) {
            if (a1 < limit) emit(ac, a1, (uint32_t)(i + 1), out);
            if (sa < limit) emit(ac, sa, (uint32_t)(i + 2), out);
            if (b1 < limit) emit(ac, b1, (uint32_t)(mid + i + 1), &second);
            if (sb < limit) emit(ac, sb, (uint32_t)(mid + i + 2), &second);
        }
    }
    scan_one(ac, t, i, end_a, &sa, out);
    scan_one(ac, t, mid + i, len, &sb, &second);
    size_t k = first_start;
    for (size_t h = first_start; h < out->count; h++)
        if (out->items[h].start < mid) out->items[k++] = out->items[h];
    out->count = k;
    out->items = zj_xgrow(out->items, sizeof *out->items, out->count + second.count, &out->alloc);
    if (second.count) memcpy(out->items + out->count, second.items, second.count * sizeof *second.items);
    out->count += second.count;
    free(second.items);
}

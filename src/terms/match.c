/*
 * match.c - see match.h.
 *
 * Candidates come from the automaton ordered by end offset, which is nearly
 * ordered by start, so an insertion sort puts them in (start, longest first)
 * order in close to linear time; the few regex candidates are merged in with
 * the same sort.  One greedy pass then picks the winners.
 */
#include "terms/match.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

#define REGEX_MATCH_LIMIT 1000000
#define REGEX_DEPTH_LIMIT 10000

void zj_matcher_init(struct zj_matcher *m, const struct zj_dict *dict)
{
    memset(m, 0, sizeof *m);
    m->dict = dict;
    m->md = pcre2_match_data_create(16, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(m->mctx, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mctx, REGEX_DEPTH_LIMIT);
}

void zj_matcher_release(struct zj_matcher *m)
{
    free(m->cand.items);
    zj_ac_scratch_release(&m->scan);
    free(m->all);
    free(m->rx);
    free(m->anchors.items);
    free(m->hits);
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    memset(m, 0, sizeof *m);
}

struct zj_matcher *zj_matcher_new(const struct zj_dict *dict)
{
    struct zj_matcher *m = zj_xmalloc(sizeof *m);
    zj_matcher_init(m, dict);
    return m;
}

void zj_matcher_free(void *arg, void *matcher)
{
    (void)arg;
    if (!matcher) return;
    zj_matcher_release(matcher);
    free(matcher);
}

/* A literal starting or ending with an ASCII word character must not be
 * glued to another one. */
static int at_word_edges(const char *t, size_t len, uint32_t s, uint32_t e)
{
    if (zj_is_ascii_word((uint8_t)t[s]) && s > 0 && zj_is_ascii_word((uint8_t)t[s - 1])) return 0;
    if (zj_is_ascii_word((uint8_t)t[e - 1]) && e < len && zj_is_ascii_word((uint8_t)t[e])) return 0;
    return 1;
}

/* Order: start ascending, longer first, literal before regex, entry order. */
static int hit_before(const struct zj_hit *a, const struct zj_hit *b)
{
    if (a->start != b->start) return a->start < b->start;
    if (a->end != b->end) return a->end > b->end;
    if (a->regex != b->regex) return a->regex < b->regex;
    return a->entry < b->entry;
}

static int hit_cmp(const void *a, const void *b)
{
    return hit_before(a, b) ? -1 : hit_before(b, a) ? 1 : 0;
}

/* Merges the sorted regex candidates into the sorted literal ones. */
static void merge_regex(struct zj_matcher *m)
{
    qsort(m->rx, m->nrx, sizeof *m->rx, hit_cmp);
    size_t u = 0;
    for (size_t i = 0; i < m->nrx; i++)
        if (!u || hit_cmp(&m->rx[u - 1], &m->rx[i])) m->rx[u++] = m->rx[i];
    m->nrx = u;
    size_t n = m->nall + m->nrx, i = m->nall, j = m->nrx;
    m->all = zj_xgrow(m->all, sizeof *m->all, n, &m->all_alloc);
    while (j > 0) { /* from the back, so no scratch array is needed */
        if (i > 0 && hit_before(&m->rx[j - 1], &m->all[i - 1])) m->all[--n] = m->all[--i];
        else m->all[--n] = m->rx[--j];
    }
    m->nall += m->nrx;
}

static void insertion_sort(struct zj_hit *h, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct zj_hit x = h[i];
        size_t j = i;
        while (j > 0 && hit_before(&x, &h[j - 1])) h[j] = h[j - 1], j--;
        h[j] = x;
    }
}

static void push(struct zj_hit **arr, size_t *n, size_t *alloc, struct zj_hit h)
{
    *arr = zj_xgrow(*arr, sizeof **arr, *n + 1, alloc);
    (*arr)[(*n)++] = h;
}

static int regex_failed(const struct zj_entry *e, int rc, struct zj_error *err)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    return zj_error_set(err, e->file, e->line, 0, "regex `%s` failed: %s", e->term, (char *)msg);
}

/* One match attempt from off.  A JIT-compiled entry is run through
 * pcre2_jit_match, the documented fast path that skips pcre2_match's argument
 * checks (needless here: off is a character boundary within the text, which
 * is well-formed UTF-8) and runs the same code under the same limits. */
static int run_regex(struct zj_matcher *m, const struct zj_entry *e, const char *text, size_t len,
                     size_t off)
{
    if (e->jit) return pcre2_jit_match(e->re, (PCRE2_SPTR)text, len, off, 0, m->md, m->mctx);
    return pcre2_match(e->re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
}

static int regex_candidates_unanchored(struct zj_matcher *m, const char *text, size_t len,
                                       struct zj_error *err);

/* Matches of regex entry r (regex_entries index) that contain the anchor hit
 * [at, at + len): tried from `back` bytes before it, leftmost first, moving
 * one character on after each start so every start position is seen. */
static int regex_near(struct zj_matcher *m, size_t r, const char *text, size_t len, size_t at,
                      size_t alen, struct zj_error *err)
{
    const struct zj_dict *d = m->dict;
    uint32_t ei = d->regex_entries[r];
    const struct zj_entry *e = &d->entries[ei];
    size_t off = at > d->anchor_back[r] ? at - d->anchor_back[r] : 0;
    while (off > 0 && ((uint8_t)text[off] & 0xC0) == 0x80) off--;
    pcre2_set_offset_limit(m->mctx, at); /* no start past the anchor: no scan to the end */
    while (off <= at) {
        int rc = run_regex(m, e, text, len, off);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) return pcre2_set_offset_limit(m->mctx, PCRE2_UNSET), regex_failed(e, rc, err);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        if (ov[0] > at) break;
        if (ov[1] >= at + alen && ov[1] > ov[0])
            push(&m->rx, &m->nrx, &m->rx_alloc, (struct zj_hit){(uint32_t)ov[0], (uint32_t)ov[1], ei, 0, 1});
        off = ov[0] + 1;
        while (off < len && ((uint8_t)text[off] & 0xC0) == 0x80) off++;
    }
    return ZJ_OK;
}

/*
 * Regex candidates through the prefilter: the dictionary's automaton found
 * (in m->anchors) the literals the entries require; an entry is only run
 * near its anchor's hits.
 * Entries with no anchor are scanned in full.  A match containing two hits of
 * its anchor is found twice; the duplicates are dropped after sorting.
 */
static int regex_candidates(struct zj_matcher *m, const char *text, size_t len,
                            struct zj_error *err)
{
    const struct zj_dict *d = m->dict;
    for (size_t h = 0; h < m->anchors.count; h++) {
        const struct zj_ac_match *a = &m->anchors.items[h];
        for (uint32_t u = d->anchor_users_start[a->id]; u < d->anchor_users_start[a->id + 1]; u++)
            if (regex_near(m, d->anchor_users[u], text, len, a->start, a->len, err)) return ZJ_ERR;
    }
    pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
    return regex_candidates_unanchored(m, text, len, err);
}

/* Entries without an anchor, each scanned on its own over the whole text. */
static int regex_candidates_unanchored(struct zj_matcher *m, const char *text, size_t len,
                                       struct zj_error *err)
{
    const struct zj_dict *d = m->dict;
    for (size_t r = 0; r < d->nregex; r++) {
        if (d->regex_anchored[r]) continue;
        uint32_t ei = d->regex_entries[r];
        const struct zj_entry *e = &d->entries[ei];
        PCRE2_SIZE off = 0;
        while (off <= len) {
            int rc = run_regex(m, e, text, len, off);
            if (rc == PCRE2_ERROR_NOMATCH) break;
            if (rc < 0) return regex_failed(e, rc, err);
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
            if (ov[1] > ov[0])
                push(&m->rx, &m->nrx, &m->rx_alloc,
                     (struct zj_hit){(uint32_t)ov[0], (uint32_t)ov[1], ei, 0, 1});
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            while (off < len && ((uint8_t)text[off] & 0xC0) == 0x80) off++;
        }
    }
    return ZJ_OK;
}

static void select_hits(struct zj_matcher *m, unsigned flags)
{
    m->nhits = 0;
    uint32_t cursor = 0;
    for (size_t i = 0; i < m->nall; i++) {
        struct zj_hit h = m->all[i];
        if (h.start < cursor) continue;
        push(&m->hits, &m->nhits, &m->hits_alloc, h);
        cursor = h.end;
        if (!(flags & ZJ_MATCH_NESTED)) continue;
        for (size_t k = i + 1; k < m->nall && m->all[k].start < h.end; k++) {
            struct zj_hit in = m->all[k];
            if (in.end > h.end) continue;
            in.nested = 1;
            push(&m->hits, &m->nhits, &m->hits_alloc, in);
        }
    }
}

int zj_match(struct zj_matcher *m, const char *text, size_t len, unsigned flags,
             struct zj_error *err)
{
    const struct zj_dict *d = m->dict;
    m->cand.count = m->anchors.count = 0;
    m->nall = m->nrx = 0;
    zj_ac_scan_with(d->ac, text, len, &m->cand, &m->scan);
    for (size_t i = 0; i < m->cand.count; i++) {
        const struct zj_ac_match *c = &m->cand.items[i];
        uint32_t e = c->start + c->len;
        if (d->ac_anchor[c->id] >= 0) {
            struct zj_ac_match a = {c->start, c->len, (uint32_t)d->ac_anchor[c->id]};
            m->anchors.items = zj_xgrow(m->anchors.items, sizeof a, m->anchors.count + 1, &m->anchors.alloc);
            m->anchors.items[m->anchors.count++] = a;
        }
        uint32_t entry = d->ac_entry[c->id];
        if (entry == ZJ_AC_NO_ENTRY) continue;
        if ((entry & ZJ_AC_WORD_EDGE) && !at_word_edges(text, len, c->start, e)) continue;
        push(&m->all, &m->nall, &m->all_alloc,
             (struct zj_hit){c->start, e, entry & ~(uint32_t)ZJ_AC_WORD_EDGE, 0, 0});
    }
    insertion_sort(m->all, m->nall);
    if (d->nregex && regex_candidates(m, text, len, err)) return ZJ_ERR;
    if (m->nrx) merge_regex(m);
    select_hits(m, flags);
    return ZJ_OK;
}

void zj_match_naive(const struct zj_dict *dict, const char *text, size_t len, unsigned flags,
                    struct zj_hit **hits, size_t *nhits)
{
    size_t n = 0, alloc = 0;
    struct zj_hit *out = NULL;
    for (size_t i = 0; i < len;) {
        size_t best = 0, best_pat = 0;
        for (size_t p = 0; p < dict->npatterns; p++) {
            const struct zj_pattern *pt = &dict->patterns[p];
            if (pt->len > best && pt->len <= len - i && !memcmp(text + i, pt->text, pt->len) &&
                at_word_edges(text, len, (uint32_t)i, (uint32_t)(i + pt->len)))
                best = pt->len, best_pat = p;
        }
        if (!best) {
            i++;
            continue;
        }
        uint32_t entry = dict->patterns[best_pat].entry;
        push(&out, &n, &alloc, (struct zj_hit){(uint32_t)i, (uint32_t)(i + best), entry, 0, 0});
        if (flags & ZJ_MATCH_NESTED) {
            for (size_t s = i; s < i + best; s++)
                for (size_t p = 0; p < dict->npatterns; p++) {
                    const struct zj_pattern *pt = &dict->patterns[p];
                    if (p != best_pat && s + pt->len <= i + best &&
                        !memcmp(text + s, pt->text, pt->len) &&
                        at_word_edges(text, len, (uint32_t)s, (uint32_t)(s + pt->len)))
                        push(&out, &n, &alloc,
                             (struct zj_hit){(uint32_t)s, (uint32_t)(s + pt->len), pt->entry, 1, 0});
                }
        }
        i += best;
    }
    *hits = out;
    *nhits = n;
}

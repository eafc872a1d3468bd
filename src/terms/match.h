/*
 * match.h - dictionary hits in one normalized document.
 *
 * Rule (DESIGN.md): scanning left to right, at each position the longest
 * term that starts there wins and scanning resumes after it (leftmost-longest,
 * non-overlapping); literal terms, aliases and regex entries compete alike,
 * a literal winning a tie.  A term that begins or ends with an ASCII letter
 * or digit only matches at a word edge, so `AI` does not match inside `MAIL`.
 * With ZJ_MATCH_NESTED, every candidate lying inside a winning hit is also
 * reported (flagged nested).
 *
 * The matcher keeps its scratch storage in struct zj_matcher so that a worker
 * thread reuses it from one document to the next; nothing is allocated per
 * character.
 */
#ifndef ZJ_MATCH_H
#define ZJ_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "terms/ac.h"
#include "terms/dict.h"
#include "util/error.h"

enum zj_match_flags {
    ZJ_MATCH_NESTED = 1 << 0,
};

struct zj_hit {
    uint32_t start, end; /* bytes of the normalized text */
    uint32_t entry;      /* index into dict->entries */
    uint8_t nested;      /* 1: inside a longer hit (ZJ_MATCH_NESTED only) */
    uint8_t regex;       /* 1: from a re: entry */
};

struct zj_matcher {
    const struct zj_dict *dict;
    struct zj_ac_matches cand;   /* literal candidates */
    struct zj_ac_scratch scan;   /* the scan's segments, kept between texts */
    struct zj_hit *all;          /* all candidates, sorted */
    size_t nall, all_alloc;
    struct zj_ac_matches anchors; /* regex prefilter hits */
    struct zj_hit *rx;           /* regex candidates before the merge */
    size_t nrx, rx_alloc;
    struct zj_hit *hits;         /* result */
    size_t nhits, hits_alloc;
    struct pcre2_real_match_data_8 *md;
    struct pcre2_real_match_context_8 *mctx;
};

/* A matcher serves any number of texts in turn (one at a time, one thread):
 * each zj_match starts afresh and reuses the arrays the last one grew. */
void zj_matcher_init(struct zj_matcher *m, const struct zj_dict *dict);
void zj_matcher_release(struct zj_matcher *m);

/* A matcher on the heap, as a worker's zj_corpus_ops scratch: one per
 * thread, whose arrays grow once instead of from nothing for every
 * document.  zj_matcher_free has scratch_free's shape (arg unused). */
struct zj_matcher *zj_matcher_new(const struct zj_dict *dict);
void zj_matcher_free(void *arg, void *matcher);

/*
 * Finds the hits in text (normalized, well-formed UTF-8) into m->hits, in
 * order of position.  Fails only when a regex entry exceeds PCRE2's match
 * limit (catastrophic backtracking); err then names the dictionary line.
 */
int zj_match(struct zj_matcher *m, const char *text, size_t len, unsigned flags,
             struct zj_error *err);

/* The reference rule, written for clarity instead of speed: literal terms
 * only, tried at every byte.  Used by tests to check zj_match. */
void zj_match_naive(const struct zj_dict *dict, const char *text, size_t len, unsigned flags,
                    struct zj_hit **hits, size_t *nhits);

#endif

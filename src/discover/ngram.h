/*
 * ngram.h - recurring character n-grams of a corpus, with the statistics
 * new-phrase discovery (新词发现) ranks them by.
 *
 * The corpus is kept as runs of Han characters, each character a 16-bit id;
 * anything else ends a run, so no n-gram crosses punctuation, and is kept as
 * one of a few boundary symbols (the document's edge, a line break, each
 * common punctuation mark, a digit run, a Latin run, anything else) so that
 * it can still count as a neighbour.  About 2 bytes per Han character, and
 * while counting 4 more (occurrence lists, given back as the counting goes)
 * plus the tables: the memory grows with the corpus, never with the number
 * of distinct n-grams.
 *
 * Counting grows a trie of the frequent n-grams with apriori pruning: an
 * n-gram is counted only as the extension of a counted one by the
 * character after one of its occurrences, and dropped when seen fewer than
 * min_count times, in fewer than min_docs documents or fewer than min_units
 * units.  An n-gram can pass only if its prefix does (its occurrences are
 * among its prefix's), so the result is exact, and the tables hold
 * frequent n-grams only.  How, and why it is fast: ngram.c.
 *
 * Per surviving n-gram: count, documents, units, first year, the
 * neighbour entropies (bits) of the symbols just left and right of its
 * occurrences (characters or boundary symbols: a clause that always ends at
 * a comma is not free on that side, one followed by a comma, a full stop or
 * 为抓手 is) — and the
 * cohesion: the smallest pointwise mutual information over its two-part
 * splits, log2(c(w) N / (c(x) c(y))), N the corpus's Han characters.
 */
#ifndef ZJ_NGRAM_H
#define ZJ_NGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define ZJ_NGRAM_MAX 16
#define ZJ_NGRAM_FIRST_CHAR 32 /* ids below are boundary symbols */

struct zj_ngram {
    uint32_t pos;            /* the first occurrence: offset in the corpus's id text */
    uint32_t prefix, suffix; /* n >= 2: its first and last n-1 characters, in level n-1 */
    uint32_t count, docs, units;
    int first_year;  /* 0: no occurrence in a document with a year */
    float pmi, left_entropy, right_entropy;
    uint64_t hash;
};

struct zj_ngram_level {
    size_t n; /* characters */
    struct zj_ngram *items;
    size_t count, alloc;
    uint32_t *slots; /* open addressing: item index + 1, 0 = empty */
    size_t nslots;
};

struct zj_ngram_doc {
    size_t start, end; /* id text range */
    uint32_t unit;
    int year;
};

struct zj_ngram_opts {
    size_t min_count, min_docs, min_units;
    size_t max_chars; /* longest n-gram counted (<= ZJ_NGRAM_MAX) */
    int threads;      /* workers; 0: one per core */
    size_t deep_max;  /* most occurrences of an n-gram counted depth-first; 0: 131,072 */
};

struct zj_ngram_corpus {
    uint16_t *text; /* character ids (>= ZJ_NGRAM_FIRST_CHAR) and boundary symbols */
    size_t len, alloc;
    int32_t *chars; /* id -> code point */
    size_t nchars;
    uint16_t *id_of_bmp; /* code point -> id for the BMP (0: none yet) */
    struct zj_ngram_doc *docs;
    size_t ndocs, docs_alloc;
    size_t han_chars; /* N: characters in runs */
    struct zj_ngram_level levels[ZJ_NGRAM_MAX + 1]; /* levels[n], n >= 1 */
    size_t nlevels; /* highest level counted */
};

void zj_ngram_corpus_init(struct zj_ngram_corpus *c);
void zj_ngram_corpus_release(struct zj_ngram_corpus *c);

/* 1 for the characters runs are made of: Han ideographs (CJK unified,
 * extensions, compatibility) and 〇. */
int zj_ngram_is_han(int32_t cp);

/* Appends a document (normalized UTF-8).  Units are small integers chosen
 * by the caller; year 0 = unknown.  Characters beyond 65,535 distinct ones
 * (never seen in practice: the CJK blocks in use are smaller) act as
 * boundaries. */
void zj_ngram_add_doc(struct zj_ngram_corpus *c, const char *text, size_t len, uint32_t unit,
                      int year);

/* Counts levels 1 .. max_chars with the thresholds, then neighbour
 * entropies and cohesion for levels >= 2, on opts->threads workers (same
 * result for any number).  Cost: one pass over the id text, then one read
 * of the text at random per occurrence of an n-gram (per occurrence and
 * level for those of more than deep_max occurrences), the rest in cache.
 * Within a level, the items are in no particular order. */
void zj_ngram_count(struct zj_ngram_corpus *c, const struct zj_ngram_opts *opts);

/* Looks up an n-gram given as ids; NULL when it is not (or no longer)
 * counted. */
const struct zj_ngram *zj_ngram_find(const struct zj_ngram_corpus *c, const uint16_t *ids,
                                     size_t n);

/* Appends the UTF-8 text of n ids starting at text offset pos. */
struct zj_buf;
void zj_ngram_text(const struct zj_ngram_corpus *c, uint32_t pos, size_t n, struct zj_buf *out);

/* Occurrences per year of selected n-grams: for each (level n, item index)
 * in sel[0..k), adds its occurrences in documents of year years[y] to
 * out[i * nyears + y].  One pass over the text. */
struct zj_ngram_ref {
    size_t n;
    uint32_t item;
};
void zj_ngram_count_by_year(const struct zj_ngram_corpus *c, const struct zj_ngram_ref *sel,
                            size_t k, const int *years, size_t nyears, uint32_t *out);

#endif

/*
 * count.h - hits of one document reduced to (term, count) pairs.
 *
 * A term is a dictionary entry, except for an unnamed `re:` entry, whose
 * every distinct matched text is a term of its own (its category is the
 * entry's).  Matched texts are interned in the zj_terms table shared by all
 * worker threads (under its lock), so a document's counts hold no pointers
 * into its own text and outlive it.
 */
#ifndef ZJ_COUNT_H
#define ZJ_COUNT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "terms/dict.h"
#include "terms/match.h"
#include "util/strmap.h"

struct zj_terms {
    const struct zj_dict *dict;
    struct zj_strmap texts; /* interned regex match texts */
    pthread_mutex_t lock;
};

struct zj_term_count {
    uint32_t entry;
    const char *text; /* interned matched text for unnamed re: entries, else NULL */
    uint32_t count;
};

struct zj_doc_counts {
    struct zj_term_count *items; /* ordered by entry, then text */
    size_t count;
    size_t hits; /* sum of counts */
};

void zj_terms_init(struct zj_terms *t, const struct zj_dict *dict);
void zj_terms_release(struct zj_terms *t);

/* Reduces the hits of a normalized text to counts (owned by out; release
 * with zj_doc_counts_release). */
void zj_count_hits(struct zj_terms *t, const char *text, const struct zj_hit *hits, size_t nhits,
                   struct zj_doc_counts *out);
void zj_doc_counts_release(struct zj_doc_counts *c);

/* Rolls counts up to categories: entry becomes the category index
 * (of_entry[entry]), text NULL; ordered by category. */
void zj_counts_by_category(const struct zj_doc_counts *in, const uint32_t *of_entry,
                           struct zj_doc_counts *out);

/* The name a term is reported under: the entry's term, a regex entry's name,
 * or the matched text. */
const char *zj_term_label(const struct zj_dict *d, const struct zj_term_count *c);
/* Total order of terms used by every table: entry order, then text. */
int zj_term_cmp(const struct zj_term_count *a, const struct zj_term_count *b);

#endif

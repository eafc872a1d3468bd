/*
 * phrase.h - candidate phrases from counted n-grams: scored, checked against
 * the dictionary, ranked.
 *
 * Score: min(left_entropy, right_entropy) × max(pmi, 0) × log2(chars) ×
 * log2(1 + units).  A product, not a sum, because each of the first two
 * factors alone lets fragments through: a fragment such as 党风廉政建 is
 * cohesive (high PMI) but always followed by 设 (right entropy 0, score 0);
 * a straddle such as 的党风 is free on both sides but its best split 的|党风
 * has low PMI.  The last two weigh what a dictionary wants: 提法 of four or
 * more characters rather than the genre's ordinary two-character words
 * (开展, 情况: factor 1), and formulas shared by many units rather than one
 * office's sector jargon.  Ties go to the more frequent phrase, then to
 * code-point order.
 *
 * Dictionary check: a phrase equal to a normalized term or alias, or fully
 * matched by a `re:` entry, is `term`; one contained in a literal term or
 * alias is `part`.  Both are dropped unless keep_dict.
 */
#ifndef ZJ_PHRASE_H
#define ZJ_PHRASE_H

#include <stddef.h>
#include <stdint.h>

#include "discover/ngram.h"
#include "terms/dict.h"

enum zj_in_dict { ZJ_DICT_NEW, ZJ_DICT_TERM, ZJ_DICT_PART };

struct zj_phrase {
    size_t n;      /* characters */
    uint32_t item; /* index into corpus->levels[n].items */
    char *text;    /* UTF-8, owned */
    double score;
    uint32_t count;
    enum zj_in_dict in_dict;
};

struct zj_phrase_opts {
    size_t min_chars, max_chars;
    int keep_dict; /* 1: keep phrases the dictionary has (marked) */
    size_t top;    /* 0: all */
};

struct zj_phrases {
    struct zj_phrase *items;
    size_t count;
};

/* The score of an n-gram of n characters (above). */
double zj_phrase_score(const struct zj_ngram *g, size_t n);

/* Ranks every counted n-gram of min_chars..max_chars characters; dict may
 * be NULL (nothing is marked). */
void zj_phrases_rank(struct zj_phrases *out, const struct zj_ngram_corpus *c,
                     const struct zj_dict *dict, const struct zj_phrase_opts *opts);
void zj_phrases_release(struct zj_phrases *p);

/* Name of an in_dict value for tables: "", "term", "part". */
const char *zj_in_dict_name(enum zj_in_dict v);

#endif

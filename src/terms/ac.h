/*
 * ac.h - Aho-Corasick automaton over bytes, built once per run.
 *
 * Owns the transition table.  Built as a full DFA over byte equivalence
 * classes (bytes that occur in no pattern share class 0), so a scan step is
 * one load: s = next[s + class[byte]].  State numbers are stored
 * premultiplied by the class count, and states that emit output are numbered
 * first, so "did anything match here?" is one compare against a limit.
 *
 * Memory is states x classes x 4 bytes: for the bundled dictionary (~500
 * terms) well under 8 MB.  Patterns must be non-empty and distinct.
 */
#ifndef ZJ_AC_H
#define ZJ_AC_H

#include <stddef.h>
#include <stdint.h>

struct zj_ac;

/* One occurrence of pattern `id` at bytes [end - len, end). */
struct zj_ac_match {
    uint32_t start, len, id;
};

struct zj_ac_matches {
    struct zj_ac_match *items;
    size_t count, alloc;
};

/* Builds the automaton for patterns[i] (lens[i] bytes) with ids 0..n-1. */
struct zj_ac *zj_ac_new(const char *const *patterns, const size_t *lens, size_t n);
void zj_ac_free(struct zj_ac *ac);
size_t zj_ac_states(const struct zj_ac *ac);
size_t zj_ac_memory(const struct zj_ac *ac);

#define ZJ_AC_STREAMS 4

/* Appends every occurrence of every pattern in text (overlaps included) to
 * out, nearly ordered by end offset (longest first for equal ends; long texts
 * are scanned as ZJ_AC_STREAMS segments: their matches come segment by
 * segment, each segment's in that order).  Text offsets must fit in 32
 * bits. */
void zj_ac_scan(const struct zj_ac *ac, const char *text, size_t len, struct zj_ac_matches *out);

/* A caller's working storage for zj_ac_scan_with, kept from one text to the
 * next (a matcher scans thousands): the matches of the segments after the
 * first.  Zero-initialise; zj_ac_scratch_release frees it. */
struct zj_ac_scratch {
    struct zj_ac_matches part[ZJ_AC_STREAMS - 1];
};
void zj_ac_scan_with(const struct zj_ac *ac, const char *text, size_t len,
                     struct zj_ac_matches *out, struct zj_ac_scratch *s);
void zj_ac_scratch_release(struct zj_ac_scratch *s);

#endif

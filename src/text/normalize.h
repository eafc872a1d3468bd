/*
 * normalize.h - decoded text to the form the matcher scans.
 *
 * Rules (the matching rule of DESIGN.md):
 *   - NFKC (utf8proc): full-width letters, digits and punctuation fold to
 *     ASCII, compatibility forms to their plain characters;
 *   - zero-width and other format characters (U+200B..U+200D, U+2060, U+FEFF,
 *     soft hyphen, bidi marks) and C0/C1 controls other than LF are dropped;
 *   - a whitespace run is dropped, except that one ASCII space is kept between
 *     two narrow letters or digits ("COVID 19", but "A 级" -> "A级") so Latin
 *     words stay apart;
 *   - LF is kept: a line (paragraph) is a hard boundary for matching.
 *
 * Cost: one table lookup per code point.  A 64K-entry table, filled 256
 * characters at a time when a text first uses them, says, per BMP character,
 * whether it is copied unchanged, replaced, dropped, or is whitespace;
 * utf8proc is only called while filling the table and for the
 * rare combining-mark sequences, which are renormalized as a whole.  Runs
 * of CJK ideographs (U+4E00..U+9FFF, which NFKC leaves alone) skip even the
 * lookup: with SSE2 they are recognised six at a time from their lead bytes.
 *
 * Optionally (ZJ_NORM_MAP) it records for every output byte the index of the
 * decoded code point it came from, so hits can be reported in original
 * positions (on the fast path too: a run copied as it is maps byte by byte
 * from its lead bytes).  Counting alone does not need the map and skips it.
 */
#ifndef ZJ_NORMALIZE_H
#define ZJ_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum zj_norm_flags {
    ZJ_NORM_MAP = 1 << 0,
    /* Every character through the checked path, none through the plain-run
     * fast path: the same result, slower; the reference the tests hold the
     * fast path to. */
    ZJ_NORM_CHECKED = 1 << 1,
};

struct zj_norm {
    struct zj_buf text; /* normalized UTF-8, NUL-terminated */
    uint32_t *map;      /* map[i] = code point index in the decoded text; NULL without ZJ_NORM_MAP */
    size_t map_alloc;
    size_t chars;       /* text characters: decoded code points that are letters or digits (L*, N*) */
    size_t codepoints;  /* code points in the decoded text */
};

/* Normalizes decoded UTF-8 (well-formed) into n, reusing n's storage.
 * Thread-safe; the first call builds the shared table. */
void zj_normalize(const char *text, size_t len, unsigned flags, struct zj_norm *n);
void zj_norm_release(struct zj_norm *n);

/* Normalizes a short string (a dictionary term) into out (appended). */
void zj_normalize_str(const char *s, size_t len, struct zj_buf *out);

/* 1 when the code point is a letter or digit, the definition of a "text
 * character" used for every per_10k rate.  Asked for every character of
 * every document (coverage), so ASCII and the CJK Unified Ideographs (all
 * letters, Lo) are answered inline, the rest from the normalizer's table. */
int zj_is_text_char_lookup(int32_t cp);
static inline int zj_is_text_char(int32_t cp)
{
    if (cp < 0x80) return (uint32_t)((cp | 32) - 'a') < 26u || (uint32_t)(cp - '0') < 10u;
    if (cp >= 0x4E00 && cp <= 0x9FFF) return 1;
    return zj_is_text_char_lookup(cp);
}

#endif

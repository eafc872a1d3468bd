/*
 * kwic.h - concordance lines (key word in context) for hits.
 *
 * A hit is found in the normalized text (match.h); a reader wants to see it
 * in the words the office wrote.  This module maps a hit back to the decoded
 * text through the normalizer's offset map and cuts `width` code points of
 * context on each side, as AntConc and quanteda's kwic do.  Line breaks in
 * the context are shown as ⏎ so a row stays one line; TAB and CR become a
 * space.
 *
 * Also here: the orderings concordancers sort by (left context read from
 * the hit outwards, right context, the match) and the display width of a
 * string on a terminal (CJK characters take two columns), used to align
 * the match column.
 */
#ifndef ZJ_KWIC_H
#define ZJ_KWIC_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Where the code points of a decoded text start, and their lines.  Sparse:
 * the byte offset and line of every ZJ_CPINDEX_STEP-th code point, so a
 * lookup walks at most STEP - 1 characters.  Full arrays (8 bytes a code
 * point) were 400 MB of `reuse --passages` on 10,000 summaries, which keeps
 * one per document.  The text is borrowed. */
#define ZJ_CPINDEX_STEP 64
struct zj_cpindex {
    const char *text;
    uint32_t *off;  /* off[k]: byte where code point k * STEP starts */
    uint32_t *line; /* line[k]: its 1-based line */
    size_t count;   /* code points */
};
void zj_cpindex_init(struct zj_cpindex *ix, const char *text, size_t len);
/* Byte where code point cp starts (len for cp >= count). */
size_t zj_cpindex_byte(const struct zj_cpindex *ix, size_t cp);
/* 1-based line of code point cp (of the end for cp >= count). */
size_t zj_cpindex_line(const struct zj_cpindex *ix, size_t cp);
void zj_cpindex_release(struct zj_cpindex *ix);

/* The code-point span [*cp_start, *cp_end) of the decoded text that produced
 * normalized bytes [start, end) (map from zj_normalize with ZJ_NORM_MAP). */
void zj_kwic_span(const uint32_t *map, size_t start, size_t end, size_t *cp_start,
                  size_t *cp_end);

/* Appends to left, match and right the text of code points
 * [cp_start - width, cp_start), [cp_start, cp_end) and [cp_end, cp_end + width)
 * (cut at the document's edges), line breaks shown as ⏎. */
void zj_kwic_context(const char *text, const struct zj_cpindex *ix, size_t cp_start,
                     size_t cp_end, size_t width, struct zj_buf *left, struct zj_buf *match,
                     struct zj_buf *right);

/* Compares two left contexts the way a concordancer sorts on the left: by
 * the code point nearest the hit first, then the one before it, and so on;
 * a context that runs out first sorts first.  strcmp-like result. */
int zj_kwic_cmp_left(const char *a, size_t alen, const char *b, size_t blen);

/* Code-point order of two strings (UTF-8 byte order is code-point order);
 * a prefix sorts first. */
int zj_kwic_cmp_right(const char *a, size_t alen, const char *b, size_t blen);

/* Columns a well-formed UTF-8 string takes on a terminal: 2 for wide (CJK)
 * characters, 0 for combining marks, 1 otherwise. */
size_t zj_display_width(const char *s, size_t len);

#endif

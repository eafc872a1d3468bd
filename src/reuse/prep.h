/*
 * prep.h - the text reuse detection compares ("reuse text").
 *
 * From a document's normalized text (normalize.h, with its offset map):
 *   - the title line is dropped (every title reads @#年党风廉政建设工作总结);
 *   - heading markers (一、 （一） 1.) at line starts are dropped;
 *   - the document's own unit name and its short forms (市交通运输局党委 →
 *     市交通运输局, 交通运输局) become one placeholder '@', so a copy with the
 *     name swapped matches exactly;
 *   - digit runs (2022, 3.5, 12) and Chinese-numeral years (二〇二二年) become
 *     one placeholder '#', so last year's text with the year moved on matches;
 *   - whitespace, line breaks and punctuation are dropped; letters and digits
 *     are kept.
 * Every reuse character remembers the span of decoded code points it came
 * from, so passages are reported in the positions every table uses.
 */
#ifndef ZJ_PREP_H
#define ZJ_PREP_H

#include <stddef.h>
#include <stdint.h>

#include "text/normalize.h"

#define ZJ_REUSE_NAME 0x40   /* '@' */
#define ZJ_REUSE_NUMBER 0x23 /* '#' */

/* Where each reuse character came from, kept compact because it is held for
 * every character of corpora of hundreds of millions: it starts at decoded
 * code point base[i / ZJ_START_BLOCK] + off[i] (off 0xFFFF: see far_at /
 * far_start, sorted indices and their starts); it ends one code point later
 * except for placeholders and the few characters normalization made of
 * several (wide_at / wide_end).  Read them with zj_reuse_start and
 * zj_reuse_end: 6 bytes a character instead of 12. */
#define ZJ_START_BLOCK 64

struct zj_reuse_text {
    uint32_t *code; /* reuse characters (code points or a placeholder) */
    uint32_t *base;
    uint16_t *off;
    uint32_t *far_at, *far_start, *wide_at, *wide_end;
    uint32_t *lines; /* reuse positions that start a line of the text, ascending, distinct
                        (none: the text is one line) */
    size_t len, nfar, nwide, nlines;
    int packed;     /* code lies in a block of zj_reuse_pack, not freed with the text */
};

/* The line of t holding reuse position pos, as [*lo, *hi). */
void zj_reuse_line_of(const struct zj_reuse_text *t, uint32_t pos, uint32_t *lo, uint32_t *hi);

/* Builds the reuse text of a normalized document (n must carry the map);
 * unit may be NULL; title_line is the 1-based line to leave out (0: none),
 * and the sign-off (zj_outline_signoff) is left out too.  out is
 * overwritten. */
void zj_reuse_text_build(const struct zj_norm *n, const char *unit, size_t title_line,
                         struct zj_reuse_text *out);
void zj_reuse_text_release(struct zj_reuse_text *t);

/* The decoded code point where reuse character i starts, and the one just
 * after it. */
uint32_t zj_reuse_start(const struct zj_reuse_text *t, size_t i);
uint32_t zj_reuse_end(const struct zj_reuse_text *t, size_t i);

/* Short forms of a unit name, longest first, including the name itself
 * (NULL-terminated array of malloc'ed strings; free with zj_name_forms_free). */
char **zj_name_forms(const char *unit);
void zj_name_forms_free(char **forms);

#endif

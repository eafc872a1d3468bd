/*
 * docx_num.h - Word's automatic paragraph numbering, rendered as Word shows it.
 *
 * Owns the list definitions of a .docx (word/numbering.xml: abstract lists,
 * their levels, the w:num instances with level overrides), the paragraph
 * styles that carry numbering (word/styles.xml: Heading 1 / 标题 1 linked to a
 * list, basedOn chains) and the running counters.  A .docx stores `一、` or
 * `（一）` as a level definition (format chineseCounting, text `%1、`), not as
 * text; this module turns each numbered paragraph back into its label, in
 * document order, so the outline parser sees what the reader saw.
 *
 * Counters are kept per abstract list, as Word does: w:num instances of one
 * abstract list continue each other, and an instance with a w:startOverride
 * restarts the overridden level the first time it is used.  A level restarts
 * when a shallower level is used (or as w:lvlRestart says).
 *
 * Everything here is owned by struct zj_numbering and freed by
 * zj_numbering_release.
 */
#ifndef ZJ_DOCX_NUM_H
#define ZJ_DOCX_NUM_H

#include <stddef.h>

#include "util/buf.h"

#define ZJ_NUM_LEVELS 9

enum zj_numfmt {
    ZJ_NUMFMT_DECIMAL = 0,
    ZJ_NUMFMT_NONE,
    ZJ_NUMFMT_BULLET,
    ZJ_NUMFMT_CN_COUNTING,      /* chineseCounting: 十一, 一〇一 */
    ZJ_NUMFMT_CN_THOUSAND,      /* chineseCountingThousand: 十一, 一百〇一 */
    ZJ_NUMFMT_CN_LEGAL,         /* chineseLegalSimplified: 壹拾壹 */
    ZJ_NUMFMT_IDEO_DIGITAL,     /* ideographDigital: 一〇一 */
    ZJ_NUMFMT_IDEO_TRADITIONAL, /* ideographTraditional: 甲乙丙 */
    ZJ_NUMFMT_IDEO_ZODIAC,      /* ideographZodiac: 子丑寅 */
    ZJ_NUMFMT_CIRCLE,           /* decimalEnclosedCircle(Chinese): ①② */
    ZJ_NUMFMT_PAREN,            /* decimalEnclosedParen: ⑴⑵ */
    ZJ_NUMFMT_FULLSTOP,         /* decimalEnclosedFullstop: ⒈⒉ */
    ZJ_NUMFMT_FULLWIDTH,        /* decimalFullWidth: １２ */
    ZJ_NUMFMT_ZERO,             /* decimalZero: 01 */
    ZJ_NUMFMT_UPPER_ROMAN,
    ZJ_NUMFMT_LOWER_ROMAN,
    ZJ_NUMFMT_UPPER_LETTER,
    ZJ_NUMFMT_LOWER_LETTER,
};

/* A w:numFmt value; unknown formats read as decimal (what Word falls back
 * to for formats it cannot draw). */
enum zj_numfmt zj_numfmt_parse(const char *name);
/* Appends v (>= 0) in format fmt.  Formats with a finite set of symbols
 * (甲..癸, ①..⑳) continue in decimal past their end, as Word does. */
void zj_numfmt_format(enum zj_numfmt fmt, long v, struct zj_buf *out);

enum zj_numsuff { ZJ_SUFF_TAB = 0, ZJ_SUFF_SPACE, ZJ_SUFF_NOTHING };

struct zj_numlvl {
    int defined;
    long start;
    enum zj_numfmt fmt;
    char *text;  /* w:lvlText, NULL when absent */
    int restart; /* w:lvlRestart (1-based level; 0 never); -1 when absent */
    int legal;   /* w:isLgl: every %n in decimal */
    enum zj_numsuff suff;
    char *pstyle; /* w:pStyle: the paragraph style this level belongs to */
};

struct zj_abstract_num {
    long id;
    struct zj_numlvl lvl[ZJ_NUM_LEVELS];
    char *style_link; /* w:numStyleLink: the definition lives in that numbering style */
    /* running state */
    long value[ZJ_NUM_LEVELS];
    long start_now[ZJ_NUM_LEVELS];
    unsigned char live[ZJ_NUM_LEVELS];
};

struct zj_num {
    long id, abstract_id;
    long start_override[ZJ_NUM_LEVELS];
    unsigned char has_start[ZJ_NUM_LEVELS];
    struct zj_numlvl lvl[ZJ_NUM_LEVELS]; /* w:lvlOverride/w:lvl (defined = 1 when given) */
    int used;
};

struct zj_pstyle {
    char *id, *based_on;
    long num_id; /* -1: not set */
    int ilvl;    /* -1: not set */
};

struct zj_numbering {
    struct zj_abstract_num *abs;
    size_t nabs, abs_alloc;
    struct zj_num *nums;
    size_t nnums, nums_alloc;
    struct zj_pstyle *styles;
    size_t nstyles, styles_alloc;
    char *default_pstyle; /* the style of paragraphs that name none */
};

/* What a paragraph says about its numbering (w:pPr): -1 / NULL when unset. */
struct zj_para_num {
    const char *style;
    long num_id;
    int ilvl;
};

/* Appends the label of a paragraph (number, then the level's suffix: a TAB,
 * a space or nothing) and advances the counters; appends nothing for a
 * paragraph that is not numbered.  Call once per paragraph, in order. */
void zj_numbering_label(struct zj_numbering *nb, const struct zj_para_num *p, struct zj_buf *out);
void zj_numbering_release(struct zj_numbering *nb);

/* Builders used by the XML readers (docx.c); each returns the new record. */
struct zj_abstract_num *zj_numbering_add_abstract(struct zj_numbering *nb, long id);
struct zj_num *zj_numbering_add_num(struct zj_numbering *nb, long id);
struct zj_pstyle *zj_numbering_add_style(struct zj_numbering *nb, const char *id);
void zj_numlvl_release(struct zj_numlvl *l);

#endif

/*
 * outline.h - the heading hierarchy of an official document.
 *
 * Recognised heading markers (full- and half-width punctuation alike), by
 * nominal rank:
 *     0  第一部分 / 第一章 / 第一篇
 *     1  一、
 *     2  （一） (一)
 *     3  1.  1、  1．           (not 3.5亿元: a digit after the point is a decimal)
 *     4  （1） (1)
 *     5  ① … ⑳
 * Depth follows the nesting actually found, not the marker: a heading pops
 * every open heading of equal or lower rank and becomes a child of what is
 * left, so `1.` directly under `一、` sits at depth 2 (path 1.1).
 *
 * A heading's title is its text after the marker up to the first 。 (or a
 * full-width colon followed by text) or the line end, without a trailing
 * colon.  A heading line with no body and no closing punctuation followed by
 * a short line that is neither heading nor sentence is one heading split over
 * two lines.  Inline enumerations (一是…二是…) are counted as items of their
 * section, not sections.
 *
 * Special nodes (depth 0, empty title): the title line (with any blank lines
 * before it), the preamble (text before the first heading) and the sign-off
 * (a closing date line, with the unit line just above it).
 *
 * Invariant: the nodes' own spans [start, end) partition the document —
 * every code point of the decoded text belongs to exactly one node — and
 * nodes are in document order.
 */
#ifndef ZJ_OUTLINE_H
#define ZJ_OUTLINE_H

#include <stddef.h>

enum zj_section_kind { ZJ_SEC_TITLE, ZJ_SEC_PREAMBLE, ZJ_SEC_HEADING, ZJ_SEC_SIGNOFF };

struct zj_section {
    enum zj_section_kind kind;
    int parent;      /* index of the parent heading, -1 for top level and special nodes */
    int depth;       /* 1 for top-level headings, 0 for special nodes */
    int rank;        /* marker rank 0..5, -1 for special nodes */
    char *path;      /* "2.1.3"; "" for special nodes */
    char *marker;    /* as written: "（一）", "1、"; "" for special nodes */
    char *title;     /* "" for special nodes */
    size_t start, end; /* own span in code points of the decoded text */
    size_t line;     /* 1-based line where the node starts */
    int items;       /* inline enumeration items (一是, 二是 …) in its own text */
    int type;        /* section type index; set by zj_sectypes_assign, -1 before */
};

struct zj_outline {
    struct zj_section *nodes;
    size_t count, alloc;
    size_t codepoints; /* of the whole document */
};

/* Parses decoded text (UTF-8, LF).  title_line is the 1-based line of the
 * title found by meta (0: none).  Never fails. */
void zj_outline_parse(const char *text, size_t len, size_t title_line, struct zj_outline *out);
void zj_outline_release(struct zj_outline *o);

/* Byte where the sign-off starts (the node zj_outline_parse would make of
 * it), len when there is none; reads only the text's last lines. */
size_t zj_outline_signoff(const char *text, size_t len, size_t title_line);

/* Bytes taken by a heading marker (and the spaces after it) at the start of
 * a line, 0 when the line does not start with one. */
size_t zj_heading_marker(const char *line, size_t len);

/* Inline enumeration items (一是, 二是 …) in bytes [b0, b1) of text: a
 * numeral run and 是 after a clause's punctuation or a line start (spaces
 * between allowed); what zj_section.items counts. */
int zj_outline_count_items(const char *text, size_t b0, size_t b1);

/* Index of the node whose own span holds code point cp (binary search). */
size_t zj_outline_find(const struct zj_outline *o, size_t cp);

/* Last node of the subtree rooted at i (i itself for a leaf). */
size_t zj_outline_subtree_end(const struct zj_outline *o, size_t i);

#endif

/*
 * docx_num.c - list numbering of a .docx (see docx_num.h).
 *
 * The number formats follow ECMA-376 Part 1 §17.18.59 and what Word draws:
 * chineseCounting writes 1..99 with 十 (十一, 二十) and digit by digit from 100
 * (一〇一); chineseCountingThousand uses 百 and 千 (一百〇一); formats with a
 * closed set of symbols (甲..癸, ①..⑳) continue in decimal past the set.
 * Lookups are linear: a document has tens of lists and styles, not thousands.
 */
#include "text/docx_num.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

static const struct {
    const char *name;
    enum zj_numfmt fmt;
} fmt_names[] = {
    {"decimal", ZJ_NUMFMT_DECIMAL},
    {"none", ZJ_NUMFMT_NONE},
    {"bullet", ZJ_NUMFMT_BULLET},
    {"chineseCounting", ZJ_NUMFMT_CN_COUNTING},
    {"japaneseCounting", ZJ_NUMFMT_CN_COUNTING},
    {"taiwaneseCounting", ZJ_NUMFMT_CN_COUNTING},
    {"chineseCountingThousand", ZJ_NUMFMT_CN_THOUSAND},
    {"taiwaneseCountingThousand", ZJ_NUMFMT_CN_THOUSAND},
    {"chineseLegalSimplified", ZJ_NUMFMT_CN_LEGAL},
    {"ideographDigital", ZJ_NUMFMT_IDEO_DIGITAL},
    {"taiwaneseDigital", ZJ_NUMFMT_IDEO_DIGITAL},
    {"japaneseDigitalTenThousand", ZJ_NUMFMT_IDEO_DIGITAL},
    {"ideographTraditional", ZJ_NUMFMT_IDEO_TRADITIONAL},
    {"ideographZodiac", ZJ_NUMFMT_IDEO_ZODIAC},
    {"decimalEnclosedCircle", ZJ_NUMFMT_CIRCLE},
    {"decimalEnclosedCircleChinese", ZJ_NUMFMT_CIRCLE},
    {"decimalEnclosedParen", ZJ_NUMFMT_PAREN},
    {"decimalEnclosedFullstop", ZJ_NUMFMT_FULLSTOP},
    {"decimalFullWidth", ZJ_NUMFMT_FULLWIDTH},
    {"decimalFullWidth2", ZJ_NUMFMT_FULLWIDTH},
    {"decimalZero", ZJ_NUMFMT_ZERO},
    {"upperRoman", ZJ_NUMFMT_UPPER_ROMAN},
    {"lowerRoman", ZJ_NUMFMT_LOWER_ROMAN},
    {"upperLetter", ZJ_NUMFMT_UPPER_LETTER},
    {"lowerLetter", ZJ_NUMFMT_LOWER_LETTER},
};

enum zj_numfmt zj_numfmt_parse(const char *name)
{
    for (size_t i = 0; name && i < sizeof fmt_names / sizeof fmt_names[0]; i++)
        if (!strcmp(name, fmt_names[i].name)) return fmt_names[i].fmt;
    return ZJ_NUMFMT_DECIMAL;
}

static void add_cp(struct zj_buf *out, unsigned cp)
{
    char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
                 (char)(0x80 | (cp & 0x3F))};
    zj_buf_add(out, u, 3); /* every symbol used here is in the BMP above U+07FF */
}

/* Each table entry is one 3-byte UTF-8 character. */
static void add_sym(struct zj_buf *out, const char *table, long i)
{
    zj_buf_add(out, table + 3 * i, 3);
}

static const char cn_digits[] = "〇一二三四五六七八九";
static const char cn_units[] = "十百千";
static const char legal_digits[] = "零壹贰叁肆伍陆柒捌玖";
static const char legal_units[] = "拾佰仟";

static void digit_by_digit(long v, struct zj_buf *out)
{
    char d[24];
    int n = snprintf(d, sizeof d, "%ld", v);
    for (int i = 0; i < n; i++)
        add_sym(out, cn_digits, d[i] - '0');
}

/* 1..9999 with place units; one zero symbol for each run of zeros inside the
 * number, none at its end.  `short_teens`: 十一 rather than 一十一. */
static void positional(long v, const char *digits, const char *units, int short_teens,
                       struct zj_buf *out)
{
    long place[4] = {v / 1000, v / 100 % 10, v / 10 % 10, v % 10};
    int started = 0, zero = 0;
    for (int k = 0; k < 4; k++) {
        if (!place[k]) {
            zero = started;
            continue;
        }
        if (zero) add_sym(out, digits, 0);
        zero = 0;
        int unit = 3 - k; /* 3 thousands .. 0 ones */
        if (!(short_teens && !started && unit == 1 && place[k] == 1 && v < 20))
            add_sym(out, digits, place[k]);
        if (unit) add_sym(out, units, unit - 1);
        started = 1;
    }
}

static void roman(long v, int upper, struct zj_buf *out)
{
    static const long val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const sym[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                      "xl", "x",  "ix", "v",  "iv", "i"};
    for (int i = 0; i < 13; i++)
        for (; v >= val[i]; v -= val[i])
            for (const char *s = sym[i]; *s; s++)
                zj_buf_addch(out, upper ? (char)(*s - 32) : *s);
}

/* Formats whose output is a closed set of symbols; returns 0 when v is out
 * of the set (the caller writes decimal). */
static int closed_set(enum zj_numfmt fmt, long v, struct zj_buf *out)
{
    static const char stems[] = "甲乙丙丁戊己庚辛壬癸";
    static const char zodiac[] = "子丑寅卯辰巳午未申酉戌亥";
    switch (fmt) {
    case ZJ_NUMFMT_IDEO_TRADITIONAL:
        if (v < 1 || v > 10) return 0;
        add_sym(out, stems, v - 1);
        return 1;
    case ZJ_NUMFMT_IDEO_ZODIAC:
        if (v < 1 || v > 12) return 0;
        add_sym(out, zodiac, v - 1);
        return 1;
    case ZJ_NUMFMT_CIRCLE:
        if (v < 1 || v > 20) return 0;
        add_cp(out, 0x2460 + (unsigned)(v - 1));
        return 1;
    case ZJ_NUMFMT_PAREN:
        if (v < 1 || v > 20) return 0;
        add_cp(out, 0x2474 + (unsigned)(v - 1));
        return 1;
    case ZJ_NUMFMT_FULLSTOP:
        if (v < 1 || v > 20) return 0;
        add_cp(out, 0x2488 + (unsigned)(v - 1));
        return 1;
    default:
        return 0;
    }
}

static void letters(long v, int upper, struct zj_buf *out)
{
    if (v < 1) return;
    char c = (char)((upper ? 'A' : 'a') + (v - 1) % 26);
    for (long n = (v - 1) / 26 + 1; n > 0 && n <= 64; n--)
        zj_buf_addch(out, c);
}

void zj_numfmt_format(enum zj_numfmt fmt, long v, struct zj_buf *out)
{
    if (v < 0) v = 0;
    if (closed_set(fmt, v, out)) return;
    switch (fmt) {
    case ZJ_NUMFMT_NONE:
    case ZJ_NUMFMT_BULLET:
        return;
    case ZJ_NUMFMT_CN_COUNTING:
        if (v > 0 && v < 100)
            positional(v, cn_digits, cn_units, 1, out);
        else
            digit_by_digit(v, out);
        return;
    case ZJ_NUMFMT_CN_THOUSAND:
        if (v > 0 && v < 10000)
            positional(v, cn_digits, cn_units, 1, out);
        else
            digit_by_digit(v, out);
        return;
    case ZJ_NUMFMT_CN_LEGAL:
        if (v > 0 && v < 10000)
            positional(v, legal_digits, legal_units, 0, out);
        else
            zj_buf_addf(out, "%ld", v);
        return;
    case ZJ_NUMFMT_IDEO_DIGITAL:
        digit_by_digit(v, out);
        return;
    case ZJ_NUMFMT_FULLWIDTH: {
        char d[24];
        int n = snprintf(d, sizeof d, "%ld", v);
        for (int i = 0; i < n; i++)
            add_cp(out, 0xFF10 + (unsigned)(d[i] - '0'));
        return;
    }
    case ZJ_NUMFMT_ZERO:
        zj_buf_addf(out, "%02ld", v);
        return;
    case ZJ_NUMFMT_UPPER_ROMAN:
    case ZJ_NUMFMT_LOWER_ROMAN:
        if (v > 0 && v < 4000)
            roman(v, fmt == ZJ_NUMFMT_UPPER_ROMAN, out);
        else
            zj_buf_addf(out, "%ld", v);
        return;
    case ZJ_NUMFMT_UPPER_LETTER:
    case ZJ_NUMFMT_LOWER_LETTER:
        letters(v, fmt == ZJ_NUMFMT_UPPER_LETTER, out);
        return;
    default:
        zj_buf_addf(out, "%ld", v);
        return;
    }
}

/* ---- the model ---- */

struct zj_abstract_num *zj_numbering_add_abstract(struct zj_numbering *nb, long id)
{
    nb->abs = zj_xgrow(nb->abs, sizeof *nb->abs, nb->nabs + 1, &nb->abs_alloc);
    struct zj_abstract_num *a = &nb->abs[nb->nabs++];
    memset(a, 0, sizeof *a);
    a->id = id;
    for (int l = 0; l < ZJ_NUM_LEVELS; l++)
        a->start_now[l] = -1, a->lvl[l].restart = -1;
    return a;
}

struct zj_num *zj_numbering_add_num(struct zj_numbering *nb, long id)
{
    nb->nums = zj_xgrow(nb->nums, sizeof *nb->nums, nb->nnums + 1, &nb->nums_alloc);
    struct zj_num *n = &nb->nums[nb->nnums++];
    memset(n, 0, sizeof *n);
    n->id = id;
    n->abstract_id = -1;
    for (int l = 0; l < ZJ_NUM_LEVELS; l++)
        n->lvl[l].restart = -1;
    return n;
}

struct zj_pstyle *zj_numbering_add_style(struct zj_numbering *nb, const char *id)
{
    nb->styles = zj_xgrow(nb->styles, sizeof *nb->styles, nb->nstyles + 1, &nb->styles_alloc);
    struct zj_pstyle *s = &nb->styles[nb->nstyles++];
    memset(s, 0, sizeof *s);
    s->id = zj_xstrdup(id);
    s->num_id = -1;
    s->ilvl = -1;
    return s;
}

void zj_numlvl_release(struct zj_numlvl *l)
{
    free(l->text);
    free(l->pstyle);
    l->text = l->pstyle = NULL;
}

void zj_numbering_release(struct zj_numbering *nb)
{
    for (size_t i = 0; i < nb->nabs; i++) {
        for (int l = 0; l < ZJ_NUM_LEVELS; l++)
            zj_numlvl_release(&nb->abs[i].lvl[l]);
        free(nb->abs[i].style_link);
    }
    for (size_t i = 0; i < nb->nnums; i++)
        for (int l = 0; l < ZJ_NUM_LEVELS; l++)
            zj_numlvl_release(&nb->nums[i].lvl[l]);
    for (size_t i = 0; i < nb->nstyles; i++)
        free(nb->styles[i].id), free(nb->styles[i].based_on);
    free(nb->abs), free(nb->nums), free(nb->styles), free(nb->default_pstyle);
    memset(nb, 0, sizeof *nb);
}

static struct zj_pstyle *find_style(struct zj_numbering *nb, const char *id)
{
    for (size_t i = 0; id && i < nb->nstyles; i++)
        if (!strcmp(nb->styles[i].id, id)) return &nb->styles[i];
    return NULL;
}

static struct zj_num *find_num(struct zj_numbering *nb, long id)
{
    for (size_t i = 0; i < nb->nnums; i++)
        if (nb->nums[i].id == id) return &nb->nums[i];
    return NULL;
}

static struct zj_abstract_num *find_abstract(struct zj_numbering *nb, long id)
{
    for (size_t i = 0; i < nb->nabs; i++)
        if (nb->abs[i].id == id) return &nb->abs[i];
    return NULL;
}

/* The abstract list of a num; a list that only links to a numbering style
 * (w:numStyleLink) is followed to the list that style names, once. */
static struct zj_abstract_num *abstract_of(struct zj_numbering *nb, const struct zj_num *num)
{
    struct zj_abstract_num *a = find_abstract(nb, num->abstract_id);
    if (!a || !a->style_link) return a;
    struct zj_pstyle *s = find_style(nb, a->style_link);
    struct zj_num *linked = s ? find_num(nb, s->num_id) : NULL;
    struct zj_abstract_num *b = linked ? find_abstract(nb, linked->abstract_id) : NULL;
    return b && !b->style_link ? b : a;
}

static const struct zj_numlvl *level(const struct zj_num *num, const struct zj_abstract_num *a,
                                     int l)
{
    return num->lvl[l].defined ? &num->lvl[l] : &a->lvl[l];
}

static long start_of(const struct zj_num *num, const struct zj_abstract_num *a, int l)
{
    return a->start_now[l] >= 0 ? a->start_now[l] : level(num, a, l)->start;
}

/* Steps level l and restarts the deeper levels that restart on it. */
static void advance(const struct zj_num *num, struct zj_abstract_num *a, int l)
{
    a->value[l] = a->live[l] ? a->value[l] + 1 : start_of(num, a, l);
    a->live[l] = 1;
    for (int k = l + 1; k < ZJ_NUM_LEVELS; k++) {
        int r = level(num, a, k)->restart;
        if (r < 0) r = k;
        if (r > 0 && l < r) a->live[k] = 0;
    }
}

/* Expands a w:lvlText pattern: %1..%9 are the current values of levels 1..9. */
static void expand(const struct zj_num *num, const struct zj_abstract_num *a, int l,
                   struct zj_buf *out)
{
    const struct zj_numlvl *me = level(num, a, l);
    const char *t = me->text ? me->text : "";
    for (; *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int k = t[1] - '1';
            const struct zj_numlvl *lk = level(num, a, k);
            long v = a->live[k] ? a->value[k] : start_of(num, a, k);
            zj_numfmt_format(me->legal && lk->fmt != ZJ_NUMFMT_NONE ? ZJ_NUMFMT_DECIMAL : lk->fmt,
                             v, out);
            t++;
        } else if ((unsigned char)t[0] == 0xEF && ((unsigned char)t[1] & 0xFC) == 0x80 && t[2]) {
            zj_buf_addstr(out, "•"); /* a Symbol/Wingdings bullet (U+F0xx), drawn as a bullet */
            t += 2;
        } else {
            zj_buf_addch(out, *t);
        }
    }
}

/* The list and level a paragraph uses: its own w:numPr over its style's
 * (basedOn chain); a style's list without a level takes the level that names
 * the style (w:pStyle), as Heading 1..3 linked to a multilevel list do. */
static int resolve(struct zj_numbering *nb, const struct zj_para_num *p, long *num_id, int *ilvl)
{
    const char *style = p->style ? p->style : nb->default_pstyle;
    long s_num = -1;
    int s_ilvl = -1, hops = 0;
    for (struct zj_pstyle *s = find_style(nb, style); s && hops < 16;
         s = find_style(nb, s->based_on), hops++) {
        if (s_num < 0 && s->num_id >= 0) s_num = s->num_id;
        if (s_ilvl < 0 && s->ilvl >= 0) s_ilvl = s->ilvl;
    }
    *num_id = p->num_id >= 0 ? p->num_id : s_num;
    if (*num_id <= 0) return 0; /* numId 0 switches numbering off */
    *ilvl = p->ilvl >= 0 ? p->ilvl : s_ilvl >= 0 ? s_ilvl : -1;
    if (*ilvl < 0 && p->num_id < 0 && style) {
        struct zj_num *num = find_num(nb, *num_id);
        struct zj_abstract_num *a = num ? abstract_of(nb, num) : NULL;
        for (int l = 0; a && l < ZJ_NUM_LEVELS && *ilvl < 0; l++)
            if (level(num, a, l)->pstyle && !strcmp(level(num, a, l)->pstyle, style)) *ilvl = l;
    }
    if (*ilvl < 0) *ilvl = 0;
    if (*ilvl >= ZJ_NUM_LEVELS) *ilvl = ZJ_NUM_LEVELS - 1;
    return 1;
}

void zj_numbering_label(struct zj_numbering *nb, const struct zj_para_num *p, struct zj_buf *out)
{
    long num_id;
    int l;
    if (!resolve(nb, p, &num_id, &l)) return;
    struct zj_num *num = find_num(nb, num_id);
    struct zj_abstract_num *a = num ? abstract_of(nb, num) : NULL;
    if (!a || !level(num, a, l)->defined) return;
    if (!num->used) { /* an instance with a start override restarts its levels */
        num->used = 1;
        for (int k = 0; k < ZJ_NUM_LEVELS; k++)
            if (num->has_start[k]) a->start_now[k] = num->start_override[k], a->live[k] = 0;
    }
    advance(num, a, l);
    size_t before = out->len;
    expand(num, a, l, out);
    enum zj_numsuff suff = level(num, a, l)->suff;
    if (out->len > before && suff != ZJ_SUFF_NOTHING)
        zj_buf_addch(out, suff == ZJ_SUFF_TAB ? '\t' : ' ');
}

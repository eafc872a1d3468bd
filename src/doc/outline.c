/*
 * outline.c - see outline.h.
 *
 * Two passes over the lines: first every line is described (offsets, and
 * whether it is a heading, by one anchored PCRE2 pattern compiled once), then
 * nodes are built from the descriptions, which makes look-ahead (split
 * headings, the sign-off at the end) simple.
 */
#define _GNU_SOURCE /* memmem */
#include "doc/outline.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

#define SPLIT_CONTINUATION_MAX 30 /* code points */
#define SIGNOFF_UNIT_MAX 40

static const char heading_pattern[] =
    "^[\\s\\x{3000}]*(?:"
    "(?<r0>第[一二三四五六七八九十]+(?:部分|章|篇))[、.．:：\\s\\x{3000}]*"
    "|(?<r1>[一二三四五六七八九十]+(?:、|[．.](?![0-9０-９])))"
    "|(?<r2>[（(][一二三四五六七八九十]+[）)])[、.．]?"
    "|(?<r3>[0-9０-９]{1,2}(?:[.．](?![0-9０-９])|、))"
    "|(?<r4>[（(][0-9０-９]{1,2}[）)])[、.．]?"
    "|(?<r5>[\\x{2460}-\\x{2473}]))[\\s\\x{3000}]*";
static const char date_pattern[] =
    "^[\\s\\x{3000}]*(?:[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})年"
    "[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日[\\s\\x{3000}]*$";

static pcre2_code *heading_re, *date_re;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *pattern)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                   &off, NULL);
    if (!re) abort(); /* the patterns are constants: a failure is a bug */
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

static void compile_all(void)
{
    heading_re = compile(heading_pattern);
    date_re = compile(date_pattern);
}

struct line {
    size_t b0, b1;   /* bytes, newline excluded */
    size_t cp0, ncp; /* code points, newline excluded */
    int rank;        /* heading rank, -1 if not a heading */
    size_t mark0, mark1; /* marker bytes */
    size_t rest;     /* byte where the heading text starts */
    int blank;
};

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)zj_utf8_next((const uint8_t *)s + i, &cp);
        if (cp != ' ' && cp != '\t' && cp != 0x3000 && cp != 0xFEFF) return 0;
    }
    return 1;
}

static void describe(const char *text, struct line *l, pcre2_match_data *md)
{
    l->rank = -1;
    l->blank = is_blank(text + l->b0, l->b1 - l->b0);
    if (l->blank) return;
    int rc = pcre2_match(heading_re, (PCRE2_SPTR)(text + l->b0), l->b1 - l->b0, 0,
                         PCRE2_NO_UTF_CHECK, md, NULL);
    if (rc < 0) return;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    for (int g = 1; g <= 6; g++) {
        if (g < rc && ov[2 * g] != PCRE2_UNSET) {
            l->rank = g - 1;
            l->mark0 = l->b0 + ov[2 * g];
            l->mark1 = l->b0 + ov[2 * g + 1];
            l->rest = l->b0 + ov[1];
            return;
        }
    }
}

static struct line *split_lines(const char *text, size_t len, size_t *nlines)
{
    size_t n = 0, alloc = 0, cp = 0;
    struct line *lines = NULL;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(heading_re, NULL);
    for (size_t i = 0; i <= len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (!nl && end == i && n > 0) break; /* no empty last line after a final LF */
        lines = zj_xgrow(lines, sizeof *lines, n + 1, &alloc);
        struct line *l = &lines[n++];
        memset(l, 0, sizeof *l);
        l->b0 = i, l->b1 = end, l->cp0 = cp;
        l->ncp = zj_utf8_count((const uint8_t *)text + i, end - i);
        describe(text, l, md);
        cp += l->ncp + (nl != NULL);
        i = end + 1;
        if (!nl) break;
    }
    pcre2_match_data_free(md);
    *nlines = n;
    return lines;
}

static int ends_with_any(const char *s, size_t n, const char *const *suffixes)
{
    for (; *suffixes; suffixes++) {
        size_t l = strlen(*suffixes);
        if (n >= l && !memcmp(s + n - l, *suffixes, l)) return 1;
    }
    return 0;
}

static const char *find_str(const char *s, size_t n, const char *needle)
{
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (!memcmp(s + i, needle, l)) return s + i;
    return NULL;
}

static void trim_span(const char *text, size_t *b0, size_t *b1)
{
    static const char *const trailing[] = {"：", ":", " ", "\t", "\xE3\x80\x80", NULL};
    while (*b0 < *b1 && (text[*b0] == ' ' || text[*b0] == '\t')) (*b0)++;
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *t = trailing; *t; t++) {
            size_t l = strlen(*t);
            if (*b1 - *b0 >= l && !memcmp(text + *b1 - l, *t, l)) *b1 -= l, again = 1;
        }
    }
}

/* Heading text up to the first 。, or a colon followed by more text. */
static void title_span(const char *text, const struct line *l, size_t *t0, size_t *t1)
{
    *t0 = l->rest;
    *t1 = l->b1;
    const char *s = text + l->rest;
    size_t n = l->b1 - l->rest;
    const char *stop = find_str(s, n, "。");
    if (stop) *t1 = (size_t)(stop - text);
    const char *colon = find_str(s, (size_t)(text + *t1 - s), "：");
    if (colon && (size_t)(colon - text) + 3 < *t1) *t1 = (size_t)(colon - text);
    trim_span(text, t0, t1);
}

/* Split heading: this heading line has no body and no closing punctuation,
 * and the next line is a short fragment, not a heading and not a sentence. */
static int continues_on(const char *text, const struct line *l, const struct line *next)
{
    static const char *const closing[] = {"。", "，", "；", "：", "！", "？", "、", ",", ";", ":",
                                          "”", "）", ")", NULL};
    if (!next || next->rank >= 0 || next->blank || next->ncp > SPLIT_CONTINUATION_MAX) return 0;
    if (find_str(text + l->rest, l->b1 - l->rest, "。")) return 0;
    if (ends_with_any(text + l->b0, l->b1 - l->b0, closing)) return 0;
    return !find_str(text + next->b0, next->b1 - next->b0, "。");
}

/* First line of the sign-off (a closing date line, and the unit line just
 * above it when short and not a sentence); nlines when there is none. */
static size_t find_signoff(const char *text, const struct line *lines, size_t nlines,
                           size_t first_body)
{
    size_t last = nlines;
    while (last > first_body && lines[last - 1].blank) last--;
    if (last <= first_body) return nlines;
    const struct line *d = &lines[last - 1];
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(date_re, NULL);
    int rc = pcre2_match(date_re, (PCRE2_SPTR)(text + d->b0), d->b1 - d->b0, 0,
                         PCRE2_NO_UTF_CHECK, md, NULL);
    pcre2_match_data_free(md);
    if (rc < 0) return nlines;
    size_t start = last - 1, prev = start;
    while (prev > first_body && lines[prev - 1].blank) prev--;
    if (prev > first_body) {
        const struct line *u = &lines[prev - 1];
        if (u->rank < 0 && u->ncp <= SIGNOFF_UNIT_MAX && !find_str(text + u->b0, u->b1 - u->b0, "。"))
            start = prev - 1;
    }
    return start;
}

struct builder {
    const char *text;
    struct zj_outline *out;
    size_t *byte_start; /* per node: first byte of its own span */
    size_t *body_byte;  /* per node: where its body (after the heading title) starts */
    size_t alloc;
    int stack[8];       /* open headings by depth */
    int depth;
};

static struct zj_section *add_node(struct builder *b, enum zj_section_kind kind, const struct line *l,
                                   size_t lineno)
{
    struct zj_outline *o = b->out;
    size_t before = o->alloc;
    o->nodes = zj_xgrow(o->nodes, sizeof *o->nodes, o->count + 1, &o->alloc);
    if (o->alloc != before) {
        b->byte_start = zj_xrealloc(b->byte_start, o->alloc * sizeof *b->byte_start);
        b->body_byte = zj_xrealloc(b->body_byte, o->alloc * sizeof *b->body_byte);
    }
    size_t k = o->count++;
    struct zj_section *s = &o->nodes[k];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->parent = -1;
    s->rank = -1;
    s->type = -1;
    s->start = k == 0 ? 0 : l->cp0;
    s->line = lineno;
    s->path = zj_xstrdup("");
    s->marker = zj_xstrdup("");
    s->title = zj_xstrdup("");
    b->byte_start[k] = k == 0 ? 0 : l->b0;
    b->body_byte[k] = b->byte_start[k];
    return s;
}

static char *span_dup(const char *text, size_t b0, size_t b1)
{
    return zj_xstrndup(text + b0, b1 > b0 ? b1 - b0 : 0);
}

/* Adds a heading node; returns how many extra lines it consumed (a split title). */
static size_t add_heading(struct builder *b, const struct line *l, const struct line *next,
                          size_t lineno)
{
    while (b->depth > 0 && b->out->nodes[b->stack[b->depth - 1]].rank >= l->rank) b->depth--;
    if (b->depth == 8) b->depth--; /* deeper than any real outline: keep as siblings */
    struct zj_section *s = add_node(b, ZJ_SEC_HEADING, l, lineno);
    int k = (int)b->out->count - 1;
    s->rank = l->rank;
    s->parent = b->depth ? b->stack[b->depth - 1] : -1;
    s->depth = b->depth + 1;
    b->stack[b->depth++] = k;
    free(s->marker);
    s->marker = span_dup(b->text, l->mark0, l->mark1);
    size_t t0, t1;
    title_span(b->text, l, &t0, &t1);
    struct zj_buf title = ZJ_BUF_INIT;
    zj_buf_add(&title, b->text + t0, t1 - t0);
    size_t used = 0;
    if (continues_on(b->text, l, next)) {
        size_t c0 = next->b0, c1 = next->b1;
        trim_span(b->text, &c0, &c1);
        zj_buf_add(&title, b->text + c0, c1 - c0);
        t1 = next->b1;
        used = 1;
    }
    free(s->title);
    s->title = zj_buf_detach(&title, NULL);
    b->body_byte[k] = t1;
    return used;
}

/* The 3-byte character at p is one of list's (each 3 bytes, concatenated). */
static int char3_in(const char *p, const char *list)
{
    for (; *list; list += 3)
        if (!memcmp(p, list, 3)) return 1;
    return 0;
}

static int is_space_byte(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether the 是 at byte `at` ends an item that starts in [b0, at): a
 * numeral run before it, then optional spaces (ASCII or U+3000), then a
 * clause's punctuation or a line start (a line start inside the spaces
 * counts too).  Valid UTF-8: a 3-byte window that starts with a lead byte is
 * a whole character, so comparing bytes is enough. */
static int item_ends_at(const char *t, size_t b0, size_t at)
{
    size_t q = at;
    while (q >= b0 + 3 && char3_in(t + q - 3, "一二三四五六七八九十"))
        q -= 3;
    if (q == at) return 0;
    size_t nums = q;
    while (q > b0) {
        if (is_space_byte(t[q - 1]))
            q--;
        else if (q >= b0 + 3 && !memcmp(t + q - 3, "\u3000", 3))
            q -= 3;
        else
            break;
    }
    for (size_t s = q; s <= nums; s++)
        if (s == 0 || t[s - 1] == '\n') return 1;
    if (q >= b0 + 1 && (t[q - 1] == ',' || t[q - 1] == ';' || t[q - 1] == ':')) return 1;
    return q >= b0 + 3 && char3_in(t + q - 3, "，；。：、");
}

/* Inline items (一是, 二是 …) in [b0, b1): found from each 是 backwards.  The
 * pattern (?m)(?:^|[，；。：,;:、])[\s\x{3000}]*[一二三四五六七八九十]+是, which
 * test_outline holds this to, has no literal to start from, and tried at every
 * byte it was a fifth of `sections`. */
int zj_outline_count_items(const char *text, size_t b0, size_t b1)
{
    int n = 0;
    for (size_t off = b0; off + 3 <= b1;) {
        const char *p = memmem(text + off, b1 - off, "是", 3);
        if (!p) break;
        size_t at = (size_t)(p - text);
        n += item_ends_at(text, b0, at);
        off = at + 3;
    }
    return n;
}

/* Ends, paths and inline items, once all starts are known. */
static void finish(struct builder *b, size_t total_cp, size_t len)
{
    struct zj_outline *o = b->out;
    int *children = zj_xcalloc(o->count + 1, sizeof *children), top = 0;
    for (size_t k = 0; k < o->count; k++) {
        struct zj_section *s = &o->nodes[k];
        s->end = k + 1 < o->count ? o->nodes[k + 1].start : total_cp;
        size_t bend = k + 1 < o->count ? b->byte_start[k + 1] : len;
        s->items = zj_outline_count_items(b->text, b->body_byte[k], bend);
        if (s->kind != ZJ_SEC_HEADING) continue;
        int idx = s->parent >= 0 ? ++children[s->parent] : ++top;
        struct zj_buf p = ZJ_BUF_INIT;
        if (s->parent >= 0) zj_buf_addf(&p, "%s.", o->nodes[s->parent].path);
        zj_buf_addf(&p, "%d", idx);
        free(s->path);
        s->path = zj_buf_detach(&p, NULL);
    }
    free(children);
}

/* Title node, then a preamble when text comes before the first heading.
 * Returns the first line after them. */
static size_t add_front(struct builder *b, const struct line *lines, size_t first_body,
                        size_t signoff, size_t title_line)
{
    if (title_line) add_node(b, ZJ_SEC_TITLE, &lines[title_line - 1], title_line);
    size_t j = first_body, text_line = signoff;
    for (; j < signoff && lines[j].rank < 0; j++)
        if (!lines[j].blank && text_line == signoff) text_line = j;
    if (text_line < j) add_node(b, ZJ_SEC_PREAMBLE, &lines[text_line], text_line + 1);
    return j;
}

void zj_outline_parse(const char *text, size_t len, size_t title_line, struct zj_outline *out)
{
    pthread_once(&compile_once, compile_all);
    memset(out, 0, sizeof *out);
    size_t n;
    struct line *lines = split_lines(text, len, &n);
    if (title_line > n) title_line = 0;
    size_t signoff = find_signoff(text, lines, n, title_line);
    struct builder b = {text, out, NULL, NULL, 0, {0}, 0};
    size_t j = add_front(&b, lines, title_line, signoff, title_line);
    for (; j < signoff; j++)
        if (lines[j].rank >= 0)
            j += add_heading(&b, &lines[j], j + 1 < signoff ? &lines[j + 1] : NULL, j + 1);
    if (signoff < n) add_node(&b, ZJ_SEC_SIGNOFF, &lines[signoff], signoff + 1);
    if (out->count == 0) add_node(&b, ZJ_SEC_PREAMBLE, &lines[0], 1);
    out->codepoints = zj_utf8_count((const uint8_t *)text, len);
    finish(&b, out->codepoints, len);
    free(b.byte_start);
    free(b.body_byte);
    free(lines);
}

/* Where the last two non-blank lines at or after byte `body` begin (blank
 * lines between them included): all find_signoff looks at. */
static size_t last_two_lines(const char *text, size_t body, size_t len)
{
    size_t starts[2] = {body, body};
    for (size_t i = body; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (!is_blank(text + i, end - i)) starts[0] = starts[1], starts[1] = i;
        if (!nl) break;
        i = end + 1;
    }
    return starts[0];
}

size_t zj_outline_signoff(const char *text, size_t len, size_t title_line)
{
    pthread_once(&compile_once, compile_all);
    /* the body starts after the title line; a title line past the last
     * line (split_lines: no empty line after a final LF) is no title */
    size_t body = 0;
    for (size_t l = 0; l < title_line; l++) {
        if (body == len && l > 0) {
            body = 0;
            break;
        }
        const char *nl = memchr(text + body, '\n', len - body);
        if (!nl) {
            if (l + 1 == title_line) return len; /* the title is the last line */
            body = 0;
            break;
        }
        body = (size_t)(nl - text) + 1;
    }
    size_t from = last_two_lines(text, body, len), n;
    struct line *lines = split_lines(text + from, len - from, &n);
    size_t s = find_signoff(text + from, lines, n, 0);
    size_t at = s < n ? from + lines[s].b0 : len;
    free(lines);
    return at;
}

void zj_outline_release(struct zj_outline *o)
{
    for (size_t k = 0; k < o->count; k++) {
        free(o->nodes[k].path);
        free(o->nodes[k].marker);
        free(o->nodes[k].title);
    }
    free(o->nodes);
    memset(o, 0, sizeof *o);
}

size_t zj_outline_find(const struct zj_outline *o, size_t cp)
{
    size_t lo = 0, hi = o->count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->nodes[mid].start <= cp) lo = mid;
        else hi = mid;
    }
    return lo;
}

size_t zj_outline_subtree_end(const struct zj_outline *o, size_t i)
{
    size_t j = i;
    while (j + 1 < o->count && o->nodes[j + 1].kind == ZJ_SEC_HEADING &&
           o->nodes[j + 1].depth > o->nodes[i].depth)
        j++;
    return o->nodes[i].kind == ZJ_SEC_HEADING ? j : i;
}

size_t zj_heading_marker(const char *line, size_t len)
{
    pthread_once(&compile_once, compile_all);
    struct line l = {0, len, 0, 0, -1, 0, 0, 0, 0};
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(heading_re, NULL);
    describe(line, &l, md);
    pcre2_match_data_free(md);
    return l.rank >= 0 ? l.rest : 0;
}

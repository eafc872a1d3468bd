/*
 * prep.c - see prep.h.
 *
 * One pass over the normalized text, line by line; name occurrences are
 * found first (strstr per form, longest forms first) and marked in a byte
 * mask, so the main pass decides each character with a lookup.
 */
#include "reuse/prep.h"

#include <stdlib.h>
#include <string.h>

#include "doc/outline.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/buf.h"
#include "util/search.h"

static const char *const unit_suffixes[] = {"党组", "党委", "党工委", "党总支", "党支部", "纪检组",
                                            "委员会", NULL};
static const char *const unit_prefixes[] = {"中共", "市", "县", "区", "某", NULL};

static int has_form(char **forms, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(forms[i], s)) return 1;
    return 0;
}

static void add_form(char ***forms, size_t *n, const char *s, size_t len)
{
    if (zj_utf8_count((const uint8_t *)s, len) < 2) return; /* a single character is no name */
    char *f = zj_xstrndup(s, len);
    if (has_form(*forms, *n, f)) {
        free(f);
        return;
    }
    *forms = zj_xrealloc(*forms, (*n + 2) * sizeof **forms);
    (*forms)[(*n)++] = f;
    (*forms)[*n] = NULL;
}

static int by_length_desc(const void *a, const void *b)
{
    size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);
    return (x < y) - (x > y);
}

char **zj_name_forms(const char *unit)
{
    char **forms = zj_xcalloc(1, sizeof *forms);
    size_t n = 0;
    if (!unit || !*unit) return forms;
    struct zj_buf norm = ZJ_BUF_INIT;
    zj_normalize_str(unit, strlen(unit), &norm);
    const char *u = zj_buf_cstr(&norm);
    size_t len = norm.len;
    add_form(&forms, &n, u, len);
    /* strip suffixes (党组, 委员会 ...) as long as one matches, then prefixes (市, 县 ...) */
    for (size_t k = 0; unit_suffixes[k];) {
        size_t sl = strlen(unit_suffixes[k]);
        if (len > sl && !memcmp(u + len - sl, unit_suffixes[k], sl)) len -= sl, k = 0;
        else k++;
    }
    add_form(&forms, &n, u, len);
    for (size_t k = 0; unit_prefixes[k];) {
        size_t pl = strlen(unit_prefixes[k]);
        if (len > pl && !memcmp(u, unit_prefixes[k], pl)) {
            add_form(&forms, &n, u + pl, len - pl);
            u += pl, len -= pl, k = 0;
        } else {
            k++;
        }
    }
    qsort(forms, n, sizeof *forms, by_length_desc);
    zj_buf_release(&norm);
    return forms;
}

void zj_name_forms_free(char **forms)
{
    for (char **f = forms; f && *f; f++) free(*f);
    free(forms);
}

/* mask[i] = 1 at the first byte of a name occurrence, 2 inside one. */
static unsigned char *name_mask(const char *t, size_t len, const char *unit)
{
    unsigned char *mask = zj_xcalloc(len + 1, 1);
    char **forms = zj_name_forms(unit);
    for (char **f = forms; *f; f++) {
        size_t fl = strlen(*f);
        for (const char *p = t; (p = strstr(p, *f)) != NULL; p += fl) {
            size_t at = (size_t)(p - t);
            int free_span = 1;
            for (size_t i = at; i < at + fl && free_span; i++) free_span = !mask[i];
            if (!free_span) continue;
            mask[at] = 1;
            memset(mask + at + 1, 2, fl - 1);
        }
    }
    zj_name_forms_free(forms);
    return mask;
}

struct emitter {
    struct zj_reuse_text *out;
    uint32_t *start; /* each character's start, packed into out at the end */
    size_t alloc, wide_alloc;
    const struct zj_norm *n;
};

/* Appends (at, value) to a sorted exception list. */
static void add_exception(uint32_t **at, uint32_t **value, size_t *n, size_t *alloc, uint32_t i, uint32_t v)
{
    size_t a = *alloc;
    *at = zj_xgrow(*at, sizeof **at, *n + 1, &a);
    *value = zj_xrealloc(*value, a * sizeof **value);
    *alloc = a;
    (*at)[*n] = i, (*value)[(*n)++] = v;
}

/* The value listed for i, or fallback when i is not in the list. */
static uint32_t exception(const uint32_t *at, const uint32_t *value, size_t n, size_t i, uint32_t fallback)
{
    size_t lo = zj_first_key(at, n, sizeof *at, 0, (uint32_t)i);
    return lo < n && at[lo] == i ? value[lo] : fallback;
}

static void emit(struct emitter *e, uint32_t code, size_t b0, size_t b1)
{
    struct zj_reuse_text *o = e->out;
    if (o->len + 1 > e->alloc) {
        size_t a = e->alloc;
        o->code = zj_xgrow(o->code, sizeof *o->code, o->len + 1, &a);
        e->start = zj_xrealloc(e->start, a * sizeof *e->start);
        e->alloc = a;
    }
    uint32_t start = e->n->map[b0], end = e->n->map[b1 - 1] + 1;
    if (end != start + 1)
        add_exception(&o->wide_at, &o->wide_end, &o->nwide, &e->wide_alloc, (uint32_t)o->len, end);
    o->code[o->len] = code;
    e->start[o->len++] = start;
}

/* Starts as block bases and 16-bit offsets (starts never decrease). */
static void pack_starts(struct zj_reuse_text *t, const uint32_t *start)
{
    size_t far_alloc = 0;
    t->base = zj_xmalloc((t->len / ZJ_START_BLOCK + 1) * sizeof *t->base);
    t->off = zj_xmalloc((t->len + 1) * sizeof *t->off);
    for (size_t i = 0; i < t->len; i++) {
        if (i % ZJ_START_BLOCK == 0) t->base[i / ZJ_START_BLOCK] = start[i];
        uint32_t d = start[i] - t->base[i / ZJ_START_BLOCK];
        t->off[i] = d < 0xFFFF ? (uint16_t)d : 0xFFFF;
        if (d >= 0xFFFF) add_exception(&t->far_at, &t->far_start, &t->nfar, &far_alloc, (uint32_t)i, start[i]);
    }
}

static int is_cn_digit(int32_t cp)
{
    return (cp == 0x3007 || cp == 0x25CB || cp == 0x96F6 || cp == 0x4E00 ||
                                   cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 ||
                                   cp == 0x516D || cp == 0x4E03 || cp == 0x516B || cp == 0x4E5D);
}

/* Length of a number at s: ASCII digits (with . or , between digits), or a
 * Chinese-numeral year (二〇二二 followed by 年).  0 when there is none. */
static size_t number_at(const uint8_t *s, size_t n)
{
    size_t i = 0;
    if (s[0] >= '0' && s[0] <= '9') {
        while (i < n && ((s[i] >= '0' && s[i] <= '9') ||
                         ((s[i] == '.' || s[i] == ',') && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')))
            i++;
        return i;
    }
    int zero = 0, count = 0;
    while (i < n) {
        int32_t cp;
        int l = zj_utf8_next(s + i, &cp);
        if (!is_cn_digit(cp)) break;
        zero |= cp == 0x3007 || cp == 0x25CB || cp == 0x96F6;
        count++;
        i += (size_t)l;
    }
    return zero && count >= 2 && i + 3 <= n && !memcmp(s + i, "年", 3) ? i : 0;
}

void zj_reuse_text_build(const struct zj_norm *n, const char *unit, size_t title_line,
                         struct zj_reuse_text *out)
{
    memset(out, 0, sizeof *out);
    const char *t = n->text.ptr;
    size_t len = n->text.len;
    unsigned char *mask = name_mask(t, len, unit);
    struct emitter e = {out, NULL, 0, 0, n};
    size_t lines_alloc = 0;
    /* the sign-off (the unit's name and the date), like the title, is not
     * text: the same unit's sign-off every year was counted as carried over */
    size_t stop = zj_outline_signoff(t, len, title_line);
    for (size_t i = 0, line_start = 1, line = 0; i < stop;) {
        if (line_start) {
            if (out->len && (!out->nlines || out->lines[out->nlines - 1] != out->len)) {
                out->lines =
                    zj_xgrow(out->lines, sizeof *out->lines, out->nlines + 1, &lines_alloc);
                out->lines[out->nlines++] = (uint32_t)out->len;
            }
            const char *nl = memchr(t + i, '\n', len - i);
            size_t line_len = nl ? (size_t)(nl - (t + i)) : len - i;
            line_start = 0;
            if (++line == title_line) {
                i += line_len; /* the newline itself starts the next line */
                continue;
            }
            i += zj_heading_marker(t + i, line_len);
            if (i >= len) break;
        }
        if (mask[i]) {
            size_t j = i + 1;
            while (j < len && mask[j] == 2) j++;
            emit(&e, ZJ_REUSE_NAME, i, j);
            i = j;
            continue;
        }
        size_t num = number_at((const uint8_t *)t + i, len - i);
        if (num) {
            emit(&e, ZJ_REUSE_NUMBER, i, i + num);
            i += num;
            continue;
        }
        int32_t cp;
        int l = zj_utf8_next((const uint8_t *)t + i, &cp);
        if (cp == '\n') line_start = 1;
        else if (zj_is_text_char(cp)) emit(&e, (uint32_t)cp, i, i + (size_t)l);
        i += (size_t)l;
    }
    free(mask);
    /* kept for the whole run, for every document: no growth slack (up to half) */
    out->code = zj_xrealloc(out->code, (out->len + 1) * sizeof *out->code);
    out->lines = zj_xrealloc(out->lines, (out->nlines + 1) * sizeof *out->lines);
    pack_starts(out, e.start);
    free(e.start);
}

void zj_reuse_text_release(struct zj_reuse_text *t)
{
    if (!t->packed) free(t->code);
    free(t->base), free(t->off), free(t->far_at), free(t->far_start), free(t->wide_at), free(t->wide_end);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

void zj_reuse_line_of(const struct zj_reuse_text *t, uint32_t pos, uint32_t *lo, uint32_t *hi)
{
    /* the first line starting after pos; pos lies in the one before it */
    size_t l = zj_first_key(t->lines, t->nlines, sizeof *t->lines, 0, pos + 1);
    *lo = l ? t->lines[l - 1] : 0, *hi = l < t->nlines ? t->lines[l] : (uint32_t)t->len;
}

uint32_t zj_reuse_start(const struct zj_reuse_text *t, size_t i)
{
    uint16_t d = t->off[i];
    return d != 0xFFFF ? t->base[i / ZJ_START_BLOCK] + d : exception(t->far_at, t->far_start, t->nfar, i, 0);
}

uint32_t zj_reuse_end(const struct zj_reuse_text *t, size_t i)
{
    return exception(t->wide_at, t->wide_end, t->nwide, i, zj_reuse_start(t, i) + 1);
}

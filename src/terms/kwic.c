/*
 * kwic.c - see kwic.h.
 */
#include "terms/kwic.h"

#include <string.h>
#include <utf8proc.h>

#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"

void zj_cpindex_init(struct zj_cpindex *ix, const char *text, size_t len)
{
    size_t n = zj_utf8_count((const uint8_t *)text, len), m = n / ZJ_CPINDEX_STEP + 1;
    ix->text = text, ix->count = n;
    ix->off = zj_xmalloc(m * sizeof *ix->off);
    ix->line = zj_xmalloc(m * sizeof *ix->line);
    uint32_t line = 1;
    size_t i = 0;
    for (size_t k = 0; k < m; k++) {
        ix->off[k] = (uint32_t)i, ix->line[k] = line;
        for (size_t j = 0; j < ZJ_CPINDEX_STEP && i < len; j++) {
            line += text[i] == '\n';
            i += (size_t)zj_utf8_len((uint8_t)text[i]);
        }
    }
}

/* From the sampled code point at or before cp to cp itself: its byte, and
 * its line when line is not NULL. */
static size_t walk(const struct zj_cpindex *ix, size_t cp, size_t *line)
{
    if (cp > ix->count) cp = ix->count;
    size_t k = cp / ZJ_CPINDEX_STEP, i = ix->off[k], l = ix->line[k];
    for (size_t j = k * ZJ_CPINDEX_STEP; j < cp; j++) {
        l += ix->text[i] == '\n';
        i += (size_t)zj_utf8_len((uint8_t)ix->text[i]);
    }
    if (line) *line = l;
    return i;
}

size_t zj_cpindex_byte(const struct zj_cpindex *ix, size_t cp)
{
    return walk(ix, cp, NULL);
}

size_t zj_cpindex_line(const struct zj_cpindex *ix, size_t cp)
{
    size_t l;
    walk(ix, cp, &l);
    return l;
}

void zj_cpindex_release(struct zj_cpindex *ix)
{
    free(ix->off);
    free(ix->line);
    memset(ix, 0, sizeof *ix);
}

void zj_kwic_span(const uint32_t *map, size_t start, size_t end, size_t *cp_start,
                  size_t *cp_end)
{
    *cp_start = map[start];
    *cp_end = end > start ? (size_t)map[end - 1] + 1 : *cp_start;
}

/* Copies decoded text, one line per row: ⏎ for LF, a space for TAB and CR. */
static void add_flat(struct zj_buf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != '\n' && c != '\t' && c != '\r') continue;
        zj_buf_add(out, s + run, i - run);
        zj_buf_addstr(out, c == '\n' ? "\xe2\x8f\x8e" : " ");
        run = i + 1;
    }
    zj_buf_add(out, s + run, len - run);
}

void zj_kwic_context(const char *text, const struct zj_cpindex *ix, size_t cp_start,
                     size_t cp_end, size_t width, struct zj_buf *left, struct zj_buf *match,
                     struct zj_buf *right)
{
    if (cp_end > ix->count) cp_end = ix->count;
    if (cp_start > cp_end) cp_start = cp_end;
    size_t l0 = cp_start > width ? cp_start - width : 0;
    size_t r1 = cp_end + width < ix->count ? cp_end + width : ix->count;
    size_t b_l0 = zj_cpindex_byte(ix, l0), b_start = zj_cpindex_byte(ix, cp_start);
    size_t b_end = zj_cpindex_byte(ix, cp_end), b_r1 = zj_cpindex_byte(ix, r1);
    add_flat(left, text + b_l0, b_start - b_l0);
    add_flat(match, text + b_start, b_end - b_start);
    add_flat(right, text + b_end, b_r1 - b_end);
}

int zj_kwic_cmp_left(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = alen, j = blen;
    while (i > 0 && j > 0) {
        size_t pi = zj_utf8_prev((const uint8_t *)a, i), pj = zj_utf8_prev((const uint8_t *)b, j);
        int32_t ca, cb;
        zj_utf8_next((const uint8_t *)a + pi, &ca);
        zj_utf8_next((const uint8_t *)b + pj, &cb);
        if (ca != cb) return ca < cb ? -1 : 1;
        i = pi, j = pj;
    }
    return i > 0 ? 1 : j > 0 ? -1 : 0;
}

int zj_kwic_cmp_right(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

size_t zj_display_width(const char *s, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)zj_utf8_next((const uint8_t *)s + i, &cp);
        int w = utf8proc_charwidth(cp);
        cols += w > 0 ? (size_t)w : 0;
    }
    return cols;
}

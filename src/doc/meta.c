/*
 * meta.c - title line, folder and manifest metadata (see meta.h).
 *
 * The title is parsed after normalization (so ２０２３ reads as 2023) by a
 * small hand scanner: the genre's titles are short and regular, and the rules
 * ("the year summarised wins", "unit before the kind words") are easier to
 * read as code than as one regular expression.
 */
#include "doc/meta.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "table/read.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

#define MAX_TITLE_CHARS 100

struct year_at {
    int year;
    size_t start, end; /* bytes of the year and its 年/年度 in the title */
};

/* Value of a Chinese numeral digit (〇零○一…九) starting at s, or -1. */
static int cn_digit(const char *s, int *len)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (!strncmp(s, "零", 3) || !strncmp(s, "○", 3) || !strncmp(s, "Ｏ", 3)) return *len = 3, 0;
    for (int d = 0; d < 10; d++)
        if (!strncmp(s, digits[d], 3)) return *len = 3, d;
    return -1;
}

/* A year at s followed by 年: 2022年, 二〇二二年.  Returns bytes used before 年, or 0. */
static size_t year_here(const char *s, int *year)
{
    size_t i = 0;
    int y = 0;
    if (isdigit((unsigned char)s[0])) {
        for (; i < 4; i++) {
            if (!isdigit((unsigned char)s[i])) return 0;
            y = y * 10 + (s[i] - '0');
        }
        if (isdigit((unsigned char)s[4])) return 0;
    } else {
        for (int k = 0; k < 4; k++) {
            int l, d = cn_digit(s + i, &l);
            if (d < 0) return 0;
            y = y * 10 + d;
            i += (size_t)l;
        }
    }
    if (strncmp(s + i, "年", 3) || y < 1949 || y > 2100) return 0;
    *year = y;
    return i;
}

static size_t find_years(const char *t, struct year_at *ys, size_t max)
{
    size_t n = 0, len = strlen(t);
    for (size_t i = 0; i < len && n < max;) {
        int y;
        size_t l = (i == 0 || !isdigit((unsigned char)t[i - 1])) ? year_here(t + i, &y) : 0;
        if (l) {
            size_t end = i + l + 3;
            if (!strncmp(t + end, "度", 3)) end += 3;
            ys[n++] = (struct year_at){y, i, end};
            i = end;
        } else {
            i++;
        }
    }
    return n;
}

static const char *const report_words[] = {"总结", "报告", "情况", "汇报", "述职", "述责述廉"};
static const char *const kind_words[] = {
    "党风廉政建设", "全面从严治党", "落实", "履行", "工作", "党建", "党的建设", "反腐败",
    "廉政",         "意识形态",     "述职", "述责述廉", "总结", "情况", "报告", "汇报"};

static const char *find_first(const char *s, size_t len, const char *const *words, size_t nwords)
{
    const char *best = NULL;
    for (size_t i = 0; i < nwords; i++) {
        const char *p = strstr(s, words[i]);
        if (p && (size_t)(p - s) < len && (!best || p < best)) best = p;
    }
    return best;
}

/* Of several years, the one whose stretch of title speaks of a summary or
 * report ("…2022年工作总结及2023年工作计划" is about 2022). */
static size_t pick_year(const char *t, const struct year_at *ys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t stop = k + 1 < n ? ys[k + 1].start : strlen(t);
        if (find_first(t + ys[k].end, stop - ys[k].end, report_words, 6)) return k;
    }
    return 0;
}

static char *trimmed(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    /* trailing punctuation of a title: ：: 。 */
    while (len >= 3 && (!strncmp(s + len - 3, "：", 3) || !strncmp(s + len - 3, "。", 3))) len -= 3;
    while (len && s[len - 1] == ':') len--;
    return len ? zj_xstrndup(s, len) : NULL;
}

static void set_unit_kind(const char *t, const struct year_at *first, struct zj_meta *m)
{
    size_t pre = first ? first->start : 0;
    const char *u = t;
    if (!strncmp(u, "关于", 6) && pre >= 6) u += 6, pre -= 6;
    const char *rest = first ? t + first->end : t;
    char *unit = trimmed(u, pre);
    if (!unit) { /* year first or no year: the unit runs up to the kind words */
        if (!strncmp(rest, "关于", 6)) rest += 6;
        const char *kw = find_first(rest, strlen(rest), kind_words, 16);
        if (kw) unit = trimmed(rest, (size_t)(kw - rest)), rest = kw;
    }
    if (!m->unit && unit) m->unit = unit, m->unit_from = ZJ_META_TITLE;
    else free(unit);
    if (!m->kind) m->kind = trimmed(rest, strlen(rest));
}

void zj_meta_parse_title(const char *title, struct zj_meta *m)
{
    struct zj_buf norm = ZJ_BUF_INIT;
    zj_normalize_str(title, strlen(title), &norm);
    const char *t = zj_buf_cstr(&norm);
    struct year_at ys[8];
    size_t n = find_years(t, ys, 8);
    const struct year_at *first = n ? &ys[0] : NULL;
    if (n && !m->year) m->year = ys[pick_year(t, ys, n)].year, m->year_from = ZJ_META_TITLE;
    set_unit_kind(t, first, m);
    zj_buf_release(&norm);
}

static int has_full_stop(const char *s, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (!memcmp(s + i, "。", 3)) return 1;
    return 0;
}

/* A title line: the first line with something visible (a line of full-width
 * spaces or zero-width characters is blank), short, not a sentence (no 。,
 * not even the final one trimmed() drops), and naming a year or a report word. */
void zj_meta_from_title(const char *text, size_t len, struct zj_meta *m)
{
    size_t line = 1, i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *l = trimmed(text + i, end - i);
        struct zj_buf norm = ZJ_BUF_INIT;
        if (l) zj_normalize_str(l, strlen(l), &norm);
        if (norm.len) {
            struct year_at ys[1];
            int looks = find_years(norm.ptr, ys, 1) ||
                        find_first(norm.ptr, norm.len, report_words, 6) != NULL;
            int is_title = looks && zj_utf8_count((const uint8_t *)l, strlen(l)) <= MAX_TITLE_CHARS &&
                           !has_full_stop(text + i, end - i);
            zj_buf_release(&norm);
            if (is_title) {
                m->title = l;
                m->title_line = line;
                zj_meta_parse_title(l, m);
            } else {
                free(l);
            }
            return;
        }
        zj_buf_release(&norm);
        free(l);
        i = end + 1;
        line++;
    }
}

int zj_meta_year_from_path(const char *path)
{
    int found = 0;
    const char *seg = path;
    for (const char *p = path;; p++) {
        if (*p == '/' || !*p) {
            if (!*p) break; /* the file name itself is not a folder */
            size_t l = (size_t)(p - seg);
            if ((l == 4 || (l == 7 && !strncmp(seg + 4, "年", 3))) && isdigit((unsigned char)seg[0]) &&
                isdigit((unsigned char)seg[1]) && isdigit((unsigned char)seg[2]) &&
                isdigit((unsigned char)seg[3])) {
                int y = atoi(seg);
                if (y >= 1949 && y <= 2100) found = y;
            }
            seg = p + 1;
        }
    }
    return found;
}

void zj_meta_release(struct zj_meta *m)
{
    free(m->title);
    free(m->unit);
    free(m->kind);
    zj_docprops_release(&m->props);
    memset(m, 0, sizeof *m);
}

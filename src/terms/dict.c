/*
 * dict.c - dictionary loading and validation (see dict.h).
 *
 * Every problem is reported as file:line[:col] with what is wrong, and the
 * first error stops the load: a dictionary that silently drops entries would
 * silently miscount.
 */
#include "terms/dict.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "doc/walk.h"
#include "terms/ac.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"

struct line_ctx {
    const char *path;
    long line;
};

struct zj_dict *zj_dict_new(void)
{
    return zj_xcalloc(1, sizeof(struct zj_dict));
}

void zj_dict_free(struct zj_dict *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->nentries; i++) {
        struct zj_entry *e = &d->entries[i];
        free(e->term), free(e->category), free(e->name), free(e->note), free(e->file);
        pcre2_code_free(e->re);
    }
    for (size_t i = 0; i < d->npatterns; i++) free(d->patterns[i].text);
    free(d->entries), free(d->patterns), free(d->regex_entries);
    zj_strmap_release(&d->keys);
    zj_ac_free(d->ac);
    zj_ac_free(d->anchor_ac);
    for (size_t i = 0; i < d->nanchors; i++) free(d->anchors[i]);
    free(d->anchors), free(d->anchor_of), free(d->anchor_back);
    free(d);
}

/* Splits line into at most 4 tab-separated fields (pointers into line). */
static size_t split_fields(char *line, char **f)
{
    size_t n = 0;
    for (char *p = line;; p++) {
        if (n < 4 && (p == line || p[-1] == '\0')) f[n++] = p;
        if (!*p) break;
        if (*p == '\t') *p = '\0';
    }
    return n;
}

static char *trim(char *s)
{
    while (*s == ' ') s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\r')) s[--l] = '\0';
    return s;
}

/* Category path: segments trimmed, none empty. */
static int clean_category(const char *raw, struct zj_buf *out)
{
    const char *p = raw;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t l = slash ? (size_t)(slash - p) : strlen(p);
        while (l && *p == ' ') p++, l--;
        while (l && p[l - 1] == ' ') l--;
        if (!l) return ZJ_ERR;
        if (out->len) zj_buf_addch(out, '/');
        zj_buf_add(out, p, l);
        if (!slash) return ZJ_OK;
        p = slash + 1;
    }
}

static int add_key(struct zj_dict *d, const char *raw, uint32_t entry, int is_alias,
                   const struct line_ctx *at, struct zj_error *err)
{
    struct zj_buf key = ZJ_BUF_INIT;
    zj_normalize_str(raw, strlen(raw), &key);
    if (!key.len) {
        zj_buf_release(&key);
        return zj_error_set(err, at->path, at->line, 0, "%s `%s` is empty after normalization",
                            is_alias ? "alias" : "term", raw);
    }
    int added;
    uint32_t *slot = zj_strmap_put(&d->keys, key.ptr, key.len, (uint32_t)d->npatterns, &added);
    if (!added) {
        const struct zj_entry *first = &d->entries[d->patterns[*slot].entry];
        zj_error_set(err, at->path, at->line, 0, "duplicate term `%s` (already at %s:%ld)", raw,
                     first->file, first->line);
        zj_buf_release(&key);
        return ZJ_ERR;
    }
    d->patterns = zj_xgrow(d->patterns, sizeof *d->patterns, d->npatterns + 1, &d->patterns_alloc);
    struct zj_pattern *p = &d->patterns[d->npatterns++];
    p->len = key.len;
    p->text = zj_buf_detach(&key, NULL);
    p->entry = entry;
    p->is_alias = is_alias;
    return ZJ_OK;
}

static int compile_regex(struct zj_entry *e, const struct line_ctx *at, struct zj_error *err)
{
    int code;
    PCRE2_SIZE off;
    /* USE_OFFSET_LIMIT: the prefilter bounds where a match may start */
    e->re = pcre2_compile((PCRE2_SPTR)e->term, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_USE_OFFSET_LIMIT,
                          &code, &off, NULL);
    if (!e->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        /* column in characters: "re:" plus the pattern up to the offset */
        long col = 4 + (long)zj_utf8_count((const uint8_t *)e->term, off);
        return zj_error_set(err, at->path, at->line, col, "bad regex: %s", (char *)msg);
    }
    pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter on failure */
    return ZJ_OK;
}

static int add_aliases(struct zj_dict *d, char *aliases, uint32_t entry, const struct line_ctx *at,
                       struct zj_error *err)
{
    for (char *a = aliases; a && *a;) {
        char *bar = strchr(a, '|');
        if (bar) *bar = '\0';
        char *t = trim(a);
        if (*t) {
            if (add_key(d, t, entry, 1, at, err)) return ZJ_ERR;
            d->entries[entry].naliases++;
        }
        a = bar ? bar + 1 : NULL;
    }
    return ZJ_OK;
}

static int add_regex_entry(struct zj_dict *d, struct zj_entry *e, uint32_t idx, char *name,
                           const struct line_ctx *at, struct zj_error *err)
{
    if (!*e->term) return zj_error_set(err, at->path, at->line, 4, "empty regex after `re:`");
    /* A TAB never survives normalization, so this key cannot collide with a
     * literal one (ｒｅ：x normalizes to "re:x"). */
    struct zj_buf key = ZJ_BUF_INIT;
    zj_buf_addf(&key, "\tre:%s", e->term);
    int added;
    zj_strmap_put(&d->keys, key.ptr, key.len, UINT32_MAX, &added);
    zj_buf_release(&key);
    if (!added) return zj_error_set(err, at->path, at->line, 0, "duplicate regex `%s`", e->term);
    if (name && *name) e->name = zj_xstrdup(name);
    d->regex_entries = zj_xgrow(d->regex_entries, sizeof *d->regex_entries, d->nregex + 1,
                                &d->regex_alloc);
    d->regex_entries[d->nregex++] = idx;
    return compile_regex(e, at, err);
}

static int parse_line(struct zj_dict *d, char *line, const struct line_ctx *at,
                      struct zj_error *err)
{
    char *f[4] = {NULL, NULL, NULL, NULL};
    size_t nf = split_fields(line, f);
    char *term = trim(f[0]);
    if (nf < 2) return zj_error_set(err, at->path, at->line, 0, "expected term<TAB>category");
    if (!*term) return zj_error_set(err, at->path, at->line, 1, "empty term");
    struct zj_buf cat = ZJ_BUF_INIT;
    if (clean_category(trim(f[1]), &cat)) {
        zj_buf_release(&cat);
        return zj_error_set(err, at->path, at->line, 0, "empty category for `%s`", term);
    }
    d->entries = zj_xgrow(d->entries, sizeof *d->entries, d->nentries + 1, &d->entries_alloc);
    uint32_t idx = (uint32_t)d->nentries++;
    struct zj_entry *e = &d->entries[idx];
    memset(e, 0, sizeof *e);
    int is_re = !strncmp(term, "re:", 3);
    e->term = zj_xstrdup(is_re ? term + 3 : term);
    e->category = zj_buf_detach(&cat, NULL);
    e->file = zj_xstrdup(at->path);
    e->line = at->line;
    if (nf > 3 && *trim(f[3])) e->note = zj_xstrdup(trim(f[3]));
    if (is_re) return add_regex_entry(d, e, idx, nf > 2 ? trim(f[2]) : NULL, at, err);
    if (add_key(d, term, idx, 0, at, err)) return ZJ_ERR;
    return nf > 2 ? add_aliases(d, f[2], idx, at, err) : ZJ_OK;
}

/* Drops every U+FEFF from a line, in place.  It is never part of a term: a
 * byte-order mark, at the start of the file or wherever `cat a.tsv b.tsv`
 * put one (which would otherwise turn a `#` comment line into a bad entry
 * and leave an invisible character in a term's name). */
static void drop_bom(char *line)
{
    char *w = line;
    for (const char *r = line; *r;) {
        if (!strncmp(r, "\xEF\xBB\xBF", 3)) r += 3; /* strncmp stops at the NUL */
        else *w++ = *r++;
    }
    *w = '\0';
}

int zj_dict_load_buffer(struct zj_dict *d, const char *data, size_t len, const char *path,
                        struct zj_error *err)
{
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    size_t ok = zj_utf8_valid_prefix((const uint8_t *)data, len);
    if (ok < len) {
        long line = 1, col = 1;
        for (size_t i = 0; i < ok; i++) {
            if (data[i] == '\n') line++, col = 1;
            else col += ((uint8_t)data[i] & 0xC0) != 0x80;
        }
        return zj_error_set(err, path, line, col, "invalid UTF-8 byte 0x%02x",
                            (unsigned)(uint8_t)data[ok]);
    }
    struct line_ctx at = {path, 0};
    int rc = ZJ_OK;
    for (size_t i = 0; i < len && rc == ZJ_OK;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        at.line++;
        char *line = zj_xstrndup(data + i, end - i);
        drop_bom(line);
        char *t = trim(line);
        if (*t && *t != '#') rc = parse_line(d, line, &at, err);
        free(line);
        i = end + 1;
    }
    return rc;
}

int zj_dict_load(struct zj_dict *d, const char *path, struct zj_error *err)
{
    unsigned char *data;
    size_t len;
    if (zj_read_file(path, &data, &len, err)) return ZJ_ERR;
    int rc = zj_dict_load_buffer(d, (const char *)data, len, path, err);
    free(data);
    return rc;
}


/* Skips a [...] class starting at p[0] == '['; returns the index after it. */
static size_t skip_class(const char *p, size_t i)
{
    i++;
    if (p[i] == '^') i++;
    if (p[i] == ']') i++;
    while (p[i] && p[i] != ']') i += p[i] == '\\' && p[i + 1] ? 2 : 1;
    return p[i] ? i + 1 : i;
}

/* Skips a (...) group starting at p[i] == '('; returns the index after it. */
static size_t skip_group(const char *p, size_t i)
{
    int depth = 0;
    while (p[i]) {
        if (p[i] == '\\' && p[i + 1]) i += 2;
        else if (p[i] == '[') i = skip_class(p, i);
        else {
            depth += p[i] == '(';
            depth -= p[i] == ')';
            i++;
            if (!depth) break;
        }
    }
    return i;
}

static int is_quant(char c)
{
    return c == '?' || c == '*' || c == '+' || c == '{';
}

static int top_level_alternation(const char *p)
{
    for (size_t j = 0, depth = 0; p[j]; j++) {
        if (p[j] == '\\' && p[j + 1]) j++;
        else if (p[j] == '[') j = skip_class(p, j) - 1;
        else if (p[j] == '(') depth++;
        else if (p[j] == ')') depth--;
        else if (p[j] == '|' && depth == 0) return 1;
    }
    return 0;
}

/* Index after an escape at p[i] == '\\' (\p{Han}, \x{4e00} included). */
static size_t skip_escape(const char *p, size_t i)
{
    if (!p[i + 1]) return i + 1;
    if (strchr("pPx", p[i + 1]) && p[i + 2] == '{') {
        const char *close = strchr(p + i, '}');
        return close ? (size_t)(close - p) + 1 : strlen(p);
    }
    return i + 2;
}

/*
 * Reads the top level of the pattern: runs of literal characters are
 * required unless a quantifier makes one optional; groups, classes and
 * escapes end a run.  Anything before the anchor that can match without
 * bound (*, +, {..}, a backreference) leaves the start distance unknown, and
 * no anchor is used.  Every pattern byte before the anchor matches at most
 * four bytes of text, which bounds the distance.
 */
char *zj_regex_anchor(const char *p, size_t *back)
{
    if (top_level_alternation(p)) return NULL;
    size_t best0 = 0, best1 = 0, run0 = 0, i = 0;
    int in_run = 0, unbounded = 0, run_unbounded = 0, best_unbounded = 0;
    while (p[i]) {
        char c = p[i];
        size_t next;
        int literal = 0;
        if (c == '\\') unbounded |= p[i + 1] >= '1' && p[i + 1] <= '9', next = skip_escape(p, i);
        else if (c == '[') next = skip_class(p, i);
        else if (c == '(') next = skip_group(p, i);
        else if (strchr(".^$)", c)) next = i + 1;
        else next = i + (size_t)zj_utf8_len((uint8_t)c), literal = 1;
        char q = p[next];
        if (literal && (!is_quant(q) || q == '+')) {
            if (!in_run) in_run = 1, run0 = i, run_unbounded = unbounded;
            if (next - run0 > best1 - best0) best0 = run0, best1 = next, best_unbounded = run_unbounded;
        } else {
            in_run = 0;
        }
        for (i = next; is_quant(p[i]);) {
            in_run &= p[i] != '+' && p[i] != '*' && p[i] != '{' && p[i] != '?';
            unbounded |= p[i] != '?';
            if (p[i] == '{') {
                const char *close = strchr(p + i, '}');
                i = close ? (size_t)(close - p) + 1 : strlen(p);
            } else {
                i++;
            }
        }
    }
    if (best1 <= best0 || best_unbounded) return NULL;
    *back = 4 * best0 + 4;
    return zj_xstrndup(p + best0, best1 - best0);
}

static void build_anchors(struct zj_dict *d)
{
    zj_ac_free(d->anchor_ac);
    d->anchor_ac = NULL;
    d->anchor_of = zj_xrealloc(d->anchor_of, (d->nregex + 1) * sizeof *d->anchor_of);
    d->anchor_back = zj_xrealloc(d->anchor_back, (d->nregex + 1) * sizeof *d->anchor_back);
    for (size_t r = 0; r < d->nregex; r++) {
        size_t back = 0;
        char *a = zj_regex_anchor(d->entries[d->regex_entries[r]].term, &back);
        d->anchor_of[r] = -1;
        d->anchor_back[r] = back;
        if (!a) continue;
        size_t k = 0;
        while (k < d->nanchors && strcmp(d->anchors[k], a)) k++;
        if (k == d->nanchors) {
            d->anchors = zj_xrealloc(d->anchors, (d->nanchors + 1) * sizeof *d->anchors);
            d->anchors[d->nanchors++] = a;
        } else {
            free(a);
        }
        d->anchor_of[r] = (int32_t)k;
    }
    if (!d->nanchors) return;
    size_t *lens = zj_xmalloc(d->nanchors * sizeof *lens);
    for (size_t k = 0; k < d->nanchors; k++) lens[k] = strlen(d->anchors[k]);
    d->anchor_ac = zj_ac_new((const char *const *)d->anchors, lens, d->nanchors);
    free(lens);
}

void zj_dict_finish(struct zj_dict *d)
{
    build_anchors(d);
    const char **texts = zj_xmalloc((d->npatterns + 1) * sizeof *texts);
    size_t *lens = zj_xmalloc((d->npatterns + 1) * sizeof *lens);
    for (size_t i = 0; i < d->npatterns; i++) texts[i] = d->patterns[i].text, lens[i] = d->patterns[i].len;
    zj_ac_free(d->ac);
    d->ac = zj_ac_new(texts, lens, d->npatterns);
    free(texts);
    free(lens);
}

void zj_category_prefix(const char *category, int level, struct zj_buf *out)
{
    const char *end = category;
    for (int k = 0; *end; end++)
        if (*end == '/' && level > 0 && ++k == level) break;
    zj_buf_add(out, category, (size_t)(end - category));
}

void zj_categories_init(struct zj_categories *c, const struct zj_dict *d, int level)
{
    struct zj_strmap seen = {0};
    memset(c, 0, sizeof *c);
    c->of_entry = zj_xmalloc((d->nentries + 1) * sizeof *c->of_entry);
    c->names = zj_xmalloc((d->nentries + 1) * sizeof *c->names);
    for (size_t e = 0; e < d->nentries; e++) {
        struct zj_buf p = ZJ_BUF_INIT;
        zj_category_prefix(d->entries[e].category, level, &p);
        int added;
        uint32_t *k = zj_strmap_put(&seen, zj_buf_cstr(&p), p.len, (uint32_t)c->count, &added);
        if (added) c->names[c->count++] = zj_buf_detach(&p, NULL);
        else zj_buf_release(&p);
        c->of_entry[e] = *k;
    }
    zj_strmap_release(&seen);
}

void zj_categories_release(struct zj_categories *c)
{
    for (size_t k = 0; k < c->count; k++) free(c->names[k]);
    free(c->names);
    free(c->of_entry);
    memset(c, 0, sizeof *c);
}

/*
 * dict.c - dictionary loading and validation (see dict.h).
 *
 * Every problem is reported as file:line[:col] with what is wrong, and the
 * first error stops the load: a dictionary that silently drops entries would
 * silently miscount.
 */
#include "terms/dict.h"

#include <assert.h>
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
    free(d->ac_entry);
    free(d->ac_anchor);
    for (size_t i = 0; i < d->nanchors; i++) free(d->anchors[i]);
    free(d->anchors), free(d->anchor_users), free(d->anchor_users_start), free(d->regex_anchored);
    free(d->anchor_back);
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
    /* falls back to the interpreter on failure */
    e->jit = pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE) == 0;
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
    if (zj_utf8_check_file(&data, &len, path, err)) return ZJ_ERR;
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

#define UNBOUNDED ((size_t)-1)

/* Most text bytes the pattern bytes p[i..next) can match, UNBOUNDED when
 * there is no bound: a literal byte matches exactly one byte, a class, an
 * escape or `.` one character (at most four bytes), a group at most the sum
 * of its atoms (a safe bound even with alternatives inside). */
static size_t atom_bound(const char *p, size_t i, size_t next)
{
    char c = p[i];
    if (c == '\\') return p[i + 1] >= '1' && p[i + 1] <= '9' ? UNBOUNDED : 4;
    if (c == '[' || c == '.') return 4;
    if (c == '^' || c == '$' || c == ')') return 0;
    if (c != '(') return next - i;
    size_t sum = 0;
    for (size_t j = i + 1; j + 1 < next;) {
        size_t k;
        if (p[j] == '\\') {
            if (p[j + 1] >= '1' && p[j + 1] <= '9') return UNBOUNDED;
            k = skip_escape(p, j), sum += 4;
        } else if (p[j] == '[') {
            k = skip_class(p, j), sum += 4;
        } else if (p[j] == '*' || p[j] == '+' || p[j] == '{') {
            return UNBOUNDED;
        } else {
            k = j + 1, sum += p[j] == '.' ? 4 : strchr("()|?", p[j]) ? 0 : 1;
        }
        j = k;
    }
    return sum;
}

/* The bound of an atom times its quantifier at p[*i] (advanced past it):
 * ? keeps it, {n,m} multiplies by m, * + and {n,} leave it unbounded. */
static size_t quantified(const char *p, size_t *i, size_t bound)
{
    while (is_quant(p[*i])) {
        char q = p[*i];
        if (q == '{') {
            const char *close = strchr(p + *i, '}'), *comma = strchr(p + *i, ',');
            size_t m = UNBOUNDED;
            if (close && (!comma || comma > close)) m = strtoul(p + *i + 1, NULL, 10);
            else if (close && comma[1] != '}') m = strtoul(comma + 1, NULL, 10);
            if (bound != UNBOUNDED) bound = m == UNBOUNDED || (m && bound > UNBOUNDED / m) ? UNBOUNDED : bound * m;
            *i = close ? (size_t)(close - p) + 1 : strlen(p);
        } else {
            if (q != '?') bound = UNBOUNDED;
            ++*i;
        }
    }
    return bound;
}

/*
 * Reads the top level of the pattern: runs of literal characters are
 * required unless a quantifier makes one optional; groups, classes and
 * escapes end a run.  *back is the most text bytes a match can cover before
 * the anchor (atom_bound, summed); anything unbounded before it (*, +,
 * {n,}, a backreference) means no anchor is used.
 */
char *zj_regex_anchor(const char *p, size_t *back)
{
    if (top_level_alternation(p)) return NULL;
    size_t best0 = 0, best1 = 0, run0 = 0, i = 0, reach = 0, run_reach = 0, best_reach = 0;
    int in_run = 0;
    while (p[i]) {
        char c = p[i];
        size_t next;
        int literal = 0;
        if (c == '\\') next = skip_escape(p, i);
        else if (c == '[') next = skip_class(p, i);
        else if (c == '(') next = skip_group(p, i);
        else if (strchr(".^$)", c)) next = i + 1;
        else next = i + (size_t)zj_utf8_len((uint8_t)c), literal = 1;
        char q = p[next];
        if (literal && (!is_quant(q) || q == '+')) {
            if (!in_run) in_run = 1, run0 = i, run_reach = reach;
            if (next - run0 > best1 - best0) best0 = run0, best1 = next, best_reach = run_reach;
        } else {
            in_run = 0;
        }
        size_t bound = atom_bound(p, i, next);
        i = next;
        in_run &= !is_quant(p[i]);
        bound = quantified(p, &i, bound);
        reach = reach == UNBOUNDED || bound == UNBOUNDED ? UNBOUNDED : reach + bound;
    }
    if (best1 <= best0 || best_reach == UNBOUNDED) return NULL;
    *back = best_reach;
    return zj_xstrndup(p + best0, best1 - best0);
}

/* The characters of a plain class p[i] == '[' .. p[close] == ']' (no
 * negation, range, escape or POSIX class) as strings; NULL otherwise. */
static char **class_chars(const char *p, size_t i, size_t close, size_t *n)
{
    *n = 0;
    if (p[i + 1] == '^' || close == i + 1) return NULL;
    for (size_t k = i + 1; k < close; k++)
        if (strchr("\\-[", p[k])) return NULL;
    char **out = zj_xcalloc(close - i, sizeof *out);
    for (size_t k = i + 1; k < close;) {
        size_t len = (size_t)zj_utf8_len((uint8_t)p[k]);
        if (k + len > close) len = close - k;
        out[(*n)++] = zj_xstrndup(p + k, len);
        k += len;
    }
    return out;
}

/* The alternatives of a group body p[from, to) made of plain characters
 * separated by '|' ("意识|自信"), none empty; NULL otherwise. */
static void free_strings(char **s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(s[k]);
    free(s);
}

static char **plain_alternatives(const char *p, size_t from, size_t to, size_t *n)
{
    *n = 0;
    if (from == to) return NULL;
    for (size_t k = from; k < to; k++)
        if (strchr("\\[](){}.*+?^$", p[k])) return NULL;
    char **out = zj_xcalloc(to - from + 1, sizeof *out);
    for (size_t k = from, start = from; k <= to; k++) {
        if (k < to && p[k] != '|') continue;
        if (k == start) {
            free_strings(out, *n), *n = 0;
            return NULL;
        }
        out[(*n)++] = zj_xstrndup(p + start, k - start);
        start = k + 1;
    }
    return out;
}

/* The strings one atom p[i, next) can match, when it is a plain character,
 * a plain class, or a capturing group holding one of those or plain
 * alternatives; NULL otherwise. */
static char **atom_strings(const char *p, size_t i, size_t next, size_t *n)
{
    *n = 0;
    if (p[i] == '[') return p[next - 1] == ']' ? class_chars(p, i, next - 1, n) : NULL;
    if (p[i] == '(') {
        if (p[i + 1] == '?' || p[next - 1] != ')') return NULL;
        if (p[i + 1] == '[' && skip_class(p, i + 1) == next - 1)
            return class_chars(p, i + 1, next - 2, n);
        return plain_alternatives(p, i + 1, next - 1, n);
    }
    if (strchr("\\[](){}.*+?^$|", p[i])) return NULL;
    char **out = zj_xmalloc(sizeof *out);
    out[(*n)++] = zj_xstrndup(p + i, next - i);
    return out;
}

/* set := every string of set followed by every alternative (a product). */
static char **product(char **set, size_t *n, char **alt, size_t nalt)
{
    char **out = zj_xmalloc(*n * nalt * sizeof *out);
    for (size_t a = 0; a < *n; a++)
        for (size_t b = 0; b < nalt; b++) {
            size_t la = strlen(set[a]), lb = strlen(alt[b]);
            char *s = zj_xmalloc(la + lb + 1);
            memcpy(s, set[a], la);
            memcpy(s + la, alt[b], lb + 1);
            out[a * nalt + b] = s;
        }
    free_strings(set, *n);
    *n *= nalt;
    return out;
}

char **zj_regex_lead_strings(const char *p, size_t cap, size_t *n)
{
    *n = 0;
    if (top_level_alternation(p)) return NULL;
    char **set = zj_xmalloc(sizeof *set);
    set[0] = zj_xstrdup(""), *n = 1;
    size_t i = 0, atoms = 0;
    while (p[i]) {
        size_t next = p[i] == '['   ? skip_class(p, i)
                      : p[i] == '(' ? skip_group(p, i)
                                    : i + (size_t)zj_utf8_len((uint8_t)p[i]);
        char q = p[next];
        if (q == '?' || q == '*' || q == '{') break; /* the atom may be absent */
        size_t nalt;
        char **alt = atom_strings(p, i, next, &nalt);
        int fits = alt && *n * nalt <= cap;
        if (fits) set = product(set, n, alt, nalt), atoms++;
        free_strings(alt, nalt);
        if (!fits || q == '+') break; /* after X+ the next atom need not follow the first X */
        i = next;
    }
    if (atoms) return set;
    free_strings(set, *n), *n = 0;
    return NULL;
}

static uint32_t anchor_index(struct zj_dict *d, char *a)
{
    size_t k = 0;
    while (k < d->nanchors && strcmp(d->anchors[k], a)) k++;
    if (k == d->nanchors) {
        d->anchors = zj_xrealloc(d->anchors, (d->nanchors + 1) * sizeof *d->anchors);
        d->anchors[d->nanchors++] = a;
    } else {
        free(a);
    }
    return (uint32_t)k;
}

/* Lead strings of one entry: enough that "([二..十])[严讲问..]\1" (19
 * characters in the second class) is tried after its 171 two-character
 * openings, not after every numeral; more strings, more automaton states. */
#define LEAD_STRINGS_MAX 256

static size_t shortest_chars(char *const *s, size_t n)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        size_t c = zj_utf8_count((const uint8_t *)s[k], strlen(s[k]));
        if (c < best) best = c;
    }
    return best;
}

/* Each regex entry's anchors: the strings its matches open with, when they
 * are longer (in characters, a proxy for rarer) than the literal every match
 * must contain, else that literal, else none; then, per anchor, the entries
 * that use it. */
static void build_anchors(struct zj_dict *d)
{
    d->anchor_back = zj_xrealloc(d->anchor_back, (d->nregex + 1) * sizeof *d->anchor_back);
    d->regex_anchored = zj_xrealloc(d->regex_anchored, d->nregex + 1);
    uint32_t *pair_anchor = NULL, *pair_regex = NULL;
    size_t npairs = 0, alloc = 0;
    for (size_t r = 0; r < d->nregex; r++) {
        const char *pat = d->entries[d->regex_entries[r]].term;
        size_t back = 0, nlead = 0;
        char *a = zj_regex_anchor(pat, &back);
        char **lead = zj_regex_lead_strings(pat, LEAD_STRINGS_MAX, &nlead);
        if (a && lead &&
            shortest_chars(lead, nlead) <= zj_utf8_count((const uint8_t *)a, strlen(a))) {
            free_strings(lead, nlead), lead = NULL, nlead = 0;
        }
        if (lead) free(a), a = NULL;
        char *one[1] = {a};
        char **list = a ? one : lead;
        size_t nlist = a ? 1 : nlead;
        d->anchor_back[r] = a ? back : 0;
        d->regex_anchored[r] = nlist > 0;
        for (size_t k = 0; k < nlist; k++) {
            if (npairs + 1 > alloc) {
                alloc = alloc ? 2 * alloc : 16;
                pair_anchor = zj_xrealloc(pair_anchor, alloc * sizeof *pair_anchor);
                pair_regex = zj_xrealloc(pair_regex, alloc * sizeof *pair_regex);
            }
            pair_anchor[npairs] = anchor_index(d, list[k]), pair_regex[npairs++] = (uint32_t)r;
        }
        free(lead);
    }
    d->anchor_users_start = zj_xrealloc(d->anchor_users_start, (d->nanchors + 2) * sizeof *d->anchor_users_start);
    d->anchor_users = zj_xrealloc(d->anchor_users, (npairs + 1) * sizeof *d->anchor_users);
    memset(d->anchor_users_start, 0, (d->nanchors + 2) * sizeof *d->anchor_users_start);
    for (size_t k = 0; k < npairs; k++) d->anchor_users_start[pair_anchor[k] + 1]++;
    for (size_t a = 0; a < d->nanchors; a++) d->anchor_users_start[a + 1] += d->anchor_users_start[a];
    uint32_t *fill = zj_xcalloc(d->nanchors + 1, sizeof *fill);
    for (size_t k = 0; k < npairs; k++) /* pairs are in regex order: users stay in file order */
        d->anchor_users[d->anchor_users_start[pair_anchor[k]] + fill[pair_anchor[k]]++] = pair_regex[k];
    free(fill), free(pair_anchor), free(pair_regex);
}

/* Automaton ids: the patterns first, then each anchor that is not also a
 * pattern's key (an id then reports both). */
void zj_dict_finish(struct zj_dict *d)
{
    build_anchors(d);
    size_t n = d->npatterns + d->nanchors;
    const char **texts = zj_xmalloc((n + 1) * sizeof *texts);
    size_t *lens = zj_xmalloc((n + 1) * sizeof *lens);
    d->ac_entry = zj_xrealloc(d->ac_entry, (n + 1) * sizeof *d->ac_entry);
    d->ac_anchor = zj_xrealloc(d->ac_anchor, (n + 1) * sizeof *d->ac_anchor);
    size_t k = 0;
    for (; k < d->npatterns; k++) {
        const struct zj_pattern *p = &d->patterns[k];
        texts[k] = p->text, lens[k] = p->len;
        assert(p->len > 0 && p->entry < ZJ_AC_WORD_EDGE);
        int edge =
            zj_is_ascii_word((uint8_t)p->text[0]) || zj_is_ascii_word((uint8_t)p->text[p->len - 1]);
        d->ac_entry[k] = p->entry | (edge ? ZJ_AC_WORD_EDGE : 0), d->ac_anchor[k] = -1;
    }
    for (size_t a = 0; a < d->nanchors; a++) {
        size_t len = strlen(d->anchors[a]);
        uint32_t *p = zj_strmap_get(&d->keys, d->anchors[a], len);
        if (p) {
            d->ac_anchor[*p] = (int32_t)a;
            continue;
        }
        texts[k] = d->anchors[a], lens[k] = len;
        d->ac_entry[k] = ZJ_AC_NO_ENTRY, d->ac_anchor[k++] = (int32_t)a;
    }
    zj_ac_free(d->ac);
    d->ac = zj_ac_new(texts, lens, k);
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

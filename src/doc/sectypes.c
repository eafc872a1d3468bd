/* sectypes.c - see sectypes.h. */
#include "doc/sectypes.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "doc/walk.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/banned.h"

static int type_index(struct zj_sectypes *st, const char *name, size_t len)
{
    for (size_t i = 0; i < st->ntypes; i++)
        if (strlen(st->names[i]) == len && !memcmp(st->names[i], name, len)) return (int)i;
    st->names = zj_xrealloc(st->names, (st->ntypes + 1) * sizeof *st->names);
    st->standard = zj_xrealloc(st->standard, (st->ntypes + 1) * sizeof *st->standard);
    st->names[st->ntypes] = zj_xstrndup(name, len);
    st->standard[st->ntypes] = 0;
    return (int)st->ntypes++;
}

static int set_standard(struct zj_sectypes *st, const char *list)
{
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        while (l && *p == ' ') p++, l--;
        while (l && p[l - 1] == ' ') l--;
        if (l) {
            int t = type_index(st, p, l); /* may move st->standard */
            st->standard[t] = 1;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return ZJ_OK;
}

static int add_rule(struct zj_sectypes *st, char **f, size_t nf, const char *path, long line,
                    struct zj_error *err)
{
    if (nf < 2 || !*f[0] || !*f[1])
        return zj_error_set(err, path, line, 0, "expected pattern<TAB>type");
    if (nf > 2 && *f[2] && strcmp(f[2], "any") && strcmp(f[2], "top"))
        return zj_error_set(err, path, line, 0, "scope must be `top` or `any`, not `%s`", f[2]);
    st->rules = zj_xrealloc(st->rules, (st->nrules + 1) * sizeof *st->rules);
    struct zj_secrule *r = &st->rules[st->nrules];
    memset(r, 0, sizeof *r);
    r->type = type_index(st, f[1], strlen(f[1]));
    r->any_depth = nf > 2 && !strcmp(f[2], "any");
    if (!strncmp(f[0], "re:", 3)) {
        int code;
        PCRE2_SIZE off;
        r->re = pcre2_compile((PCRE2_SPTR)(f[0] + 3), PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
        if (!r->re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            return zj_error_set(err, path, line, 4 + (long)zj_utf8_count((const uint8_t *)f[0] + 3, off),
                                "bad regex: %s", (char *)msg);
        }
    } else {
        struct zj_buf n = ZJ_BUF_INIT;
        zj_normalize_str(f[0], strlen(f[0]), &n);
        r->literal = zj_buf_detach(&n, NULL);
    }
    st->nrules++;
    return ZJ_OK;
}

static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(f[i]);
        while (l && (f[i][l - 1] == '\r' || f[i][l - 1] == ' ')) f[i][--l] = '\0';
    }
    return n;
}

static void add_builtins(struct zj_sectypes *st)
{
    st->other = type_index(st, "other", 5);
    st->title = type_index(st, "title", 5);
    st->preamble = type_index(st, "preamble", 8);
    st->signoff = type_index(st, "signoff", 7);
}

int zj_sectypes_load_buffer(struct zj_sectypes *st, const char *data, size_t len,
                            const char *path, struct zj_error *err)
{
    memset(st, 0, sizeof *st);
    if (zj_utf8_check_file(&data, &len, path, err)) return ZJ_ERR;
    long line = 0;
    int rc = ZJ_OK;
    for (size_t i = 0; i < len && rc == ZJ_OK;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        char *l = zj_xstrndup(data + i, end - i), *f[3];
        line++;
        if (*l && *l != '#' && strspn(l, " \t\r") != strlen(l)) {
            size_t nf = split_tabs(l, f, 3);
            if (!strcmp(f[0], "!standard")) rc = nf < 2 ? zj_error_set(err, path, line, 0, "!standard needs a list of types") : set_standard(st, f[1]);
            else rc = add_rule(st, f, nf, path, line, err);
        }
        free(l);
        i = end + 1;
    }
    add_builtins(st);
    return rc;
}

int zj_sectypes_load(struct zj_sectypes *st, const char *path, struct zj_error *err)
{
    unsigned char *data;
    size_t len;
    memset(st, 0, sizeof *st);
    if (zj_read_file(path, &data, &len, err)) return ZJ_ERR;
    int rc = zj_sectypes_load_buffer(st, (const char *)data, len, path, err);
    free(data);
    return rc;
}

void zj_sectypes_release(struct zj_sectypes *st)
{
    for (size_t i = 0; i < st->ntypes; i++) free(st->names[i]);
    for (size_t i = 0; i < st->nrules; i++) {
        free(st->rules[i].literal);
        pcre2_code_free(st->rules[i].re);
    }
    free(st->names), free(st->standard), free(st->rules);
    memset(st, 0, sizeof *st);
}

static pcre2_code *year_re;
static pthread_once_t year_once = PTHREAD_ONCE_INIT;

static void compile_year(void)
{
    static const char pat[] = "(?:[0-9]{4}|[〇零○一二三四五六七八九]{4})年度?";
    int code;
    PCRE2_SIZE off;
    year_re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!year_re) abort(); /* a constant pattern: failing is a bug */
}

/* The title without years: 2023年, 2023年度, 二〇二三年. */
static void strip_years(const char *s, struct zj_buf *out)
{
    pthread_once(&year_once, compile_year);
    PCRE2_SIZE outlen = strlen(s) + 1;
    zj_buf_grow(out, outlen);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_substitute(year_re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0,
                              PCRE2_SUBSTITUTE_GLOBAL, md, NULL, (PCRE2_SPTR) "", 0,
                              (PCRE2_UCHAR *)out->ptr + out->len, &outlen);
    pcre2_match_data_free(md);
    if (rc >= 0) out->len += outlen;
    else zj_buf_addstr(out, s);
    out->ptr[out->len] = '\0';
}

int zj_sectypes_classify(const struct zj_sectypes *st, const char *title, int depth)
{
    struct zj_buf norm = ZJ_BUF_INIT, t = ZJ_BUF_INIT;
    zj_normalize_str(title, strlen(title), &norm);
    strip_years(zj_buf_cstr(&norm), &t);
    int type = -1;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    for (size_t i = 0; i < st->nrules && type < 0; i++) {
        const struct zj_secrule *r = &st->rules[i];
        if (depth > 1 && !r->any_depth) continue;
        int hit = r->literal ? strstr(t.ptr, r->literal) != NULL
                             : pcre2_match(r->re, (PCRE2_SPTR)t.ptr, t.len, 0, 0, md, NULL) >= 0;
        if (hit) type = r->type;
    }
    pcre2_match_data_free(md);
    zj_buf_release(&norm);
    zj_buf_release(&t);
    return type;
}

void zj_sectypes_assign(const struct zj_sectypes *st, struct zj_outline *o)
{
    for (size_t k = 0; k < o->count; k++) {
        struct zj_section *s = &o->nodes[k];
        switch (s->kind) {
        case ZJ_SEC_TITLE: s->type = st->title; break;
        case ZJ_SEC_PREAMBLE: s->type = st->preamble; break;
        case ZJ_SEC_SIGNOFF: s->type = st->signoff; break;
        case ZJ_SEC_HEADING: {
            int t = zj_sectypes_classify(st, s->title, s->depth);
            if (t < 0) t = s->parent >= 0 ? o->nodes[s->parent].type : st->other;
            s->type = t;
        }
        }
    }
}

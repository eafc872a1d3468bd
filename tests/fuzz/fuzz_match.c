/* fuzz_match.c - differential: the Aho-Corasick matcher against the naive
 * reference.  Input: dictionary terms, one per line, then a line "--", then
 * the text.  Any disagreement aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "terms/dict.h"
#include "terms/match.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/buf.h"

static int hit_order(const void *a, const void *b)
{
    const struct zj_hit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->nested != y->nested) return x->nested - y->nested;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

static void check(const struct zj_dict *d, const char *t, size_t len, unsigned flags)
{
    struct zj_matcher m;
    struct zj_error err;
    zj_matcher_init(&m, d);
    if (zj_match(&m, t, len, flags, &err)) abort();
    struct zj_hit *ref;
    size_t nref;
    zj_match_naive(d, t, len, flags, &ref, &nref);
    if (nref != m.nhits) abort();
    if (nref) qsort(ref, nref, sizeof *ref, hit_order), qsort(m.hits, nref, sizeof *ref, hit_order);
    for (size_t i = 0; i < nref; i++)
        if (hit_order(&ref[i], &m.hits[i])) abort();
    free(ref);
    zj_matcher_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (zj_utf8_valid_prefix(data, size) != size || memchr(data, 0, size)) return 0;
    const char *s = (const char *)data, *sep = NULL;
    for (size_t i = 0; i + 3 <= size; i++)
        if (!memcmp(s + i, "--\n", 3) && (i == 0 || s[i - 1] == '\n')) { sep = s + i; break; }
    if (!sep) return 0;
    struct zj_dict *d = zj_dict_new();
    struct zj_buf tsv = ZJ_BUF_INIT;
    for (const char *p = s; p < sep;) {
        const char *nl = memchr(p, '\n', (size_t)(sep - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(sep - p);
        struct zj_buf line = ZJ_BUF_INIT;
        zj_buf_add(&line, p, l);
        zj_buf_addstr(&line, "\tC\n");
        struct zj_error err;
        struct zj_dict *probe = zj_dict_new();
        /* literal entries only (the reference knows no regex): ask the loader, since a line
         * can become `re:` once it drops a U+FEFF or trims spaces */
        int ok = l && !memchr(p, '\t', l) && p[0] != '#' &&
                 !zj_dict_load_buffer(probe, zj_buf_cstr(&tsv), tsv.len, "t", &err) &&
                 !zj_dict_load_buffer(probe, line.ptr, line.len, "t", &err) && probe->nregex == 0;
        zj_dict_free(probe);
        if (ok) zj_buf_add(&tsv, line.ptr, line.len);
        zj_buf_release(&line);
        p += l + 1;
    }
    struct zj_error err;
    if (tsv.len && !zj_dict_load_buffer(d, tsv.ptr, tsv.len, "t", &err)) {
        zj_dict_finish(d);
        struct zj_buf text = ZJ_BUF_INIT;
        zj_normalize_str(sep + 3, size - (size_t)(sep + 3 - s), &text);
        check(d, zj_buf_cstr(&text), text.len, 0);
        check(d, zj_buf_cstr(&text), text.len, ZJ_MATCH_NESTED);
        zj_buf_release(&text);
    }
    zj_buf_release(&tsv);
    zj_dict_free(d);
    return 0;
}

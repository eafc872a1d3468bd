/* coverage.c - see coverage.h. */
#include "stats/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "text/normalize.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/banned.h"

void zj_coverage_init(struct zj_coverage *cv, const struct zj_outline *o, const char *text,
                      size_t len, size_t ncats)
{
    memset(cv, 0, sizeof *cv);
    cv->outline = o;
    cv->ncats = ncats;
    cv->chars = zj_xcalloc(o->count + 1, sizeof *cv->chars);
    cv->hits = zj_xcalloc(o->count + 1, sizeof *cv->hits);
    cv->cat_hits = zj_xcalloc(o->count * ncats + 1, sizeof *cv->cat_hits);
    /* a section at a time (text before the first heading counts to node 0):
     * this runs over every character of every document */
    const uint8_t *t = (const uint8_t *)text;
    size_t i = 0, cp = 0;
    for (size_t node = 0; i < len; node++) {
        size_t end = node + 1 < o->count ? o->nodes[node + 1].start : SIZE_MAX, n = 0;
        for (; i < len && cp < end; cp++) {
            uint8_t b = t[i];
            if (b >= 0xE5 && b <= 0xE9) { /* U+5000..U+9FFF: ideographs, letters */
                i += 3, n++;
                continue;
            }
            int32_t c;
            i += (size_t)zj_utf8_next(t + i, &c);
            n += (size_t)zj_is_text_char(c);
        }
        cv->chars[node] += n; /* node < count, or 0 when there is no outline */
        cv->doc_chars += n;
    }
}

void zj_coverage_add_hit(struct zj_coverage *cv, size_t cp, uint32_t cat)
{
    size_t node = zj_outline_find(cv->outline, cp);
    cv->hits[node]++;
    cv->doc_hits++;
    if (cat < cv->ncats) cv->cat_hits[node * cv->ncats + cat]++;
}

void zj_coverage_release(struct zj_coverage *cv)
{
    free(cv->chars), free(cv->hits), free(cv->cat_hits);
    memset(cv, 0, sizeof *cv);
}

void zj_coverage_subtree(const struct zj_coverage *cv, size_t i, size_t *chars, size_t *hits)
{
    size_t last = zj_outline_subtree_end(cv->outline, i);
    *chars = *hits = 0;
    for (size_t k = i; k <= last; k++) *chars += cv->chars[k], *hits += cv->hits[k];
}

void zj_coverage_by_type(const struct zj_coverage *cv, size_t ntypes, struct zj_type_cover *out)
{
    for (size_t t = 0; t < ntypes; t++) {
        memset(&out[t], 0, sizeof out[t]);
        out[t].cat_hits = zj_xcalloc(cv->ncats + 1, sizeof *out[t].cat_hits);
    }
    const struct zj_outline *o = cv->outline;
    for (size_t k = 0; k < o->count; k++) {
        int t = o->nodes[k].type;
        if (t < 0 || (size_t)t >= ntypes) continue;
        out[t].sections++;
        out[t].chars += cv->chars[k];
        out[t].hits += cv->hits[k];
        for (size_t c = 0; c < cv->ncats; c++) out[t].cat_hits[c] += cv->cat_hits[k * cv->ncats + c];
    }
}

void zj_type_cover_release(struct zj_type_cover *tc, size_t ntypes)
{
    for (size_t t = 0; t < ntypes; t++) free(tc[t].cat_hits);
}

void zj_type_profile_init(struct zj_type_profile *p, const struct zj_coverage *cv, size_t ntypes)
{
    struct zj_type_cover *tc = zj_xcalloc(ntypes + 1, sizeof *tc);
    zj_coverage_by_type(cv, ntypes, tc);
    p->ntypes = ntypes;
    p->ncats = cv->ncats;
    p->doc_chars = (double)cv->doc_chars;
    p->chars = zj_xcalloc(ntypes + 1, sizeof *p->chars);
    p->hits = zj_xcalloc(ntypes + 1, sizeof *p->hits);
    p->cat_hits = zj_xcalloc(ntypes * cv->ncats + 1, sizeof *p->cat_hits);
    p->present = zj_xcalloc(ntypes + 1, 1);
    for (size_t t = 0; t < ntypes; t++) {
        p->chars[t] = (double)tc[t].chars;
        p->hits[t] = (double)tc[t].hits;
        p->present[t] = tc[t].sections > 0;
        for (size_t k = 0; k < cv->ncats; k++) p->cat_hits[t * cv->ncats + k] = tc[t].cat_hits[k];
    }
    zj_type_cover_release(tc, ntypes);
    free(tc);
}

void zj_type_profile_release(struct zj_type_profile *p)
{
    free(p->chars), free(p->hits), free(p->cat_hits), free(p->present);
    memset(p, 0, sizeof *p);
}

static void add_to_row(struct zj_cover_row *r, const struct zj_type_profile *p, int g)
{
    size_t t = (size_t)r->type;
    int used = r->cat < 0 ? p->present[t] : p->cat_hits[t * p->ncats + (size_t)r->cat] > 0;
    double hits = r->cat < 0 ? p->hits[t] : p->cat_hits[t * p->ncats + (size_t)r->cat];
    double size = r->cat < 0 ? p->doc_chars : p->chars[t];
    if (g == 0) r->docs_a++, r->present_a += used, r->chars_a += p->chars[t], r->size_a += size, r->hits_a += hits;
    else r->docs_b++, r->present_b += used, r->chars_b += p->chars[t], r->size_b += size, r->hits_b += hits;
}

void zj_coverage_compare(const struct zj_type_profile *const *docs, const int *group, size_t ndocs,
                         struct zj_cover_row **rows, size_t *nrows)
{
    size_t nt = 0, nc = 0, n = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (group[d] >= 0) nt = docs[d]->ntypes, nc = docs[d]->ncats;
    struct zj_cover_row *out = zj_xcalloc(nt * (nc + 1) + 1, sizeof *out);
    for (size_t t = 0; t < nt; t++) {
        for (long k = -1; k < (long)nc; k++) {
            struct zj_cover_row r = {(int)t, (int)k, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            for (size_t d = 0; d < ndocs; d++)
                if (group[d] >= 0) add_to_row(&r, docs[d], group[d]);
            if (r.present_a || r.present_b) out[n++] = r;
        }
    }
    *rows = out;
    *nrows = n;
}

void zj_doc_sections_init(struct zj_doc_sections *ds, const char *text, size_t len,
                          size_t title_line, const struct zj_sectypes *st, size_t ncats)
{
    zj_outline_parse(text, len, title_line, &ds->outline);
    zj_sectypes_assign(st, &ds->outline);
    zj_coverage_init(&ds->cover, &ds->outline, text, len, ncats);
}

size_t zj_doc_sections_node(const struct zj_doc_sections *ds, const uint32_t *map,
                            const struct zj_hit *h)
{
    return zj_outline_find(&ds->outline, map[h->start]);
}

void zj_doc_sections_add_hits(struct zj_doc_sections *ds, const uint32_t *map,
                              const struct zj_hit *hits, size_t n, const uint32_t *cat_of_entry)
{
    for (size_t i = 0; i < n; i++)
        zj_coverage_add_hit(&ds->cover, map[hits[i].start], cat_of_entry ? cat_of_entry[hits[i].entry] : UINT32_MAX);
}

void zj_doc_sections_release(struct zj_doc_sections *ds)
{
    zj_coverage_release(&ds->cover);
    zj_outline_release(&ds->outline);
}

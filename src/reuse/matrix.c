/*
 * matrix.c - the unit x unit matrix of text shared within a year (reuse.h).
 *
 * Built from the verified document pairs, so it costs one pass over their
 * passages; a pair's passages can overlap on one side (reordered or repeated
 * paragraphs), so each side's intervals are merged before they are summed.
 */
#include <stdlib.h>
#include <string.h>

#include "reuse/reuse.h"
#include "util/alloc.h"
#include "util/banned.h"

static int by_lo(const void *x, const void *y)
{
    const struct zj_interval *a = x, *b = y;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

size_t zj_reuse_pair_cover(const struct zj_reuse_pair *p, int side_b, int with_templates,
                           size_t min_chars, struct zj_interval *s)
{
    size_t n = 0, total = 0;
    for (size_t j = 0; j < p->npassages; j++) {
        if (!with_templates && zj_reuse_passage_is_template(p, j)) continue;
        if (zj_reuse_passage_is_satellite(p, j, min_chars)) continue;
        const struct zj_passage *q = &p->passages[j];
        s[n++] = side_b ? (struct zj_interval){q->b0, q->b1} : (struct zj_interval){q->a0, q->a1};
    }
    qsort(s, n, sizeof *s, by_lo);
    uint32_t end = 0;
    for (size_t j = 0; j < n; j++) {
        uint32_t lo = s[j].lo > end ? s[j].lo : end;
        if (s[j].hi > lo) total += s[j].hi - lo;
        if (s[j].hi > end) end = s[j].hi;
    }
    return total;
}

static size_t year_index(const struct zj_unit_matrix *m, int year)
{
    size_t lo = 0, hi = m->nyears;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->years[mid] < year) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->nyears && m->years[lo] == year ? lo : m->nyears;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void collect_years(struct zj_unit_matrix *m, const struct zj_reuse_doc *docs, size_t ndocs)
{
    m->years = zj_xmalloc((ndocs + 1) * sizeof *m->years);
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d].year) m->years[m->nyears++] = docs[d].year;
    qsort(m->years, m->nyears, sizeof *m->years, cmp_int);
    size_t k = 0;
    for (size_t i = 0; i < m->nyears; i++)
        if (!k || m->years[k - 1] != m->years[i]) m->years[k++] = m->years[i];
    m->nyears = k;
}

void zj_unit_matrix_init(struct zj_unit_matrix *m, const struct zj_reuse_doc *docs, size_t ndocs,
                         size_t nunits, size_t min_chars, const struct zj_reuse_result *res)
{
    memset(m, 0, sizeof *m);
    m->nunits = nunits;
    collect_years(m, docs, ndocs);
    size_t nu = nunits ? nunits : 1;
    m->chars = zj_xcalloc(m->nyears * nu + 1, sizeof *m->chars);
    m->shared = zj_xcalloc(m->nyears * nu * nu + 1, sizeof *m->shared);
    for (size_t d = 0; d < ndocs; d++) {
        size_t y = year_index(m, docs[d].year);
        if (y < m->nyears && (size_t)docs[d].unit < nunits) m->chars[y * nu + (size_t)docs[d].unit] += docs[d].text.len;
    }
    struct zj_interval *s = NULL;
    size_t alloc = 0;
    for (size_t i = 0; i < res->npairs; i++) {
        const struct zj_reuse_pair *p = &res->pairs[i];
        const struct zj_reuse_doc *a = &docs[p->a], *b = &docs[p->b];
        size_t y = year_index(m, a->year);
        if (y == m->nyears || a->year != b->year || a->unit == b->unit) continue;
        if ((size_t)a->unit >= nunits || (size_t)b->unit >= nunits) continue;
        s = zj_xgrow(s, sizeof *s, p->npassages + 1, &alloc);
        size_t ua = (size_t)a->unit, ub = (size_t)b->unit, base = y * nu * nu;
        m->shared[base + ua * nu + ub] += zj_reuse_pair_cover(p, 0, 0, min_chars, s);
        m->shared[base + ub * nu + ua] += zj_reuse_pair_cover(p, 1, 0, min_chars, s);
    }
    free(s);
}

void zj_unit_matrix_release(struct zj_unit_matrix *m)
{
    free(m->years), free(m->chars), free(m->shared);
    memset(m, 0, sizeof *m);
}

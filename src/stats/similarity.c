/* similarity.c - see similarity.h. */
#include "stats/similarity.h"

#include <math.h>

#include "util/banned.h"

double zj_norm_of(const struct zj_doc_counts *x)
{
    double s = 0;
    for (size_t i = 0; i < x->count; i++) s += (double)x->items[i].count * x->items[i].count;
    return sqrt(s);
}

double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared)
{
    return zj_cosine_normed(x, zj_norm_of(x), y, zj_norm_of(y), shared);
}

double zj_cosine_normed(const struct zj_doc_counts *x, double nx, const struct zj_doc_counts *y,
                        double ny, size_t *shared)
{
    double dot = 0;
    size_t i = 0, j = 0;
    *shared = 0;
    while (i < x->count && j < y->count) {
        int c = zj_term_cmp(&x->items[i], &y->items[j]);
        if (c == 0) {
            dot += (double)x->items[i].count * y->items[j].count;
            ++*shared, i++, j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    double n = nx * ny;
    return n > 0 ? dot / n : 0;
}

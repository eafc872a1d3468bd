/* similarity.c - see similarity.h. */
#include "stats/similarity.h"

#include <math.h>

#include "util/banned.h"

static double norm_of(const struct zj_doc_counts *x)
{
    double s = 0;
    for (size_t i = 0; i < x->count; i++) s += (double)x->items[i].count * x->items[i].count;
    return sqrt(s);
}

double zj_cosine(const struct zj_doc_counts *x, const struct zj_doc_counts *y, size_t *shared)
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
    double n = norm_of(x) * norm_of(y);
    return n > 0 ? dot / n : 0;
}

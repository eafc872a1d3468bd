/* fuzz_align.c - reuse passage extension: two texts and the anchors of
 * their shared k-grams; passages stay inside both texts, similarity in
 * [0, 1], and identical texts are found whole.  Also: a scratch that has
 * already served another pair (reuse keeps one per worker across millions
 * of pairs) gives the same passages as a fresh one.  Half the inputs cut
 * both texts into lines (of lengths the input picks), so that edges grow
 * and satellites are looked for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reuse/align.h"

static size_t anchors_of(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t k,
                         struct zj_anchor *an)
{
    size_t n = 0;
    for (size_t i = 0; i + k <= na; i++)
        for (size_t j = 0; j + k <= nb; j++)
            if (!memcmp(a + i, b + j, k * sizeof *a))
                an[n++] = (struct zj_anchor){(uint32_t)i, (uint32_t)j};
    return n;
}

/* Lines of fixed length per side, the last one cut at the text's end. */
struct lines {
    uint32_t len[2], n[2];
};

static void line_of(const void *ctx, int side, uint32_t pos, uint32_t *lo, uint32_t *hi)
{
    const struct lines *l = ctx;
    *lo = pos - pos % l->len[side];
    *hi = *lo + l->len[side] < l->n[side] ? *lo + l->len[side] : l->n[side];
}

/* The same pair through a used scratch: first the swapped pair (other
 * sizes, other contents left behind), then this one. */
static void check_used_scratch(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                               const struct zj_align_opts *o, const struct zj_passage *want,
                               size_t nwant)
{
    struct zj_anchor *an = malloc((na * nb + 1) * sizeof *an);
    struct zj_align_scratch s = {0};
    struct zj_passage *p;
    size_t np, n = anchors_of(b, nb, a, na, (size_t)o->k, an);
    const struct lines *l = o->grow_ctx; /* the swapped pair's lines are swapped too */
    struct lines swapped = {{l->len[1], l->len[0]}, {l->n[1], l->n[0]}};
    struct zj_align_opts so = *o;
    so.grow_ctx = &swapped;
    zj_align_with(b, nb, a, na, an, n, &so, &s, &p, &np);
    free(p);
    n = anchors_of(a, na, b, nb, (size_t)o->k, an);
    zj_align_with(a, na, b, nb, an, n, o, &s, &p, &np);
    if (np != nwant || (np && memcmp(p, want, np * sizeof *p))) abort();
    free(p), free(an);
    zj_align_scratch_release(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5) return 0;
    size_t na = data[0] % 200, nb = data[1] % 200, k = 2 + data[2] % 6;
    struct lines lines = {{2 + (data[3] >> 1) % 40u, 2 + (data[3] >> 3) % 40u},
                          {(uint32_t)na, (uint32_t)nb}};
    int with_lines = data[3] & 1;
    data += 4, size -= 4;
    uint32_t *a = calloc(na + 1, sizeof *a), *b = calloc(nb + 1, sizeof *b);
    for (size_t i = 0; i < na; i++) a[i] = size ? data[i % size] % 5 : 0;
    for (size_t i = 0; i < nb; i++) b[i] = size ? data[(i * 7 + 3) % size] % 5 : 0;
    struct zj_anchor *an = malloc((na * nb + 1) * sizeof *an);
    size_t n = anchors_of(a, na, b, nb, k, an);
    struct zj_align_opts o = {(int)k, 5, 0.5, 0, with_lines ? line_of : NULL, NULL, &lines};
    struct zj_passage *p;
    size_t np;
    zj_align(a, na, b, nb, an, n, &o, &p, &np);
    for (size_t i = 0; i < np; i++)
        if (p[i].a0 >= p[i].a1 || p[i].a1 > na || p[i].b0 >= p[i].b1 || p[i].b1 > nb ||
            p[i].similarity < 0 || p[i].similarity > 1)
            abort();
    check_used_scratch(a, na, b, nb, &o, p, np);
    free(p), free(an), free(a), free(b);
    return 0;
}

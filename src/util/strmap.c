/* strmap.c - see strmap.h.  Load factor kept under 1/2; linear probing. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 1099511628211ULL;
    return h;
}

static struct zj_strmap_slot *find(const struct zj_strmap *m, const char *key, size_t len,
                                   uint64_t h)
{
    if (!m->cap) return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct zj_strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len))) return s;
    }
}

static void rehash(struct zj_strmap *m)
{
    size_t old_cap = m->cap;
    struct zj_strmap_slot *old = m->slots;
    m->cap = old_cap ? old_cap * 2 : 64;
    m->slots = zj_xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key) *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
}

uint32_t *zj_strmap_get(const struct zj_strmap *m, const char *key, size_t len)
{
    struct zj_strmap_slot *s = find(m, key, len, fnv1a(key, len));
    return s && s->key ? &s->value : NULL;
}

uint32_t *zj_strmap_put(struct zj_strmap *m, const char *key, size_t len, uint32_t value,
                        int *added)
{
    if ((m->count + 1) * 2 > m->cap) rehash(m);
    uint64_t h = fnv1a(key, len);
    struct zj_strmap_slot *s = find(m, key, len, h);
    if (added) *added = !s->key;
    if (!s->key) {
        s->key = zj_xstrndup(key, len);
        s->len = len;
        s->hash = h;
        s->value = value;
        m->count++;
    }
    return &s->value;
}

const char *zj_strmap_key(const struct zj_strmap *m, const char *key, size_t len)
{
    struct zj_strmap_slot *s = find(m, key, len, fnv1a(key, len));
    return s && s->key ? s->key : NULL;
}

void zj_strmap_release(struct zj_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/*
 * strmap.h - byte-string to integer hash map (open addressing, FNV-1a).
 *
 * Owns copies of its keys.  Used where zongjie interns strings: dictionary
 * keys (duplicate detection), regex match texts, category names.  Not
 * thread-safe; callers that share one lock around it.
 */
#ifndef ZJ_STRMAP_H
#define ZJ_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct zj_strmap {
    struct zj_strmap_slot {
        char *key; /* NULL = empty */
        size_t len;
        uint64_t hash;
        uint32_t value;
    } *slots;
    size_t cap, count;
};

/* Returns a pointer to the value for key, or NULL when absent. */
uint32_t *zj_strmap_get(const struct zj_strmap *m, const char *key, size_t len);
/* Inserts key with value unless present; returns the stored value's slot
 * and sets *added when it was inserted. */
uint32_t *zj_strmap_put(struct zj_strmap *m, const char *key, size_t len, uint32_t value,
                        int *added);
/* The stored copy of a key (valid until the map is released). */
const char *zj_strmap_key(const struct zj_strmap *m, const char *key, size_t len);
void zj_strmap_release(struct zj_strmap *m);

#endif

/*
 * utf8.c - UTF-8 validation and counting.
 *
 * Validation follows the well-formed byte sequence table of Unicode 15
 * (Table 3-7).  Summaries are mostly CJK: a three-byte sequence with an
 * unremarkable lead byte is checked inline; ASCII runs are skipped eight
 * bytes at a time (numbers, file names); everything else takes the full
 * table.
 */
#include "text/utf8.h"

#include <string.h>

#include "util/banned.h"

static int seq_ok(const uint8_t *s, size_t avail)
{
    uint8_t c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    if (c < 0xE0) return (avail >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (avail < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] > 0x9F) return 0; /* surrogate */
        return 3;
    }
    if (avail < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
        return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0; /* above U+10FFFF */
    return 4;
}

size_t zj_utf8_valid_prefix(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) { /* then whole ASCII words at a time */
            i++;
            for (uint64_t w; i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL));) i += 8;
            continue;
        }
        /* the common CJK case: a three-byte sequence whose lead byte has no
         * overlong or surrogate range to rule out (E1..EC, EE, EF) */
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= n && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int l = seq_ok(s + i, n - i);
        if (!l) return i;
        i += (size_t)l;
    }
    return n;
}

size_t zj_utf8_count(const uint8_t *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += (s[i] & 0xC0) != 0x80;
    return count;
}

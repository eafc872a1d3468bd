/*
 * utf8.c - UTF-8 validation and counting.
 *
 * Validation follows the well-formed byte sequence table of Unicode 15
 * (Table 3-7).  Summaries are mostly CJK: where SSE2 is available (every
 * x86-64), sixteen bytes at a time that are all ASCII or three-byte
 * sequences with an unremarkable lead byte are checked at once; otherwise a
 * three-byte sequence with such a lead is checked inline and ASCII runs are
 * skipped eight bytes at a time.  Everything else takes the full table.
 */
#include "text/utf8.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/error.h"
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

#if defined(__SSE2__)
/* Of a block that starts at a character boundary, the bytes up to the first
 * that is out of place, backed up to the start of its character. */
static unsigned block_boundary(unsigned bad, unsigned lead)
{
    unsigned b = (unsigned)__builtin_ctz(bad);
    if (b >= 1 && (lead >> (b - 1) & 1)) return b - 1;
    if (b >= 2 && (lead >> (b - 2) & 1)) return b - 2;
    return b;
}

/*
 * Skips from i (a character boundary) over ASCII and three-byte sequences
 * with lead E1..EC, EE or EF (no overlong or surrogate range to rule out),
 * sixteen bytes at a time: such a block is well-formed exactly when its
 * continuation bytes sit where the leads say.  Returns a character boundary
 * with everything before it well-formed; the caller checks what stopped it.
 */
static size_t skip_common(const uint8_t *s, size_t i, size_t n)
{
    /* as signed bytes: ASCII >= 0 > F0 > leads E1..EF > E0 > C0 > continuations */
    const __m128i c0 = _mm_set1_epi8((char)0xC0), e0 = _mm_set1_epi8((char)0xE0);
    const __m128i f0 = _mm_set1_epi8((char)0xF0), ed = _mm_set1_epi8((char)0xED);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned ascii = ~(unsigned)_mm_movemask_epi8(v) & 0xFFFF;
        unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(c0, v));
        __m128i in_e1_ef = _mm_and_si128(_mm_cmpgt_epi8(v, e0), _mm_cmpgt_epi8(f0, v));
        unsigned lead = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, ed), in_e1_ef));
        unsigned want_cont = ((lead << 1) | (lead << 2)) & 0xFFFF;
        unsigned bad = (~(ascii | cont | lead) & 0xFFFF) | (cont ^ want_cont);
        if (bad) return i + block_boundary(bad, lead);
        /* a lead in the last two bytes is finished by the next block */
        i += lead & 0x8000 ? 15 : lead & 0x4000 ? 14 : 16;
    }
    return i;
}
#else
static size_t skip_common(const uint8_t *s, size_t i, size_t n)
{
    (void)s, (void)n;
    return i;
}
#endif

size_t zj_utf8_valid_prefix(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        i = skip_common(s, i, n);
        if (i >= n) break;
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

/* Counts the bytes that are no continuation byte (80..BF): every line of
 * every document is counted so (outline).  With SSE2, sixteen bytes at a
 * time into byte counters, summed every 255 rounds, before they can wrap
 * (x86-64's baseline has no popcnt instruction: a call per round). */
size_t zj_utf8_count(const uint8_t *s, size_t n)
{
    size_t count = 0, i = 0;
#if defined(__SSE2__)
    const __m128i cont_max = _mm_set1_epi8((char)0xBF); /* signed: 80..BF are -128..-65 */
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        for (int round = 0; round < 255 && i + 16 <= n; round++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(v, cont_max)); /* true is -1 */
        }
        __m128i sums = _mm_sad_epu8(acc, zero); /* two 64-bit halves' byte sums */
        count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < n; i++)
        count += (s[i] & 0xC0) != 0x80;
    return count;
}

int zj_utf8_check_file(const char **data, size_t *len, const char *path, struct zj_error *err)
{
    const char *d = *data;
    size_t n = *len;
    if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) d += 3, n -= 3;
    *data = d, *len = n;
    size_t ok = zj_utf8_valid_prefix((const uint8_t *)d, n);
    if (ok == n) return ZJ_OK;
    long line = 1, col = 1;
    for (size_t i = 0; i < ok; i++) {
        if (d[i] == '\n') line++, col = 1;
        else col += ((uint8_t)d[i] & 0xC0) != 0x80;
    }
    return zj_error_set(err, path, line, col, "invalid UTF-8 byte 0x%02x", (unsigned)(uint8_t)d[ok]);
}

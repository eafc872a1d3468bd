/*
 * test_utf8.c - zj_utf8_valid_prefix and zj_utf8_count (utf8.h).
 *
 * The validator is what every later stage trusts, so each ill-formed shape of
 * Unicode Table 3-7 is pinned at a known offset, the eight-byte ASCII skip is
 * checked at every alignment, and the whole function is compared with a slow
 * transcription of the table on random byte strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

#define U8(s) ((const uint8_t *)(s))

static size_t prefix_of(const char *s, size_t n)
{
    return zj_utf8_valid_prefix(U8(s), n);
}

static void test_well_formed_text_is_accepted_whole(void **state)
{
    (void)state;
    const char *s = "2022年党风廉政建设 U+10FFFF=\xF4\x8F\xBF\xBF 𠀀 \xED\x9F\xBF";
    assert_int_equal(prefix_of(s, strlen(s)), strlen(s));
    assert_int_equal(prefix_of("", 0), 0);
}

static void test_overlong_three_byte_form_is_refused(void **state)
{
    (void)state;
    assert_int_equal(prefix_of("ab\xE0\x80\x80", 5), 2);
    assert_int_equal(prefix_of("ab\xE0\x9F\xBF", 5), 2); /* U+07FF in three bytes */
    assert_int_equal(prefix_of("ab\xE0\xA0\x80", 5), 5); /* U+0800: the first legal one */
    assert_int_equal(prefix_of("ab\xC0\xAF", 4), 2);     /* overlong '/' */
    assert_int_equal(prefix_of("ab\xC1\xBF", 4), 2);
    assert_int_equal(prefix_of("ab\xF0\x8F\xBF\xBF", 6), 2); /* overlong four-byte form */
}

static void test_surrogate_code_points_are_refused(void **state)
{
    (void)state;
    assert_int_equal(prefix_of("x\xED\xA0\x80", 4), 1); /* U+D800 */
    assert_int_equal(prefix_of("x\xED\xBF\xBF", 4), 1); /* U+DFFF */
    assert_int_equal(prefix_of("x\xED\x9F\xBF", 4), 4); /* U+D7FF is fine */
}

static void test_code_points_above_10ffff_are_refused(void **state)
{
    (void)state;
    assert_int_equal(prefix_of("中\xF4\x90\x80\x80", 7), 3);
    assert_int_equal(prefix_of("中\xF5\x80\x80\x80", 7), 3);
    assert_int_equal(prefix_of("中\xFF", 4), 3);
    assert_int_equal(prefix_of("中\xF4\x8F\xBF\xBF", 7), 7);
}

static void test_truncated_sequence_at_end_stops_before_its_lead_byte(void **state)
{
    (void)state;
    assert_int_equal(prefix_of("ab\xC3", 3), 2);
    assert_int_equal(prefix_of("ab\xE4\xB8", 4), 2);
    assert_int_equal(prefix_of("ab\xE4", 3), 2);
    assert_int_equal(prefix_of("ab\xF0\xA0\x80", 5), 2);
    /* the length given wins over the NUL after the string */
    assert_int_equal(prefix_of("ab中", 4), 2);
}

static void test_stray_continuation_and_bad_continuation_bytes(void **state)
{
    (void)state;
    assert_int_equal(prefix_of("\x80", 1), 0);
    assert_int_equal(prefix_of("abc\xBF", 4), 3);
    assert_int_equal(prefix_of("a\xE4\x41\x41", 4), 1); /* continuation missing */
    assert_int_equal(prefix_of("a\xE4\xB8\xC0", 4), 1);
    assert_int_equal(prefix_of("a\xF0\xA0\x80\x41", 5), 1);
}

/* A bad byte at every offset of an ASCII run must be found exactly there,
 * whichever eight-byte word it falls in. */
static void test_ascii_fast_path_finds_a_bad_byte_at_every_offset(void **state)
{
    (void)state;
    char s[41];
    for (size_t bad = 0; bad < sizeof s; bad++) {
        memset(s, 'a', sizeof s);
        s[bad] = (char)0xFF;
        assert_int_equal(prefix_of(s, sizeof s), bad);
        s[bad] = (char)0x80;
        assert_int_equal(prefix_of(s, sizeof s), bad);
    }
}

/* A multi-byte sequence straddling a word boundary, at every alignment. */
static void test_sequence_straddling_an_eight_byte_word_is_checked(void **state)
{
    (void)state;
    char s[32];
    for (size_t at = 0; at + 4 <= sizeof s; at++) {
        memset(s, 'a', sizeof s);
        memcpy(s + at, "\xF0\xA0\x80\x80", 4); /* U+20000 */
        assert_int_equal(prefix_of(s, sizeof s), sizeof s);
        s[at + 3] = 'a'; /* now truncated */
        assert_int_equal(prefix_of(s, sizeof s), at);
        memcpy(s + at, "\xED\xA0\x80", 3); /* surrogate */
        assert_int_equal(prefix_of(s, sizeof s), at);
    }
}

/* Table 3-7 of the Unicode standard, transcribed as plainly as possible. */
static size_t reference_valid_prefix(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len;
        uint8_t lo = 0x80, hi = 0xBF;
        if (c <= 0x7F) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += len;
    }
    return n;
}

static void test_valid_prefix_agrees_with_reference_on_random_bytes(void **state)
{
    (void)state;
    static const uint8_t edgy[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                                   0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    static const char *const pieces[] = {"abcdefgh", "中", "𠀀", "\xC3\xA9", "\xF4\x8F\xBF\xBF"};
    unsigned seed = 12345;
    uint8_t s[96];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, want = (size_t)(rand_r(&seed) % (int)sizeof s);
        while (n < want) {
            int pick = rand_r(&seed) % 10;
            if (pick < 5) {
                s[n++] = edgy[rand_r(&seed) % (int)sizeof edgy];
            } else {
                const char *p = pieces[rand_r(&seed) % 5];
                size_t l = strlen(p);
                if (n + l > sizeof s) break;
                memcpy(s + n, p, l);
                n += l;
            }
        }
        assert_int_equal(zj_utf8_valid_prefix(s, n), reference_valid_prefix(s, n));
    }
}

/* Mostly well-formed text of the kinds the sixteen-byte blocks accept (CJK,
 * ASCII), with the kinds they leave to the table (two- and four-byte
 * sequences, leads E0 and ED) and now and then one damaged byte, so that
 * blocks pass, stop at every position and resume. */
static void test_valid_prefix_agrees_with_reference_on_damaged_cjk_text(void **state)
{
    (void)state;
    static const uint8_t edgy[] = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0,
                                   0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    static const char *const pieces[] = {"中", "国", "一", "\xEF\xBC\x8C", "a", "2023",
                                         "\xC3\xA9", "\xE0\xA4\x85", "\xED\x9F\xBF", "𠀀", "\n"};
    unsigned seed = 99;
    uint8_t s[256];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, want = (size_t)(rand_r(&seed) % (int)sizeof s);
        int rare = rand_r(&seed) % 4; /* 0: only CJK and ASCII */
        while (n < want) {
            const char *p = pieces[rand_r(&seed) % (rare ? 11 : 6)];
            size_t l = strlen(p);
            if (n + l > want) break;
            memcpy(s + n, p, l);
            n += l;
        }
        if (n && rand_r(&seed) % 2) s[rand_r(&seed) % (int)n] = edgy[rand_r(&seed) % (int)sizeof edgy];
        assert_int_equal(zj_utf8_valid_prefix(s, n), reference_valid_prefix(s, n));
    }
}

static void test_count_counts_code_points_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(zj_utf8_count(U8(""), 0), 0);
    assert_int_equal(zj_utf8_count(U8("abc"), 3), 3);
    assert_int_equal(zj_utf8_count(U8("a中𠀀é"), strlen("a中𠀀é")), 4);
    assert_int_equal(zj_utf8_count(U8("党风廉政\n"), strlen("党风廉政\n")), 5);
    /* sixteen bytes at a time and the tail: random bytes, lengths up to 100
     * and every alignment, against counting the bytes that start a sequence */
    uint8_t buf[128];
    unsigned seed = 3;
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)rand_r(&seed) % 101, off = (size_t)rand_r(&seed) % 16;
        for (size_t i = 0; i < n; i++)
            buf[off + i] = (uint8_t)rand_r(&seed);
        size_t want = 0;
        for (size_t i = 0; i < n; i++)
            want += buf[off + i] < 0x80 || buf[off + i] >= 0xC0;
        assert_int_equal(zj_utf8_count(buf + off, n), want);
    }
    /* long enough for the byte counters to be summed several times: all
     * counted (ASCII), none (continuation bytes), and a mixture */
    size_t big = 16 * 255 * 3 + 37;
    uint8_t *t = malloc(big);
    for (int kind = 0; kind < 3; kind++) {
        size_t want = 0;
        for (size_t i = 0; i < big; i++) {
            t[i] = kind == 0 ? 'a' : kind == 1 ? 0x80 : (uint8_t)rand_r(&seed);
            want += t[i] < 0x80 || t[i] >= 0xC0;
        }
        assert_int_equal(zj_utf8_count(t, big), want);
    }
    free(t);
}

static void test_next_decodes_each_sequence_length(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(zj_utf8_next(U8("A"), &cp), 1);
    assert_int_equal(cp, 0x41);
    assert_int_equal(zj_utf8_next(U8("é"), &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(zj_utf8_next(U8("中"), &cp), 3);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(zj_utf8_next(U8("𠀀"), &cp), 4);
    assert_int_equal(cp, 0x20000);
    assert_int_equal(zj_utf8_len(0x41), 1);
    assert_int_equal(zj_utf8_len(0xC3), 2);
    assert_int_equal(zj_utf8_len(0xE4), 3);
    assert_int_equal(zj_utf8_len(0xF0), 4);
    assert_int_equal(zj_utf8_len(0x80), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed_text_is_accepted_whole),
        cmocka_unit_test(test_overlong_three_byte_form_is_refused),
        cmocka_unit_test(test_surrogate_code_points_are_refused),
        cmocka_unit_test(test_code_points_above_10ffff_are_refused),
        cmocka_unit_test(test_truncated_sequence_at_end_stops_before_its_lead_byte),
        cmocka_unit_test(test_stray_continuation_and_bad_continuation_bytes),
        cmocka_unit_test(test_ascii_fast_path_finds_a_bad_byte_at_every_offset),
        cmocka_unit_test(test_sequence_straddling_an_eight_byte_word_is_checked),
        cmocka_unit_test(test_valid_prefix_agrees_with_reference_on_random_bytes),
        cmocka_unit_test(test_valid_prefix_agrees_with_reference_on_damaged_cjk_text),
        cmocka_unit_test(test_count_counts_code_points_not_bytes),
        cmocka_unit_test(test_next_decodes_each_sequence_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

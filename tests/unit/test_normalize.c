/*
 * test_normalize.c - the matching form of decoded text (normalize.h).
 *
 * Each rule of the header is pinned by a whole expected output; the offset
 * map is checked as an exact array, since hit positions in every table are
 * read through it, and `chars` / `codepoints` exactly, since every per_10k
 * rate divides by them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/normalize.h"
#include "util/buf.h"

static void assert_normalizes(const char *in, const char *want)
{
    struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
    zj_normalize(in, strlen(in), 0, &n);
    assert_string_equal(n.text.ptr, want);
    assert_int_equal(n.text.len, strlen(want));
    assert_null(n.map); /* no map unless asked for */
    zj_norm_release(&n);
}

/* Normalizes with the map and checks text, map, chars and codepoints. */
static void assert_mapped(const char *in, const char *want, const uint32_t *map, size_t chars,
                          size_t codepoints)
{
    struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
    zj_normalize(in, strlen(in), ZJ_NORM_MAP, &n);
    assert_string_equal(n.text.ptr, want);
    assert_int_equal(n.text.len, strlen(want));
    assert_non_null(n.map);
    for (size_t i = 0; i < n.text.len; i++) {
        if (n.map[i] != map[i])
            fail_msg("map[%zu] = %u, want %u (input \"%s\")", i, n.map[i], map[i], in);
    }
    assert_int_equal(n.chars, chars);
    assert_int_equal(n.codepoints, codepoints);
    zj_norm_release(&n);
}

static void test_full_width_letters_digits_and_punctuation_fold_to_ascii(void **state)
{
    (void)state;
    assert_normalizes("ＡＢＣ１２３", "ABC123");
    assert_normalizes("（党建）", "(党建)");
    assert_normalizes("ｌｏｏｋ：１００％！", "look:100%!");
    assert_normalizes("全面从严治党，持续深化；", "全面从严治党,持续深化;");
    /* NFKC leaves these as they are */
    assert_normalizes("“四风”、。《》", "“四风”、。《》");
}

static void test_compatibility_forms_fold_to_plain_characters(void **state)
{
    (void)state;
    assert_normalizes("①②", "12");
    assert_normalizes("ﬁle", "file");
    assert_normalizes("𝐀𝟏", "A1"); /* mathematical bold, outside the BMP */
    assert_normalizes("㈠", "(一)");
}

static void test_whitespace_inside_chinese_text_is_dropped(void **state)
{
    (void)state;
    assert_normalizes("党风　廉政", "党风廉政"); /* U+3000 */
    assert_normalizes("党风 廉政  建设", "党风廉政建设");
    assert_normalizes("党风\t\u00A0\u2003廉政", "党风廉政");
    assert_normalizes("　　一是加强", "一是加强"); /* paragraph indent */
    assert_normalizes("落实。 ", "落实。");
    assert_normalizes("A 级", "A级"); /* a wide character is not a Latin word */
    assert_normalizes("2022 年", "2022年");
}

static void test_one_space_is_kept_between_latin_words(void **state)
{
    (void)state;
    assert_normalizes("COVID  19", "COVID 19");
    assert_normalizes("COVID\t \u3000 19", "COVID 19");
    assert_normalizes("ａ　ｂ", "a b");
    assert_normalizes("1 2 3", "1 2 3");
    assert_normalizes(" leading and trailing ", "leading and trailing");
    assert_normalizes("a , b", "a,b"); /* punctuation is not a word character */
}

static void test_zero_width_and_format_characters_are_dropped(void **state)
{
    (void)state;
    assert_normalizes("党\u200B风\u200C廉\u200D政\u2060建\uFEFF设", "党风廉政建设");
    assert_normalizes("soft\u00ADhyphen", "softhyphen");
    assert_normalizes("a\u200Eb\u200Fc", "abc");
    assert_normalizes("a\x01\x1F\x7F"
                      "b",
                      "ab");
    /* a dropped character between Latin letters does not become a space */
    assert_normalizes("ab\u200Bcd", "abcd");
}

static void test_line_feed_is_kept_as_a_boundary(void **state)
{
    (void)state;
    assert_normalizes("党风\n廉政\n\n", "党风\n廉政\n\n");
    /* a space is never kept across a line end */
    assert_normalizes("word \n word", "word\nword");
}

static void test_map_gives_the_decoded_code_point_of_each_output_byte(void **state)
{
    (void)state;
    /* ａ(0) space(1) 党(2) U+200B(3) 风(4) */
    static const uint32_t m1[] = {0, 2, 2, 2, 4, 4, 4};
    assert_mapped("ａ 党\u200B风", "a党风", m1, 3, 5);
    /* the kept space maps to the first whitespace of its run */
    static const uint32_t m2[] = {0, 1, 2, 3, 4, 5, 7, 8};
    assert_mapped("COVID  19", "COVID 19", m2, 7, 9);
    static const uint32_t m3[] = {0, 1, 3};
    assert_mapped("a\n b", "a\nb", m3, 2, 4);
    static const uint32_t m4[] = {0, 2, 3};
    assert_mapped("a\u200B b", "a b", m4, 2, 4);
    /* one input character expanding to several bytes maps every byte to it */
    static const uint32_t m5[] = {0, 0, 0, 0, 0, 1, 1, 1};
    assert_mapped("㈠党", "(一)党", m5, 2, 2); /* ㈠ is a number (No): one text character */
    static const uint32_t m6[] = {0, 1, 1, 1, 1};
    assert_mapped("x𠀀", "x𠀀", m6, 2, 2);
}

static void test_chars_counts_letters_and_digits_only(void **state)
{
    (void)state;
    static const uint32_t m[] = {0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 8, 8, 9, 10, 11, 11, 11, 13};
    /* A B C 1 2 3 ( 党 建 ) ， 〇 space ! : 9 of 14 code points are L or N */
    assert_mapped("ＡＢＣ１２３（党建），〇 !", "ABC123(党建),〇!", m, 9, 14);
    struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
    zj_normalize("，。、！ \n", strlen("，。、！ \n"), 0, &n);
    assert_int_equal(n.chars, 0);
    assert_int_equal(n.codepoints, 6);
    zj_norm_release(&n);
}

static void test_combining_sequence_is_composed(void **state)
{
    (void)state;
    static const uint32_t m1[] = {0, 0};
    assert_mapped("e\u0301", "\u00E9", m1, 1, 2);
    static const uint32_t m2[] = {0, 1, 1, 3};
    assert_mapped("ae\u0301x", "a\u00E9x", m2, 3, 4);
    /* full-width starter: folded and composed together */
    static const uint32_t m3[] = {0, 0};
    assert_mapped("Ａ\u0301", "\u00C1", m3, 1, 2);
    /* two marks in canonical order */
    assert_normalizes("a\u0323\u0302", "\u1EAD");
}

static void test_storage_is_reused_across_calls(void **state)
{
    (void)state;
    struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
    zj_normalize("党风廉政建设工作总结", strlen("党风廉政建设工作总结"), ZJ_NORM_MAP, &n);
    zj_normalize("Ａ 1", strlen("Ａ 1"), ZJ_NORM_MAP, &n);
    assert_string_equal(n.text.ptr, "A 1");
    assert_int_equal(n.text.len, 3);
    assert_int_equal(n.chars, 2);
    assert_int_equal(n.codepoints, 3);
    assert_int_equal(n.map[0], 0);
    assert_int_equal(n.map[1], 1);
    assert_int_equal(n.map[2], 2);
    zj_normalize("", 0, 0, &n);
    assert_string_equal(n.text.ptr, "");
    assert_int_equal(n.chars, 0);
    assert_int_equal(n.codepoints, 0);
    zj_norm_release(&n);
    assert_null(n.map);
}

static void test_normalize_str_appends_the_normalized_form(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, "key=");
    zj_normalize_str("ｌｏｏｋ 党风　廉政\u200B", strlen("ｌｏｏｋ 党风　廉政\u200B"), &b);
    assert_string_equal(b.ptr, "key=look党风廉政");
    assert_int_equal(b.len, strlen("key=look党风廉政"));
    /* only the first len bytes are read */
    zj_normalize_str("ＡＢＣ", 3, &b);
    assert_string_equal(b.ptr, "key=look党风廉政A");
    zj_buf_release(&b);
}

static void test_text_char_is_category_letter_or_number(void **state)
{
    (void)state;
    assert_true(zj_is_text_char(0x515A)); /* 党 */
    assert_true(zj_is_text_char('A'));
    assert_true(zj_is_text_char('7'));
    assert_true(zj_is_text_char(0x3007));  /* 〇, Nl */
    assert_true(zj_is_text_char(0x2460));  /* ①, No */
    assert_true(zj_is_text_char(0x20000)); /* CJK extension B */
    assert_false(zj_is_text_char(0xFF0C)); /* ， */
    assert_false(zj_is_text_char(0x3002)); /* 。 */
    assert_false(zj_is_text_char(' '));
    assert_false(zj_is_text_char(0x0301)); /* combining acute */
    assert_false(zj_is_text_char(0x200B));
    /* the table it reads agrees with utf8proc's categories everywhere */
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        utf8proc_category_t c = utf8proc_category(cp);
        int want = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                   (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
        if (zj_is_text_char(cp) != want) fail_msg("U+%04X: %d, want %d", cp, !want, want);
    }
}

/* Text of `pieces` drawn at random: runs of one piece (long enough for the
 * six-ideograph blocks of the fast path) or mixtures. */
static void random_mixture(char *in, size_t cap, const char *const *pieces, size_t npieces,
                           unsigned *seed)
{
    size_t n = 0;
    in[0] = '\0';
    for (int k = rand_r(seed) % 40; k > 0; k--) {
        const char *p = pieces[rand_r(seed) % (int)npieces];
        int repeat = rand_r(seed) % 4 ? 1 : 1 + rand_r(seed) % 20;
        for (size_t l = strlen(p); repeat > 0 && n + l < cap; repeat--, n += l) memcpy(in + n, p, l);
        in[n] = '\0';
    }
}

/* The plain-run fast path (with and without the map) and the
 * character-by-character path (ZJ_NORM_CHECKED) must produce the same text,
 * counts and map, on mixtures of everything the
 * normalizer treats differently: ideographs at both ends of U+4E00..U+9FFF
 * and their neighbours outside it (Extension A, the hexagram symbols, Yi),
 * which share or nearly share their lead bytes. */
static void test_fast_path_agrees_with_the_mapped_path(void **state)
{
    (void)state;
    /* clang-format off */
    static const char *const pieces[] = {
        "党", "风", "，", "。", "、", "（", "）", "：", "Ａ", "ａ", "１", "a", "B", "7", " ", "　",
        "\t", "\n", "\xe2\x80\x8b", "e\xcc\x81", "\xcc\x81", "ｶ", "①", "\xef\xbc\x8c", "😀",
        "\xe4\xb8\x80", /* U+4E00 */ "\xe9\xbf\xbf", /* U+9FFF */ "\xe4\xb7\x80", /* U+4DC0 */
        "\xe4\xb6\xbf", /* U+4DBF */ "\xe3\x90\x80", /* U+3400 */ "\xea\x80\x80", /* U+A000 */
        "\xea\x92\x90", /* U+A490, a symbol */ "\xea\x99\x80", /* U+A640, a narrow letter */
        "党风廉政建设", "中华人民共和国", "\xef\xa4\x80", /* U+F900, NFKC to U+8C48 */
        "㈠", /* NFKC longer: (一) */ "\xef\xb7\xba", /* U+FDFA, NFKC 33 bytes */
        "゛", /* NFKC: space, combining U+3099 */ "３", "％", "；", "Ⅻ", "，\xcc\x81",
    };
    /* clang-format on */
    size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 4;
    for (int round = 0; round < 20000; round++) {
        char in[2048];
        random_mixture(in, sizeof in, pieces, npieces, &seed);
        struct zj_norm ref = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize(in, strlen(in), ZJ_NORM_MAP | ZJ_NORM_CHECKED, &ref);
        for (unsigned flags = 0; flags <= ZJ_NORM_MAP; flags += ZJ_NORM_MAP) {
            struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
            zj_normalize(in, strlen(in), flags, &n);
            assert_string_equal(n.text.ptr, ref.text.ptr);
            assert_int_equal(n.chars, ref.chars);
            assert_int_equal(n.codepoints, ref.codepoints);
            if (flags & ZJ_NORM_MAP)
                assert_memory_equal(n.map, ref.map, ref.text.len * sizeof *ref.map);
            zj_norm_release(&n);
        }
        zj_norm_release(&ref);
    }
}

/* What one character alone normalizes to, from utf8proc directly: LF kept,
 * whitespace, controls and format characters dropped, anything else NFKC. */
static char *single_char_reference(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    if (cp != '\n' &&
        (c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
         c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF))
        return calloc(1, 1);
    utf8proc_uint8_t in[5] = {0};
    utf8proc_encode_char(cp, in);
    return (char *)utf8proc_NFKC(in);
}

struct bmp_sweep {
    unsigned seed;
    unsigned flags;
    size_t mismatches;
};

/* Normalizes every BMP character alone, in a random order (so the table's
 * blocks are filled in that order, some from the plain-run loop, some from
 * the checked path), counting disagreements with the reference. */
static void *sweep_bmp(void *arg)
{
    struct bmp_sweep *w = arg;
    int32_t *order = malloc(0x10000 * sizeof *order);
    for (int32_t cp = 0; cp < 0x10000; cp++)
        order[cp] = cp;
    for (int32_t k = 0xFFFF; k > 0; k--) {
        int32_t j = rand_r(&w->seed) % (k + 1), t = order[k];
        order[k] = order[j], order[j] = t;
    }
    for (int32_t k = 0; k < 0x10000; k++) {
        int32_t cp = order[k];
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) continue;
        utf8proc_uint8_t in[5] = {0};
        utf8proc_ssize_t l = utf8proc_encode_char(cp, in);
        struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize((const char *)in, (size_t)l, w->flags, &n);
        char *want = single_char_reference(cp);
        w->mismatches += strcmp(n.text.ptr, want) != 0;
        free(want);
        zj_norm_release(&n);
    }
    free(order);
    return NULL;
}

/* The table is filled a block at a time on first use, from two threads at
 * once here; every character must come out as utf8proc says, whichever
 * thread and path filled its block. */
static void test_lazily_built_table_agrees_with_utf8proc(void **state)
{
    (void)state;
    struct bmp_sweep w[2] = {{11, 0, 0}, {12, ZJ_NORM_MAP, 0}};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, sweep_bmp, &w[0]), 0);
    sweep_bmp(&w[1]);
    pthread_join(t, NULL);
    assert_int_equal(w[0].mismatches, 0);
    assert_int_equal(w[1].mismatches, 0);
}

/* Threads that meet a block's first use at nearly the same time, each a few
 * microseconds after the last, so that some read the block while another is
 * filling it: the plain-run loop once read a replacement there before its
 * pool was published (a crash). */
enum { RACERS = 8 };

struct racer {
    pthread_barrier_t *start;
    const char *text;
    int delay;
    struct zj_norm out;
};

static void *race_to_block(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start);
    for (volatile int spin = 0; spin < r->delay * 2000; spin++)
        continue;
    zj_normalize(r->text, strlen(r->text), 0, &r->out);
    return NULL;
}

static void test_threads_meeting_a_block_first_read_it_whole(void **state)
{
    (void)state;
    /* replaced characters late in blocks no earlier test fills, one per
     * block (a second one in a block would find it built) */
    static const char *const texts[] = {"党风，", "党风﹏", "党风ᶿ", "党风㎏",    "党风㋿",
                                        "党风⾼", "党风⓪",  "党风ⅿ", "党风ꭜ", "党风ﬠ"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, RACERS);
        struct racer r[RACERS];
        pthread_t t[RACERS];
        for (int i = 0; i < RACERS; i++) {
            r[i] = (struct racer){&start, texts[k], i, {ZJ_BUF_INIT, NULL, 0, 0, 0}};
            assert_int_equal(pthread_create(&t[i], NULL, race_to_block, &r[i]), 0);
        }
        for (int i = 0; i < RACERS; i++)
            pthread_join(t[i], NULL);
        pthread_barrier_destroy(&start);
        struct zj_norm want = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize(texts[k], strlen(texts[k]), ZJ_NORM_MAP, &want);
        for (int i = 0; i < RACERS; i++) {
            assert_string_equal(r[i].out.text.ptr, want.text.ptr);
            zj_norm_release(&r[i].out);
        }
        zj_norm_release(&want);
    }
}

/* The fast path copies U+4E00..U+9FFF without looking them up: each must be
 * a letter that NFKC (utf8proc itself, not our table) leaves alone. */
static void test_ideographs_are_text_characters_nfkc_leaves_alone(void **state)
{
    (void)state;
    for (int32_t cp = 0x4E00; cp <= 0x9FFF; cp++) {
        utf8proc_uint8_t in[8] = {0};
        utf8proc_ssize_t l = utf8proc_encode_char(cp, in);
        utf8proc_uint8_t *out = utf8proc_NFKC(in);
        assert_non_null(out);
        assert_string_equal((char *)out, (char *)in);
        free(out);
        assert_int_equal(utf8proc_get_property(cp)->combining_class, 0);
        assert_true(zj_is_text_char(cp));
        struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize((char *)in, (size_t)l, 0, &n);
        assert_string_equal(n.text.ptr, (char *)in);
        assert_int_equal(n.chars, 1);
        zj_norm_release(&n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: it needs blocks nobody has filled yet; the sweep after it fills
         * the rest from two threads */
        cmocka_unit_test(test_threads_meeting_a_block_first_read_it_whole),
        cmocka_unit_test(test_lazily_built_table_agrees_with_utf8proc),
        cmocka_unit_test(test_full_width_letters_digits_and_punctuation_fold_to_ascii),
        cmocka_unit_test(test_compatibility_forms_fold_to_plain_characters),
        cmocka_unit_test(test_whitespace_inside_chinese_text_is_dropped),
        cmocka_unit_test(test_one_space_is_kept_between_latin_words),
        cmocka_unit_test(test_zero_width_and_format_characters_are_dropped),
        cmocka_unit_test(test_line_feed_is_kept_as_a_boundary),
        cmocka_unit_test(test_map_gives_the_decoded_code_point_of_each_output_byte),
        cmocka_unit_test(test_chars_counts_letters_and_digits_only),
        cmocka_unit_test(test_combining_sequence_is_composed),
        cmocka_unit_test(test_storage_is_reused_across_calls),
        cmocka_unit_test(test_normalize_str_appends_the_normalized_form),
        cmocka_unit_test(test_text_char_is_category_letter_or_number),
        cmocka_unit_test(test_fast_path_agrees_with_the_mapped_path),
        cmocka_unit_test(test_ideographs_are_text_characters_nfkc_leaves_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_decode.c - encoding detection and conversion (decode.h).
 *
 * Every encoding an office saves a summary in is built here from UTF-8 text
 * (UTF-16 by a small encoder, GBK as literal bytes), decoded, and compared
 * with the whole expected UTF-8 output; every refusal names its byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "text/decode.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

enum { LE = 0, BE = 1 };

static void put_unit(struct zj_buf *b, uint32_t u, int order)
{
    char hi = (char)(u >> 8), lo = (char)(u & 0xFF);
    zj_buf_addch(b, order == BE ? hi : lo);
    zj_buf_addch(b, order == BE ? lo : hi);
}

/* UTF-16 bytes of UTF-8 text, surrogate pairs included, optional BOM. */
static void utf16_of(const char *utf8, int order, int bom, struct zj_buf *out)
{
    if (bom) put_unit(out, 0xFEFF, order);
    const uint8_t *s = (const uint8_t *)utf8;
    for (size_t i = 0, n = strlen(utf8); i < n;) {
        int32_t cp;
        i += (size_t)zj_utf8_next(s + i, &cp);
        if (cp >= 0x10000) {
            put_unit(out, 0xD800 + (((uint32_t)cp - 0x10000) >> 10), order);
            put_unit(out, 0xDC00 + (((uint32_t)cp - 0x10000) & 0x3FF), order);
        } else {
            put_unit(out, (uint32_t)cp, order);
        }
    }
}

struct decoded {
    int rc;
    enum zj_encoding enc;
    struct zj_buf text;
    struct zj_error err;
};

/* Decodes with zj_decode and checks that zj_decode_in_place, given the
 * same bytes in a buffer, agrees on everything: status, encoding, text or
 * error (file, offset, message). */
static void decode(const void *bytes, size_t n, enum zj_encoding forced, struct decoded *d)
{
    memset(d, 0, sizeof *d);
    zj_error_clear(&d->err);
    d->enc = (enum zj_encoding) - 1;
    d->rc = zj_decode(bytes, n, forced, &d->text, &d->enc, "in.txt", &d->err);

    struct decoded in = {0};
    zj_error_clear(&in.err);
    in.enc = (enum zj_encoding) - 1;
    zj_buf_add(&in.text, bytes, n);
    in.rc = zj_decode_in_place(&in.text, forced, &in.enc, "in.txt", &in.err);
    assert_int_equal(in.rc, d->rc);
    if (d->rc == ZJ_OK) {
        assert_int_equal(in.enc, d->enc);
        assert_int_equal(in.text.len, d->text.len);
        assert_memory_equal(in.text.ptr, d->text.ptr, d->text.len + 1); /* with the NUL */
    } else {
        assert_string_equal(in.err.file, d->err.file);
        assert_int_equal(in.err.byte, d->err.byte);
        assert_string_equal(in.err.msg, d->err.msg);
    }
    zj_buf_release(&in.text);
}

static void assert_decodes_to(const void *bytes, size_t n, enum zj_encoding forced,
                              enum zj_encoding want_enc, const char *want)
{
    struct decoded d;
    decode(bytes, n, forced, &d);
    assert_int_equal(d.rc, ZJ_OK);
    assert_int_equal(d.enc, want_enc);
    assert_string_equal(zj_buf_cstr(&d.text), want);
    assert_int_equal(d.text.len, strlen(want));
    zj_buf_release(&d.text);
}

/* Decoding must fail at byte `at` with a message containing `msg`. */
static void assert_refused_at(const void *bytes, size_t n, enum zj_encoding forced, long long at,
                              const char *msg)
{
    struct decoded d;
    decode(bytes, n, forced, &d);
    assert_int_equal(d.rc, ZJ_ERR);
    assert_string_equal(d.err.file, "in.txt");
    assert_int_equal(d.err.byte, at);
    assert_int_equal(d.err.line, 0);
    assert_non_null(strstr(d.err.msg, msg));
    zj_buf_release(&d.text);
}

#define SUMMARY "2022年党风廉政建设工作总结\n一是压实主体责任，二是加强监督执纪。\n"

static void test_utf8_without_bom_passes_through_unchanged(void **state)
{
    (void)state;
    assert_decodes_to(SUMMARY, strlen(SUMMARY), ZJ_ENC_AUTO, ZJ_ENC_UTF8, SUMMARY);
    assert_decodes_to("", 0, ZJ_ENC_AUTO, ZJ_ENC_UTF8, "");
}

static void test_utf8_bom_is_removed_and_reported(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBF" SUMMARY;
    assert_decodes_to(s, strlen(s), ZJ_ENC_AUTO, ZJ_ENC_UTF8_BOM, SUMMARY);
    /* --encoding utf-8 on a file with a BOM still drops the BOM */
    assert_decodes_to(s, strlen(s), ZJ_ENC_UTF8, ZJ_ENC_UTF8_BOM, SUMMARY);
}

static void test_decoded_text_is_appended_to_the_buffer(void **state)
{
    (void)state;
    struct zj_buf out = ZJ_BUF_INIT;
    zj_buf_addstr(&out, "前:");
    enum zj_encoding enc;
    struct zj_error err;
    assert_int_equal(zj_decode((const uint8_t *)"a\r\nb", 4, ZJ_ENC_AUTO, &out, &enc, "x", &err),
                     ZJ_OK);
    assert_string_equal(out.ptr, "前:a\nb");
    zj_buf_release(&out);
}

/* zj_decode_in_place of `bytes` (a string) must succeed with want_enc and
 * want, in the buffer the bytes were in. */
static void assert_decodes_in_place(const char *bytes, enum zj_encoding want_enc, const char *want)
{
    struct zj_buf b = ZJ_BUF_INIT;
    zj_buf_addstr(&b, bytes);
    const char *before = b.ptr;
    enum zj_encoding enc;
    struct zj_error err;
    zj_error_clear(&err);
    assert_int_equal(zj_decode_in_place(&b, ZJ_ENC_AUTO, &enc, "x", &err), ZJ_OK);
    assert_ptr_equal(b.ptr, before);
    assert_int_equal(enc, want_enc);
    assert_string_equal(b.ptr, want);
    assert_int_equal(b.len, strlen(want));
    zj_buf_release(&b);
}

/* The no-copy path: valid UTF-8 with LF line ends stays in its buffer. */
static void test_in_place_keeps_plain_utf8_where_it_is(void **state)
{
    (void)state;
    assert_decodes_in_place(SUMMARY, ZJ_ENC_UTF8, SUMMARY);

    /* a buffer never written (no storage yet) becomes "" */
    struct zj_buf b = ZJ_BUF_INIT;
    enum zj_encoding enc;
    struct zj_error err;
    assert_int_equal(zj_decode_in_place(&b, ZJ_ENC_AUTO, &enc, "x", &err), ZJ_OK);
    assert_non_null(b.ptr);
    assert_string_equal(b.ptr, "");
    assert_int_equal(b.len, 0);
    zj_buf_release(&b);
}

/* BOM and CR are removed by moving the text down in the same buffer. */
static void test_in_place_drops_bom_and_cr_in_the_same_buffer(void **state)
{
    (void)state;
    assert_decodes_in_place("\xEF\xBB\xBF一\r\n二\r三\r\r\n", ZJ_ENC_UTF8_BOM, "一\n二\n三\n\n");
    assert_decodes_in_place("\r\n\r", ZJ_ENC_UTF8, "\n\n");
}

static void test_utf16le_with_bom_is_converted(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    utf16_of("2022年𠀀工作\r\n总结", LE, 1, &b);
    assert_decodes_to(b.ptr, b.len, ZJ_ENC_AUTO, ZJ_ENC_UTF16LE, "2022年𠀀工作\n总结");
    zj_buf_release(&b);
}

static void test_utf16be_with_bom_is_converted(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    utf16_of("2022年𠀀工作\r\n总结", BE, 1, &b);
    assert_decodes_to(b.ptr, b.len, ZJ_ENC_AUTO, ZJ_ENC_UTF16BE, "2022年𠀀工作\n总结");
    zj_buf_release(&b);
}

static void test_utf16le_without_bom_is_detected_by_nul_parity(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    utf16_of("2022年工作总结\r\n加强监督执纪\r\n", LE, 0, &b);
    assert_decodes_to(b.ptr, b.len, ZJ_ENC_AUTO, ZJ_ENC_UTF16LE, "2022年工作总结\n加强监督执纪\n");
    zj_buf_release(&b);
}

static void test_utf16be_without_bom_is_detected_by_nul_parity(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    utf16_of("2022年工作总结\r\n加强监督执纪\r\n", BE, 0, &b);
    assert_decodes_to(b.ptr, b.len, ZJ_ENC_AUTO, ZJ_ENC_UTF16BE, "2022年工作总结\n加强监督执纪\n");
    zj_buf_release(&b);
}

/* 一 (U+4E00), 最 (U+6700) and the ideographic space (U+3000) put a NUL in
 * the low byte of their unit, the other parity from ASCII's NULs.  Summaries
 * are full of them ("一是", "进一步", paragraphs indented with "　　"). */
static void test_utf16_without_bom_holding_u_xx00_characters_is_still_utf16(void **state)
{
    (void)state;
    const char *text = "　　一是进一步压实责任，最重要的是落实。\r\n"
                       "　　二是统一思想。\r\n";
    const char *want = "　　一是进一步压实责任，最重要的是落实。\n"
                       "　　二是统一思想。\n";
    for (int order = LE; order <= BE; order++) {
        struct zj_buf b = ZJ_BUF_INIT;
        utf16_of(text, order, 0, &b);
        assert_decodes_to(b.ptr, b.len, ZJ_ENC_AUTO, order == LE ? ZJ_ENC_UTF16LE : ZJ_ENC_UTF16BE,
                          want);
        zj_buf_release(&b);
    }
}

static void test_gbk_bytes_are_detected_as_gb18030(void **state)
{
    (void)state;
    assert_decodes_to("\xD6\xD0\xCE\xC4", 4, ZJ_ENC_AUTO, ZJ_ENC_GB18030, "中文");
    /* 2022年党风廉政建设工作总结 CRLF 一是压实主体责任，二是加强监督执纪。 */
    const char gbk[] = "\x32\x30\x32\x32\xc4\xea\xb5\xb3\xb7\xe7\xc1\xae\xd5\xfe\xbd\xa8\xc9\xe8"
                       "\xb9\xa4\xd7\xf7\xd7\xdc\xbd\xe1\r\n"
                       "\xd2\xbb\xca\xc7\xd1\xb9\xca\xb5\xd6\xf7\xcc\xe5\xd4\xf0\xc8\xce\xa3\xac"
                       "\xb6\xfe\xca\xc7\xbc\xd3\xc7\xbf\xbc\xe0\xb6\xbd\xd6\xb4\xbc\xcd\xa1\xa3\n";
    assert_decodes_to(gbk, sizeof gbk - 1, ZJ_ENC_AUTO, ZJ_ENC_GB18030, SUMMARY);
}

static void test_forced_gb18030_converts_and_names_bad_bytes(void **state)
{
    (void)state;
    assert_decodes_to("ab\xD6\xD0\xCE\xC4", 6, ZJ_ENC_GB18030, ZJ_ENC_GB18030, "ab中文");
    /* plain ASCII forced to GB18030 is still the same text */
    assert_decodes_to("abc\r\n", 5, ZJ_ENC_GB18030, ZJ_ENC_GB18030, "abc\n");
    assert_refused_at("\xD6\xD0\xCE", 3, ZJ_ENC_GB18030, 2, "file ends inside a GB18030 character");
    assert_refused_at("\xD6\xD0\xFF\xFF", 4, ZJ_ENC_GB18030, 2, "invalid GB18030 byte sequence");
}

static void test_forced_utf8_refuses_gbk_bytes_at_the_first(void **state)
{
    (void)state;
    assert_refused_at("ok\xD6\xD0\xCE\xC4", 6, ZJ_ENC_UTF8, 2, "invalid UTF-8 byte 0xd6");
}

static void test_crlf_and_lone_cr_become_lf(void **state)
{
    (void)state;
    const char *s = "a\r\nb\rc\r\r\nd\n\re\r";
    assert_decodes_to(s, strlen(s), ZJ_ENC_AUTO, ZJ_ENC_UTF8, "a\nb\nc\n\nd\n\ne\n");
    assert_decodes_to("\r", 1, ZJ_ENC_AUTO, ZJ_ENC_UTF8, "\n");
    assert_decodes_to("\r\n\r\n", 4, ZJ_ENC_AUTO, ZJ_ENC_UTF8, "\n\n");
}

static void test_nul_in_utf8_text_is_refused_at_its_offset(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    for (int i = 0; i < 4; i++)
        zj_buf_addstr(&b, SUMMARY);
    size_t at = strlen(SUMMARY) + 9; /* after "2022年党" */
    b.ptr[at] = '\0';
    assert_refused_at(b.ptr, b.len, ZJ_ENC_AUTO, (long long)at, "binary file: NUL byte");
    zj_buf_release(&b);
    assert_refused_at("abc\0def", 7, ZJ_ENC_AUTO, 3, "binary file: NUL byte");
}

/* A short UTF-8 text of even length with one stray NUL must not be read as
 * UTF-16: the NUL is not the high byte of an ASCII-range unit. */
static void test_short_utf8_text_with_a_stray_nul_is_not_utf16(void **state)
{
    (void)state;
    const char s[] = "党风廉政建设\0工作总结。"; /* 34 bytes, NUL at 18 */
    assert_int_equal(sizeof s - 1, 34);
    assert_refused_at(s, sizeof s - 1, ZJ_ENC_AUTO, 18, "binary file: NUL byte");
}

static void test_binary_signatures_are_refused(void **state)
{
    (void)state;
    assert_refused_at("PK\x03\x04\x14\x00\x06\x00", 8, ZJ_ENC_AUTO, 0, "zip archive");
    assert_refused_at("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00", 9, ZJ_ENC_AUTO, 0, ".doc/.wps");
    assert_refused_at("%PDF-1.7\n", 9, ZJ_ENC_AUTO, 0, "a PDF file");
}

static void test_one_bad_byte_in_long_utf8_text_is_refused_at_its_offset(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    for (int i = 0; i < 20; i++)
        zj_buf_addstr(&b, SUMMARY);
    size_t at = b.len / 2;
    while ((uint8_t)b.ptr[at] < 0xC0)
        at++; /* a lead byte */
    at++;     /* its first continuation byte */
    b.ptr[at] = (char)0xFF;
    struct decoded d;
    decode(b.ptr, b.len, ZJ_ENC_AUTO, &d);
    assert_int_equal(d.rc, ZJ_ERR);
    assert_int_equal(d.enc, ZJ_ENC_UTF8);            /* damaged UTF-8, not GB18030 */
    assert_int_equal(d.err.byte, (long long)at - 1); /* the sequence starts at its lead byte */
    char want[128];
    snprintf(want, sizeof want,
             "invalid UTF-8 byte 0x%02x (use --encoding if the file is not UTF-8)",
             (unsigned)(uint8_t)b.ptr[at - 1]);
    assert_string_equal(d.err.msg, want);
    zj_buf_release(&d.text);
    zj_buf_release(&b);
}

static void test_stray_byte_in_long_utf8_text_is_refused_at_its_offset(void **state)
{
    (void)state;
    struct zj_buf b = ZJ_BUF_INIT;
    for (int i = 0; i < 20; i++)
        zj_buf_addstr(&b, SUMMARY);
    size_t at = b.len / 2;
    while ((uint8_t)b.ptr[at] < 0xC0)
        at++;
    b.ptr[at] = (char)0xFF; /* lead byte replaced: 0xFF then two stray continuations */
    struct decoded d;
    decode(b.ptr, b.len, ZJ_ENC_AUTO, &d);
    assert_int_equal(d.rc, ZJ_ERR);
    assert_int_equal(d.enc, ZJ_ENC_UTF8);
    assert_int_equal(d.err.byte, (long long)at);
    assert_non_null(strstr(d.err.msg, "invalid UTF-8 byte 0xff"));
    zj_buf_release(&d.text);
    zj_buf_release(&b);
}

static void test_bom_offset_counts_in_error_positions(void **state)
{
    (void)state;
    assert_refused_at("\xEF\xBB\xBF"
                      "ab\xFF",
                      6, ZJ_ENC_AUTO, 5, "invalid UTF-8 byte 0xff");
    assert_refused_at("\xFF\xFE"
                      "a\0b",
                      5, ZJ_ENC_AUTO, 4, "file ends inside a UTF-16LE character");
}

static void test_encoding_names_parse_and_print(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        enum zj_encoding enc;
        const char *name;
    } cases[] = {
        {"auto", ZJ_ENC_AUTO, "auto"},
        {"utf-8", ZJ_ENC_UTF8, "utf-8"},
        {"UTF8", ZJ_ENC_UTF8, "utf-8"},
        {"utf-8-bom", ZJ_ENC_UTF8_BOM, "utf-8-bom"},
        {"UTF-16LE", ZJ_ENC_UTF16LE, "utf-16le"},
        {"utf-16be", ZJ_ENC_UTF16BE, "utf-16be"},
        {"gb18030", ZJ_ENC_GB18030, "gb18030"},
        {"GBK", ZJ_ENC_GB18030, "gb18030"},
        {"gb2312", ZJ_ENC_GB18030, "gb18030"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum zj_encoding e = (enum zj_encoding) - 1;
        assert_int_equal(zj_encoding_parse(cases[i].in, &e), ZJ_OK);
        assert_int_equal(e, cases[i].enc);
        assert_string_equal(zj_encoding_name(e), cases[i].name);
    }
    enum zj_encoding e = ZJ_ENC_UTF16BE;
    assert_int_equal(zj_encoding_parse("latin1", &e), ZJ_ERR);
    assert_int_equal(zj_encoding_parse("", &e), ZJ_ERR);
    assert_int_equal(e, ZJ_ENC_UTF16BE); /* untouched on failure */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_without_bom_passes_through_unchanged),
        cmocka_unit_test(test_utf8_bom_is_removed_and_reported),
        cmocka_unit_test(test_decoded_text_is_appended_to_the_buffer),
        cmocka_unit_test(test_in_place_keeps_plain_utf8_where_it_is),
        cmocka_unit_test(test_in_place_drops_bom_and_cr_in_the_same_buffer),
        cmocka_unit_test(test_utf16le_with_bom_is_converted),
        cmocka_unit_test(test_utf16be_with_bom_is_converted),
        cmocka_unit_test(test_utf16le_without_bom_is_detected_by_nul_parity),
        cmocka_unit_test(test_utf16be_without_bom_is_detected_by_nul_parity),
        cmocka_unit_test(test_utf16_without_bom_holding_u_xx00_characters_is_still_utf16),
        cmocka_unit_test(test_gbk_bytes_are_detected_as_gb18030),
        cmocka_unit_test(test_forced_gb18030_converts_and_names_bad_bytes),
        cmocka_unit_test(test_forced_utf8_refuses_gbk_bytes_at_the_first),
        cmocka_unit_test(test_crlf_and_lone_cr_become_lf),
        cmocka_unit_test(test_nul_in_utf8_text_is_refused_at_its_offset),
        cmocka_unit_test(test_short_utf8_text_with_a_stray_nul_is_not_utf16),
        cmocka_unit_test(test_binary_signatures_are_refused),
        cmocka_unit_test(test_one_bad_byte_in_long_utf8_text_is_refused_at_its_offset),
        cmocka_unit_test(test_stray_byte_in_long_utf8_text_is_refused_at_its_offset),
        cmocka_unit_test(test_bom_offset_counts_in_error_positions),
        cmocka_unit_test(test_encoding_names_parse_and_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

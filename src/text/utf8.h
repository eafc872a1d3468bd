/*
 * utf8.h - the few UTF-8 primitives zongjie's hot loops need.
 *
 * Everything downstream of decode.c works on text that zj_utf8_valid_prefix()
 * accepted, so zj_utf8_next() may assume well-formed input and skip checks.
 */
#ifndef ZJ_UTF8_H
#define ZJ_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the longest prefix of s that is well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF).  Equals n when all is valid. */
size_t zj_utf8_valid_prefix(const uint8_t *s, size_t n);

/* Decodes one code point from well-formed UTF-8; returns its byte length. */
static inline int zj_utf8_next(const uint8_t *s, int32_t *cp)
{
    uint8_t c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        *cp = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    *cp = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
}

/* Byte length of the sequence that starts with lead byte c (1 for stray bytes). */
static inline int zj_utf8_len(uint8_t c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Start of the code point that ends just before byte i (i > 0) of
 * well-formed UTF-8: one step back. */
static inline size_t zj_utf8_prev(const uint8_t *s, size_t i)
{
    do
        i--;
    while (i > 0 && (s[i] & 0xC0) == 0x80);
    return i;
}

/* Number of code points in well-formed UTF-8. */
size_t zj_utf8_count(const uint8_t *s, size_t n);

struct zj_error;

/* Checks the contents of a UTF-8 text file zongjie reads whole (dictionary,
 * section rules): a leading BOM is skipped (*data and *len move past it);
 * an invalid byte is reported as path:line:col.  Returns ZJ_OK or ZJ_ERR. */
int zj_utf8_check_file(const char **data, size_t *len, const char *path, struct zj_error *err);

#endif

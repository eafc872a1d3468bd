/* fuzz_decode.c - decoding and normalization with the offset map: never
 * crash, every mapped position lies inside the decoded text, in order, the
 * fast path gives what the character-by-character path gives, and
 * decoding in place (what the corpus reader does) gives what zj_decode
 * gives: the same result or the same error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/decode.h"
#include "text/normalize.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct zj_buf out = ZJ_BUF_INIT;
    enum zj_encoding enc;
    struct zj_error err;
    int rc = zj_decode(data, size, ZJ_ENC_AUTO, &out, &enc, "fuzz", &err);
    struct zj_buf in_place = ZJ_BUF_INIT;
    enum zj_encoding enc2;
    struct zj_error err2;
    zj_buf_add(&in_place, (const char *)data, size);
    int rc2 = zj_decode_in_place(&in_place, ZJ_ENC_AUTO, &enc2, "fuzz", &err2);
    if (rc != rc2) abort();
    if (rc == ZJ_OK &&
        (enc != enc2 || in_place.len != out.len || memcmp(in_place.ptr, out.ptr, out.len)))
        abort();
    if (rc != ZJ_OK && (err.byte != err2.byte || strcmp(err.msg, err2.msg))) abort();
    zj_buf_release(&in_place);
    if (rc == ZJ_OK) {
        if (zj_utf8_valid_prefix((const uint8_t *)zj_buf_cstr(&out), out.len) != out.len) abort();
        struct zj_norm n = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize(zj_buf_cstr(&out), out.len, ZJ_NORM_MAP, &n);
        for (size_t i = 0; i < n.text.len; i++)
            if (n.map[i] >= n.codepoints || (i && n.map[i] < n.map[i - 1])) abort();
        if (n.chars > n.codepoints) abort();
        /* the fast path (plain runs) and the checked path agree on everything */
        struct zj_norm c = {ZJ_BUF_INIT, NULL, 0, 0, 0}, f = {ZJ_BUF_INIT, NULL, 0, 0, 0};
        zj_normalize(zj_buf_cstr(&out), out.len, ZJ_NORM_MAP | ZJ_NORM_CHECKED, &c);
        zj_normalize(zj_buf_cstr(&out), out.len, 0, &f);
        if (c.text.len != n.text.len || memcmp(c.text.ptr, n.text.ptr, n.text.len) ||
            (n.text.len && memcmp(c.map, n.map, n.text.len * sizeof *n.map)) ||
            c.chars != n.chars || c.codepoints != n.codepoints || f.text.len != n.text.len ||
            memcmp(f.text.ptr, n.text.ptr, n.text.len) || f.chars != n.chars)
            abort();
        zj_norm_release(&c), zj_norm_release(&f);
        zj_norm_release(&n);
    }
    zj_buf_release(&out);
    return 0;
}

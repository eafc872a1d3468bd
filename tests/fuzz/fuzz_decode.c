/* fuzz_decode.c - decoding and normalization with the offset map: never
 * crash, every mapped position lies inside the decoded text, in order, and
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
        zj_norm_release(&n);
    }
    zj_buf_release(&out);
    return 0;
}

/* fuzz_docx.c - the .docx reader on untrusted bytes: never crash, and the
 * text is valid UTF-8 without NUL, like every decoded text; a refusal always
 * says why.
 *
 * An input starting with "PK" is taken as a whole .docx (the zip layer).
 * Any other input is XML: word/document.xml, word/numbering.xml and
 * word/styles.xml separated by 0x1e bytes, packed here into a stored zip, so
 * mutations reach the XML readers instead of dying on a zip CRC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "text/docx.h"
#include "text/utf8.h"

static void check(const uint8_t *data, size_t size)
{
    struct zj_buf out = ZJ_BUF_INIT;
    struct zj_docprops props = {0};
    struct zj_error err;
    err.msg[0] = '\0';
    if (zj_docx_read(data, size, "fuzz.docx", &out, &props, &err) == ZJ_OK) {
        const char *s = zj_buf_cstr(&out);
        if (zj_utf8_valid_prefix((const uint8_t *)s, out.len) != out.len) abort();
        if (memchr(s, 0, out.len)) abort();
    } else if (!err.msg[0]) {
        abort();
    }
    zj_buf_release(&out);
    zj_docprops_release(&props);
}

/* The parts as a stored zip, in memory. */
static uint8_t *pack(const uint8_t *data, size_t size, size_t *len)
{
    static const char *const names[] = {"word/document.xml", "word/numbering.xml",
                                        "word/styles.xml"};
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, NULL);
    zip_source_keep(mem);
    zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, NULL);
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k < 3 && p <= end; k++) {
        const uint8_t *sep = k < 2 ? memchr(p, 0x1e, (size_t)(end - p)) : NULL;
        size_t n = (size_t)((sep ? sep : end) - p);
        zip_source_t *part = zip_source_buffer(za, p, n, 0);
        zip_int64_t i = zip_file_add(za, names[k], part, ZIP_FL_OVERWRITE);
        zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
        if (!sep) break;
        p = sep + 1;
    }
    zip_close(za);
    zip_stat_t st;
    uint8_t *bytes = NULL;
    *len = 0;
    if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
        bytes = malloc(st.size + 1);
        *len = (size_t)zip_source_read(mem, bytes, st.size);
        zip_source_close(mem);
    }
    zip_source_free(mem);
    return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        check(data, size);
        return 0;
    }
    size_t len;
    uint8_t *zip = pack(data, size, &len);
    if (zip) check(zip, len);
    free(zip);
    return 0;
}

/*
 * decode.c - encoding detection and conversion to UTF-8 (see decode.h).
 *
 * iconv (glibc) does the real conversions; this file only decides which one
 * and turns line ends into LF, so that a position means the same thing
 * whatever encoding the office saved the file in.
 */
#include "text/decode.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"
#include "util/banned.h"

static const char *const enc_names[] = {
    [ZJ_ENC_AUTO] = "auto",         [ZJ_ENC_UTF8] = "utf-8",       [ZJ_ENC_UTF8_BOM] = "utf-8-bom",
    [ZJ_ENC_UTF16LE] = "utf-16le", [ZJ_ENC_UTF16BE] = "utf-16be", [ZJ_ENC_GB18030] = "gb18030",
    [ZJ_ENC_DOCX] = "docx",
};

const char *zj_encoding_name(enum zj_encoding enc)
{
    return enc_names[enc];
}

int zj_encoding_parse(const char *name, enum zj_encoding *enc)
{
    static const struct {
        const char *name;
        enum zj_encoding enc;
    } known[] = {
        {"auto", ZJ_ENC_AUTO},         {"utf-8", ZJ_ENC_UTF8},       {"utf8", ZJ_ENC_UTF8},
        {"utf-8-bom", ZJ_ENC_UTF8_BOM}, {"utf-16le", ZJ_ENC_UTF16LE}, {"utf-16be", ZJ_ENC_UTF16BE},
        {"gb18030", ZJ_ENC_GB18030},   {"gbk", ZJ_ENC_GB18030},      {"gb2312", ZJ_ENC_GB18030},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!strcasecmp(name, known[i].name)) {
            *enc = known[i].enc;
            return ZJ_OK;
        }
    }
    return ZJ_ERR;
}

/* Appends UTF-8 to out with CRLF and lone CR turned into LF.  Copies whole
 * CR-free stretches at once: most files have no CR at all. */
static void add_lf(struct zj_buf *out, const uint8_t *s, size_t n)
{
    zj_buf_grow(out, n);
    char *w = out->ptr + out->len;
    for (size_t i = 0; i < n;) {
        const uint8_t *cr = memchr(s + i, '\r', n - i);
        size_t stop = cr ? (size_t)(cr - s) : n;
        memmove(w, s + i, stop - i); /* overlapping when add_lf_in_place moves text down */
        w += stop - i;
        if (!cr) break;
        *w++ = '\n';
        i = stop + 1 + (stop + 1 < n && s[stop + 1] == '\n');
    }
    out->len = (size_t)(w - out->ptr);
    out->ptr[out->len] = '\0';
}

/* b's bytes from `skip` on, with line ends turned into LF, where they lie:
 * the result is never longer, so it is written over the input front to back.
 * Without a BOM or a CR this only looks for the CR. */
static void add_lf_in_place(struct zj_buf *b, size_t skip)
{
    size_t n = b->len - skip;
    zj_buf_grow(b, 0); /* a buffer never written gets its "" */
    b->ptr[b->len] = '\0';
    if (!skip && !memchr(b->ptr, '\r', n)) return;
    assert(b->alloc > n); /* so add_lf's grow keeps b->ptr where it is */
    b->len = 0;
    add_lf(b, (const uint8_t *)b->ptr + skip, n);
}

static int check_utf8(const uint8_t *s, size_t n, size_t base, const char *path,
                      struct zj_error *err)
{
    size_t ok = zj_utf8_valid_prefix(s, n); /* one pass; cheap next to what follows */
    if (ok < n)
        return zj_error_at_byte(
            err, path, (long long)(base + ok),
            "invalid UTF-8 byte 0x%02x (use --encoding if the file is not UTF-8)", s[ok]);
    return ZJ_OK;
}

/* s[0..n) converted from `from` to UTF-8 at the end of utf8, line ends as
 * they were; base is s's offset in the file, for messages. */
static int iconv_utf8(const uint8_t *s, size_t n, size_t base, const char *from,
                      struct zj_buf *utf8, const char *path, struct zj_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return zj_error_set(err, path, 0, 0, "iconv cannot convert from %s", from);
    char *in = (char *)s;
    size_t in_left = n;
    int rc = ZJ_OK;
    while (in_left > 0) {
        zj_buf_grow(utf8, in_left * 2 + 16);
        char *o = utf8->ptr + utf8->len;
        size_t o_left = utf8->alloc - utf8->len - 1;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        utf8->len = (size_t)(o - utf8->ptr);
        if (r == (size_t)-1 && errno != E2BIG) {
            long long at = (long long)(base + (size_t)((const uint8_t *)in - s));
            rc = zj_error_at_byte(err, path, at, errno == EINVAL ? "file ends inside a %s character"
                                                                 : "invalid %s byte sequence",
                                  from);
            break;
        }
    }
    iconv_close(cd);
    return rc;
}

static int refuse_signature(const uint8_t *s, size_t n, const char *path, struct zj_error *err)
{
    if (n >= 4 && !memcmp(s, "PK\x03\x04", 4))
        return zj_error_at_byte(err, path, 0,
                                "a zip archive (a .docx or .xlsx renamed?), not plain text");
    if (n >= 8 && !memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return zj_error_at_byte(err, path, 0,
                                "an old binary Word/WPS file (.doc/.wps): save it as .docx, or convert "
                                "it: soffice --headless --convert-to docx FILE");
    if (n >= 5 && !memcmp(s, "%PDF-", 5))
        return zj_error_at_byte(err, path, 0, "a PDF file, not plain text");
    return ZJ_OK;
}

/*
 * UTF-16 without a BOM shows NUL bytes: the high byte of every ASCII-range
 * unit (line ends, digits), and also the low byte of U+xx00 characters (一
 * U+4E00, 最 U+6700, the ideographic space U+3000), which sit on the other
 * parity.  So line-end units (CR, LF) decide the byte order when there are
 * any; without them every NUL must be the high byte of an ASCII-range unit
 * in one byte order.  Returns ZJ_ENC_AUTO (binary) when the length is odd, a
 * unit is 00 00, NULs are too rare, or the test above fails.
 */
static enum zj_encoding guess_utf16(const uint8_t *s, size_t n, size_t *first_nul)
{
    const uint8_t *nul = memchr(s, 0, n);
    *first_nul = nul ? (size_t)(nul - s) : n;
    if (!nul || n % 2) return ZJ_ENC_AUTO;
    size_t nuls = 0, eol_le = 0, eol_be = 0, stray_le = 0, stray_be = 0;
    for (size_t i = 0; i < n; i += 2) {
        uint8_t a = s[i], b = s[i + 1];
        if (!a && !b) return ZJ_ENC_AUTO;
        if (a && b) continue;
        nuls++;
        eol_le += !b && (a == '\n' || a == '\r');
        eol_be += !a && (b == '\n' || b == '\r');
        stray_le += b || a >= 0x80; /* not the high byte of an ASCII unit */
        stray_be += a || b >= 0x80;
    }
    if (nuls * 64 < n) return ZJ_ENC_AUTO;
    if (eol_le != eol_be) return eol_le > eol_be ? ZJ_ENC_UTF16LE : ZJ_ENC_UTF16BE;
    return !stray_le ? ZJ_ENC_UTF16LE : !stray_be ? ZJ_ENC_UTF16BE : ZJ_ENC_AUTO;
}

/* Counts well-formed multi-byte sequences and bad bytes, to tell UTF-8 with
 * a few damaged bytes from a legacy encoding. */
static void utf8_census(const uint8_t *s, size_t n, size_t *good_mb, size_t *bad)
{
    *good_mb = *bad = 0;
    size_t i = 0;
    while (i < n) {
        size_t ok = zj_utf8_valid_prefix(s + i, n - i);
        for (size_t j = i; j < i + ok; j++) *good_mb += (s[j] >= 0xC0);
        i += ok;
        if (i < n) (*bad)++, i++;
    }
}

/* How a file's bytes become text: iconv from `from`, or (from NULL) they
 * are well-formed UTF-8 already; either way from byte `skip` on (a BOM). */
struct plan {
    const char *from;
    size_t skip;
};

static int detect(const uint8_t *s, size_t n, struct plan *p, enum zj_encoding *detected,
                  const char *path, struct zj_error *err)
{
    if (refuse_signature(s, n, path, err)) return ZJ_ERR;
    size_t nul;
    enum zj_encoding u16 = guess_utf16(s, n, &nul);
    if (nul < n) {
        if (u16 == ZJ_ENC_AUTO)
            return zj_error_at_byte(err, path, (long long)nul, "binary file: NUL byte");
        *detected = u16;
        p->from = u16 == ZJ_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE";
        return ZJ_OK;
    }
    *detected = ZJ_ENC_UTF8;
    if (zj_utf8_valid_prefix(s, n) == n) return ZJ_OK; /* the common case: no census needed */
    size_t good_mb, bad;
    utf8_census(s, n, &good_mb, &bad);
    /* Mostly well-formed multi-byte UTF-8 with a few bad bytes is damaged
     * UTF-8; GBK text yields far more bad bytes than accidental sequences. */
    if (bad == 0 || bad * 4 < good_mb) return check_utf8(s, n, 0, path, err);
    *detected = ZJ_ENC_GB18030;
    p->from = "GB18030";
    return ZJ_OK;
}

/* Chooses the conversion (see decode.h); UTF-8 is validated here. */
static int plan_decode(const uint8_t *s, size_t n, enum zj_encoding forced, struct plan *p,
                       enum zj_encoding *detected, const char *path, struct zj_error *err)
{
    enum zj_encoding bom = ZJ_ENC_AUTO;
    p->from = NULL, p->skip = 0;
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        bom = ZJ_ENC_UTF8_BOM, p->skip = 3;
    else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        bom = ZJ_ENC_UTF16LE, p->skip = 2;
    else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        bom = ZJ_ENC_UTF16BE, p->skip = 2;

    enum zj_encoding enc = forced != ZJ_ENC_AUTO ? forced : bom;
    if (forced != ZJ_ENC_AUTO && bom != ZJ_ENC_AUTO && forced != bom &&
        !(forced == ZJ_ENC_UTF8 && bom == ZJ_ENC_UTF8_BOM))
        p->skip = 0; /* the user says these bytes are not a BOM */
    if (forced == ZJ_ENC_UTF8 && bom == ZJ_ENC_UTF8_BOM) enc = ZJ_ENC_UTF8_BOM;
    if (enc == ZJ_ENC_AUTO) return detect(s, n, p, detected, path, err);

    *detected = enc;
    switch (enc) {
    case ZJ_ENC_UTF8:
    case ZJ_ENC_UTF8_BOM:
        return check_utf8(s + p->skip, n - p->skip, p->skip, path, err);
    case ZJ_ENC_UTF16LE:
        p->from = "UTF-16LE";
        return ZJ_OK;
    case ZJ_ENC_UTF16BE:
        p->from = "UTF-16BE";
        return ZJ_OK;
    default:
        p->from = "GB18030";
        return ZJ_OK;
    }
}

int zj_decode(const uint8_t *s, size_t n, enum zj_encoding forced, struct zj_buf *out,
              enum zj_encoding *detected, const char *path, struct zj_error *err)
{
    struct plan p;
    if (plan_decode(s, n, forced, &p, detected, path, err)) return ZJ_ERR;
    if (!p.from) {
        add_lf(out, s + p.skip, n - p.skip);
        return ZJ_OK;
    }
    struct zj_buf utf8 = ZJ_BUF_INIT;
    int rc = iconv_utf8(s + p.skip, n - p.skip, p.skip, p.from, &utf8, path, err);
    if (rc == ZJ_OK) add_lf(out, (const uint8_t *)utf8.ptr, utf8.len);
    zj_buf_release(&utf8);
    return rc;
}

int zj_decode_in_place(struct zj_buf *text, enum zj_encoding forced, enum zj_encoding *detected,
                       const char *path, struct zj_error *err)
{
    const uint8_t *s = (const uint8_t *)zj_buf_cstr(text);
    struct plan p;
    if (plan_decode(s, text->len, forced, &p, detected, path, err)) return ZJ_ERR;
    if (!p.from) {
        add_lf_in_place(text, p.skip);
        return ZJ_OK;
    }
    /* converted into a buffer of its own, then line ends fixed there */
    struct zj_buf out = ZJ_BUF_INIT;
    int rc = iconv_utf8(s + p.skip, text->len - p.skip, p.skip, p.from, &out, path, err);
    if (rc == ZJ_OK)
        add_lf_in_place(&out, 0);
    else
        zj_buf_release(&out);
    zj_buf_release(text);
    *text = out;
    return rc;
}

/*
 * decode.h - bytes of a summary file to UTF-8 text with LF line ends.
 *
 * Owns encoding detection and conversion.  The output ("decoded text") is
 * what every position in every table counts code points of: UTF-8, BOM
 * removed, CRLF and CR turned into LF, nothing else changed.
 *
 * Detection, in order: a BOM (UTF-8, UTF-16LE/BE); a known binary signature
 * (zip, OLE/.doc/.wps, PDF) is refused (a .docx never gets here: docx.h reads it); NUL bytes are UTF-16 without BOM
 * when line-end units (CR, LF) read as such in one byte order, or else when
 * they all sit in the high byte of ASCII-range units, binary otherwise;
 * well-formed UTF-8; UTF-8 with a few bad bytes (refused, naming the first);
 * else GB18030 (a superset of GBK and GB2312) through iconv.
 */
#ifndef ZJ_DECODE_H
#define ZJ_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/error.h"

enum zj_encoding {
    ZJ_ENC_AUTO = 0,
    ZJ_ENC_UTF8,
    ZJ_ENC_UTF8_BOM,
    ZJ_ENC_UTF16LE,
    ZJ_ENC_UTF16BE,
    ZJ_ENC_GB18030,
    ZJ_ENC_DOCX, /* not an encoding: the text was read from a .docx (docx.h) */
};

/* Stable lower-case name used in tables ("utf-8", "utf-8-bom", "gb18030", ...). */
const char *zj_encoding_name(enum zj_encoding enc);
/* Parses a user-given name (case-insensitive; "gbk" and "gb2312" mean
 * gb18030, "utf8" means utf-8).  Returns ZJ_ERR for an unknown name. */
int zj_encoding_parse(const char *name, enum zj_encoding *enc);

/*
 * Decodes bytes[0..n) into out (appended; out is not cleared).  `forced` is
 * ZJ_ENC_AUTO to detect.  On success sets *detected.  On failure fills err
 * with `path` and the byte offset of the first offending byte; out may then
 * hold a partial result that the caller discards.
 */
int zj_decode(const uint8_t *bytes, size_t n, enum zj_encoding forced, struct zj_buf *out,
              enum zj_encoding *detected, const char *path, struct zj_error *err);

/*
 * zj_decode of the bytes held in `text`, leaving the decoded text in `text`.
 * UTF-8 is converted where it lies (a BOM removed, CR and CRLF turned into
 * LF: both only shorten it), so a well-formed UTF-8 file with LF line ends
 * and no BOM costs its validation and a search for CR: no copy.  Other
 * encodings are converted into a new buffer that replaces text's.  Same
 * detection, results and errors as zj_decode; on failure text's content is
 * unspecified (the caller discards it).
 */
int zj_decode_in_place(struct zj_buf *text, enum zj_encoding forced, enum zj_encoding *detected,
                       const char *path, struct zj_error *err);

#endif

/*
 * docx.h - a Word .docx as the decoded text zongjie analyses.
 *
 * Owns reading a .docx: the zip container (libzip, from memory), the parts
 * word/document.xml, word/styles.xml, word/numbering.xml and
 * docProps/core.xml (libxml2's streaming reader), and their rendering as
 * plain text with the same contract as decode.h: UTF-8, LF line ends, one
 * line per paragraph.
 *
 * What the text holds: body paragraphs in order, with Word's automatic
 * numbering written out as Word shows it (docx_num.h); table cells in reading
 * order (row by row, cell by cell, a line per paragraph); text boxes as lines
 * of their own just before the paragraph they are anchored in; inserted
 * revisions kept, deleted ones (w:del, w:moveFrom) dropped; field codes
 * dropped, and the results of page-number and table-of-contents fields too.
 * Left out: page headers and footers, footnotes, endnotes, comments.
 *
 * Untrusted input: every zip entry is read through a counter that stops at
 * ZJ_DOCX_MAX_PART bytes whatever its header says (zip bombs); XML is parsed
 * without network access, DTD loading or entity substitution, and a part
 * with a DOCTYPE is refused outright (no Word part has one).
 */
#ifndef ZJ_DOCX_H
#define ZJ_DOCX_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/error.h"

#define ZJ_DOCX_MAX_PART ((size_t)64 << 20) /* uncompressed bytes per zip entry */

/* docProps/core.xml; each field malloc'ed, NULL when absent. */
struct zj_docprops {
    char *title, *creator, *created, *modified;
};
void zj_docprops_release(struct zj_docprops *p);

/* Whether a file is for the .docx reader: its name ends in .docx (any case),
 * or it is a zip archive that names word/document.xml. */
int zj_docx_detect(const char *path, const uint8_t *data, size_t n);

/* Appends the text of the .docx in data[0..n) to out and fills props (which
 * may be NULL).  Fails, naming `path` and what to do, on a file that is not a
 * zip (an old .doc/.wps, a truncated download), an encrypted or corrupt one,
 * an oversized part or malformed XML; out may then hold a partial result. */
int zj_docx_read(const uint8_t *data, size_t n, const char *path, struct zj_buf *out,
                 struct zj_docprops *props, struct zj_error *err);

#endif

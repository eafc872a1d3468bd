/*
 * docx_xml.h - internal to the .docx reader: one zip entry as a libxml2
 * streaming reader, with the size cap and DOCTYPE refusal of docx.h, and
 * small helpers for WordprocessingML names and attributes.
 */
#ifndef ZJ_DOCX_XML_H
#define ZJ_DOCX_XML_H

#include <libxml/xmlreader.h>
#include <zip.h>

#include "text/docx_num.h"
#include "util/buf.h"
#include "util/error.h"

struct zj_xpart {
    const char *name; /* entry name, for messages */
    zip_file_t *zf;
    size_t total;         /* uncompressed bytes read so far */
    int too_big, doctype; /* why reading stopped */
    char zip_error[128];  /* libzip's message when an entry read failed */
    char xml_error[256];  /* libxml2's first error */
    int xml_line;
    char tail[8]; /* last bytes of the previous chunk (DOCTYPE across chunks) */
    size_t ntail;
    xmlTextReaderPtr r;
};

/* Opens entry `name` of za.  Returns 1 when opened, 0 when the entry is
 * absent, ZJ_ERR (err filled) when it cannot be read. */
int zj_xpart_open(struct zj_xpart *x, zip_t *za, const char *name, const char *path,
                  struct zj_error *err);
/* Fills err with why the reader stopped (size cap, DOCTYPE, zip or XML error). */
int zj_xpart_fail(const struct zj_xpart *x, const char *path, struct zj_error *err);
void zj_xpart_close(struct zj_xpart *x);

/* Whether the current node is an element (start tag) of WordprocessingML
 * (transitional or strict namespace) with this local name. */
int zj_w_is(xmlTextReaderPtr r, const char *local);
int zj_w_end(xmlTextReaderPtr r, const char *local);
/* w:NAME attribute of the current element (xmlFree it), NULL when absent. */
char *zj_w_attr(xmlTextReaderPtr r, const char *name);
/* w:NAME as a number; `def` when absent or not a number. */
long zj_w_long(xmlTextReaderPtr r, const char *name, long def);
/* Whether w:NAME is absent or says on (Word's ST_OnOff: true, 1, on). */
int zj_w_on(xmlTextReaderPtr r, const char *name);

/* word/numbering.xml and word/styles.xml into nb; word/document.xml into out. */
int zj_docx_numbering(struct zj_xpart *x, struct zj_numbering *nb, const char *path,
                      struct zj_error *err);
int zj_docx_styles(struct zj_xpart *x, struct zj_numbering *nb, const char *path,
                   struct zj_error *err);
int zj_docx_body(struct zj_xpart *x, struct zj_numbering *nb, struct zj_buf *out, const char *path,
                 struct zj_error *err);

#endif

/*
 * docx.c - the zip container and the XML plumbing of the .docx reader (see
 * docx.h); the parts themselves are read in docx_parts.c and docx_body.c.
 *
 * The file is already in memory (it may come from standard input), so libzip
 * reads it from a buffer.  Entries are never inflated whole: libxml2 pulls
 * them through read_entry(), which counts bytes against the cap and looks for
 * a DOCTYPE as they pass, so a 1 KB entry claiming 10 GB stops at the cap.
 */
#include "text/docx.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/docx_xml.h"
#include "util/alloc.h"
#include "util/banned.h"

static const char *const w_ns[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
};

void zj_docprops_release(struct zj_docprops *p)
{
    free(p->title), free(p->creator), free(p->created), free(p->modified);
    memset(p, 0, sizeof *p);
}

/* memmem(3) without _GNU_SOURCE. */
static int has_bytes(const void *hay, size_t n, const void *needle, size_t k)
{
    const char *h = hay;
    for (const char *p = h;
         k <= n && (p = memchr(p, *(const char *)needle, n - k + 1 - (size_t)(p - h))); p++)
        if (!memcmp(p, needle, k)) return 1;
    return 0;
}

int zj_docx_detect(const char *path, const uint8_t *data, size_t n)
{
    size_t l = strlen(path);
    if (l > 5 && !strcasecmp(path + l - 5, ".docx")) return 1;
    return n >= 4 && !memcmp(data, "PK\x03\x04", 4) && has_bytes(data, n, "word/document.xml", 17);
}

/* ---- one entry as an xmlTextReader ---- */

/* Looks for "<!DOCTYPE" in this chunk and across the edge with the previous
 * one; keeps the last 8 bytes of the stream for the next call. */
static int seen_doctype(struct zj_xpart *x, const char *buf, size_t n)
{
    char joined[16];
    size_t k = n < 8 ? n : 8, total = x->ntail + k;
    memcpy(joined, x->tail, x->ntail);
    memcpy(joined + x->ntail, buf, k);
    int hit = has_bytes(joined, total, "<!DOCTYPE", 9) || has_bytes(buf, n, "<!DOCTYPE", 9);
    size_t keep = n >= 8 ? 8 : total < 8 ? total : 8;
    memcpy(x->tail, n >= 8 ? buf + n - 8 : joined + total - keep, keep);
    x->ntail = keep;
    return hit;
}

static int read_entry(void *ctx, char *buf, int len)
{
    struct zj_xpart *x = ctx;
    zip_int64_t r = zip_fread(x->zf, buf, (zip_uint64_t)len);
    if (r < 0) {
        snprintf(x->zip_error, sizeof x->zip_error, "%s",
                 zip_error_strerror(zip_file_get_error(x->zf)));
        return -1;
    }
    x->total += (size_t)r;
    if (x->total > ZJ_DOCX_MAX_PART)
        x->too_big = 1;
    else if (r > 0 && seen_doctype(x, buf, (size_t)r))
        x->doctype = 1;
    return x->too_big || x->doctype ? -1 : (int)r;
}

static int close_entry(void *ctx)
{
    (void)ctx; /* zj_xpart_close closes the entry after the reader is gone */
    return 0;
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    struct zj_xpart *x = ctx;
    if (x->xml_error[0] || !e || e->level < XML_ERR_ERROR) return;
    snprintf(x->xml_error, sizeof x->xml_error, "%s", e->message ? e->message : "malformed XML");
    size_t l = strlen(x->xml_error);
    while (l && isspace((unsigned char)x->xml_error[l - 1]))
        x->xml_error[--l] = '\0';
    x->xml_line = e->line;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void init_xml(void)
{
    xmlInitParser(); /* once, before threads share libxml2 */
}

/* libxml2 reports some errors (a byte the declared encoding cannot convert)
 * through its generic handler, which prints to stderr, rather than the
 * reader's: the reader's failure is what zongjie reports, naming the file. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

int zj_xpart_open(struct zj_xpart *x, zip_t *za, const char *name, const char *path,
                  struct zj_error *err)
{
    memset(x, 0, sizeof *x);
    x->name = name;
    zip_int64_t i = zip_name_locate(za, name, 0);
    if (i < 0) return 0;
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return zj_error_set(err, path, 0, 0,
                            "an encrypted .docx: remove the password in Word and save it again");
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > ZJ_DOCX_MAX_PART) {
        x->too_big = 1; /* the header is believed when it says too much; when it says */
        return zj_xpart_fail(x, path, err); /* little, read_entry still counts */
    }
    x->zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
    if (!x->zf)
        return zj_error_set(err, path, 0, 0,
                            "a corrupt .docx: cannot read %s (%s); open it in Word "
                            "or LibreOffice and save it again",
                            name, zip_strerror(za));
    pthread_once(&xml_once, init_xml);
    xmlSetGenericErrorFunc(NULL, quiet); /* per thread in libxml2 */
    x->r = xmlReaderForIO(read_entry, close_entry, x, name, NULL, XML_PARSE_NONET);
    if (!x->r) {
        zip_fclose(x->zf);
        x->zf = NULL;
        return zj_error_set(err, path, 0, 0, "cannot start the XML reader for %s", name);
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, on_xml_error, x);
    return 1;
}

int zj_xpart_fail(const struct zj_xpart *x, const char *path, struct zj_error *err)
{
    if (x->too_big)
        return zj_error_set(err, path, 0, 0,
                            "%s is larger than %zu MiB uncompressed: refused "
                            "(a zip bomb?)",
                            x->name, ZJ_DOCX_MAX_PART >> 20);
    if (x->doctype)
        return zj_error_set(err, path, 0, 0,
                            "%s declares a DOCTYPE (entity definitions): refused; "
                            "Word never writes one",
                            x->name);
    if (x->zip_error[0])
        return zj_error_set(err, path, 0, 0,
                            "a corrupt or truncated .docx: %s: %s; open it in Word "
                            "or LibreOffice and save it again",
                            x->name, x->zip_error);
    return zj_error_set(err, path, 0, 0, "a corrupt .docx: %s:%d: %s", x->name, x->xml_line,
                        x->xml_error[0] ? x->xml_error : "malformed XML");
}

void zj_xpart_close(struct zj_xpart *x)
{
    if (x->r) xmlFreeTextReader(x->r);
    if (x->zf) zip_fclose(x->zf);
    x->r = NULL;
    x->zf = NULL;
}

/* ---- WordprocessingML helpers ---- */

static int in_w(xmlTextReaderPtr r, const char *local)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    const char *ln = (const char *)xmlTextReaderConstLocalName(r);
    return ns && ln && !strcmp(ln, local) && (!strcmp(ns, w_ns[0]) || !strcmp(ns, w_ns[1]));
}

int zj_w_is(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && in_w(r, local);
}

int zj_w_end(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && in_w(r, local);
}

char *zj_w_attr(xmlTextReaderPtr r, const char *name)
{
    for (size_t i = 0; i < 2; i++) {
        xmlChar *v =
            xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)w_ns[i]);
        if (v) return (char *)v;
    }
    return NULL;
}

long zj_w_long(xmlTextReaderPtr r, const char *name, long def)
{
    char *v = zj_w_attr(r, name), *end;
    long n = v ? strtol(v, &end, 10) : def;
    if (v && (end == v || *end || n < -1000000000L || n > 1000000000L)) n = def;
    xmlFree(v);
    return n;
}

int zj_w_on(xmlTextReaderPtr r, const char *name)
{
    char *v = zj_w_attr(r, name);
    int on = !v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
    xmlFree(v);
    return on;
}

/* ---- the document ---- */

static char *element_text(xmlTextReaderPtr r)
{
    xmlChar *s = xmlTextReaderReadString(r);
    char *copy = s && *s ? zj_xstrdup((const char *)s) : NULL;
    xmlFree(s);
    return copy;
}

/* docProps/core.xml is metadata only: a damaged one leaves props empty
 * rather than failing a readable document. */
static void read_props(zip_t *za, const char *path, struct zj_docprops *props)
{
    struct zj_xpart x;
    struct zj_error ignored;
    if (zj_xpart_open(&x, za, "docProps/core.xml", path, &ignored) != 1) return;
    while (xmlTextReaderRead(x.r) == 1) {
        if (xmlTextReaderNodeType(x.r) != XML_READER_TYPE_ELEMENT) continue;
        const char *ln = (const char *)xmlTextReaderConstLocalName(x.r);
        char **slot = !strcmp(ln, "title")      ? &props->title
                      : !strcmp(ln, "creator")  ? &props->creator
                      : !strcmp(ln, "created")  ? &props->created
                      : !strcmp(ln, "modified") ? &props->modified
                                                : NULL;
        if (slot && !*slot) *slot = element_text(x.r);
    }
    zj_xpart_close(&x);
}

static int open_zip(const uint8_t *data, size_t n, const char *path, zip_t **za,
                    struct zj_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (*za) return ZJ_OK;
    if (src) zip_source_free(src);
    int code = zip_error_code_zip(&ze);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    if (n >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return zj_error_set(err, path, 0, 0, "%s",
                            has_bytes(data, n, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0", 20)
                                ? "an encrypted (password-protected) Word file: remove the "
                                  "password in Word and save it "
                                  "again as .docx"
                                : "an old binary Word/WPS file (.doc/.wps) named .docx: save it as "
                                  ".docx in Word or WPS, "
                                  "or convert it: soffice --headless --convert-to docx FILE");
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
        return zj_error_set(err, path, 0, 0,
                            "a corrupt or truncated .docx (%s): open it in Word or "
                            "LibreOffice and save it again",
                            msg);
    return zj_error_set(err, path, 0, 0, "cannot open the .docx: %s", msg);
}

static int read_part(zip_t *za, const char *name, struct zj_numbering *nb, struct zj_buf *out,
                     const char *path, struct zj_error *err)
{
    struct zj_xpart x;
    int rc = zj_xpart_open(&x, za, name, path, err);
    if (rc <= 0) {
        if (rc == 0 && out)
            return zj_error_set(err, path, 0, 0,
                                "a zip archive without word/document.xml: not a Word "
                                ".docx (an .xlsx, .pptx or .wps renamed?)");
        return rc;
    }
    if (out)
        rc = zj_docx_body(&x, nb, out, path, err);
    else if (!strcmp(name, "word/styles.xml"))
        rc = zj_docx_styles(&x, nb, path, err);
    else
        rc = zj_docx_numbering(&x, nb, path, err);
    zj_xpart_close(&x);
    return rc;
}

int zj_docx_read(const uint8_t *data, size_t n, const char *path, struct zj_buf *out,
                 struct zj_docprops *props, struct zj_error *err)
{
    zip_t *za;
    if (open_zip(data, n, path, &za, err)) return ZJ_ERR;
    struct zj_numbering nb = {0};
    int rc = read_part(za, "word/styles.xml", &nb, NULL, path, err);
    if (rc == ZJ_OK) rc = read_part(za, "word/numbering.xml", &nb, NULL, path, err);
    if (rc == ZJ_OK) rc = read_part(za, "word/document.xml", &nb, out, path, err);
    if (rc == ZJ_OK && props) read_props(za, path, props);
    zj_numbering_release(&nb);
    zip_discard(za);
    return rc < 0 ? ZJ_ERR : ZJ_OK;
}

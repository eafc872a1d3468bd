/*
 * docx_body.c - word/document.xml to lines of text (see docx.h for what is
 * kept and what is left out).
 *
 * One pass over the streaming reader.  Paragraphs are a stack, because a text
 * box is a paragraph inside a run of another paragraph: the inner one is
 * written out as its own line when it closes, before the outer line.  Fields
 * are a stack too (they nest and may span paragraphs): text between a
 * field's begin and separate marks is its code and never shown, and the
 * result of a page-number or TOC field is dropped.  Subtrees that hold no
 * visible text (deleted revisions, old properties, the fallback copy of a
 * drawing) are skipped whole with xmlTextReaderNext.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/docx_xml.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MAX_PARAS 16
#define MAX_FIELDS 32

static const char mc_ns[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

struct para {
    struct zj_buf text;
    char *style;
    long num_id;
    int ilvl;
    int mark_deleted; /* the paragraph mark is a tracked deletion: joins the next */
};

struct field {
    int in_result, drop;
    struct zj_buf code;
};

struct body {
    xmlTextReaderPtr r;
    struct zj_numbering *nb;
    struct zj_buf *out;
    struct para paras[MAX_PARAS];
    int depth, overflow; /* open paragraphs; those nested deeper than MAX_PARAS */
    struct field fields[MAX_FIELDS];
    int nfields, fields_overflow;
    struct zj_buf carry; /* text of paragraphs whose mark was deleted */
    int in_t;
};

/* Elements whose whole subtree is skipped: no visible text in them. */
static const char *const skipped[] = {
    "del",   "moveFrom", "delText", "delInstrText", "pPrChange", "rPrChange", "sectPr",  "rPr",
    "tblPr", "trPr",     "tcPr",    "tblGrid",      "sdtPr",     "rt",        "fldData", NULL,
};

static int is_skipped(xmlTextReaderPtr r)
{
    for (size_t i = 0; skipped[i]; i++)
        if (zj_w_is(r, skipped[i])) return 1;
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    const char *ln = (const char *)xmlTextReaderConstLocalName(r);
    return ns && ln && !strcmp(ns, mc_ns) && !strcmp(ln, "Fallback");
}

/* Fields whose result is a page number or a generated table of contents. */
static int dropped_field(const char *code)
{
    static const char *const names[] = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF",
                                        "TOC",  NULL};
    while (isspace((unsigned char)*code))
        code++;
    size_t n = 0;
    while (code[n] && !isspace((unsigned char)code[n]) && code[n] != '\\')
        n++;
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == n && !strncasecmp(code, names[i], n)) return 1;
    return 0;
}

static int hidden(const struct body *b)
{
    for (int i = 0; i < b->nfields; i++)
        if (!b->fields[i].in_result || b->fields[i].drop) return 1;
    return 0;
}

static struct zj_buf *text_dest(struct body *b)
{
    return b->depth ? &b->paras[b->depth - 1].text : NULL;
}

static void add_text(struct body *b, const char *s, size_t n)
{
    struct zj_buf *d = text_dest(b);
    if (d && !hidden(b)) zj_buf_add(d, s, n);
}

static void open_para(struct body *b)
{
    if (b->depth == MAX_PARAS) {
        b->overflow++;
        return;
    }
    struct para *p = &b->paras[b->depth++];
    memset(p, 0, sizeof *p);
    p->num_id = -1;
    p->ilvl = -1;
}

static void close_para(struct body *b)
{
    if (b->overflow) {
        b->overflow--;
        return;
    }
    if (!b->depth) return;
    struct para *p = &b->paras[--b->depth];
    if (p->mark_deleted) {
        zj_buf_add(&b->carry, p->text.ptr ? p->text.ptr : "", p->text.len);
    } else {
        struct zj_para_num pn = {p->style, p->num_id, p->ilvl};
        zj_numbering_label(b->nb, &pn, b->out);
        zj_buf_add(b->out, zj_buf_cstr(&b->carry), b->carry.len);
        zj_buf_add(b->out, zj_buf_cstr(&p->text), p->text.len);
        zj_buf_addch(b->out, '\n');
        zj_buf_truncate(&b->carry, 0);
    }
    zj_buf_release(&p->text);
    free(p->style);
}

/* w:pPr: the style, the list and level, and whether the mark is deleted.
 * Old properties (w:pPrChange) are skipped: they are not what is shown.
 * Leaves the reader on the w:pPr end tag (or the empty w:pPr); returns 1,
 * or the reader's status when it stopped early. */
static int read_ppr(struct body *b, struct para *p)
{
    if (xmlTextReaderIsEmptyElement(b->r)) return 1;
    int rc = xmlTextReaderRead(b->r);
    while (rc == 1 && !zj_w_end(b->r, "pPr")) {
        if (zj_w_is(b->r, "pPrChange")) {
            rc = xmlTextReaderNext(b->r);
            continue;
        }
        if (p && zj_w_is(b->r, "pStyle")) {
            char *v = zj_w_attr(b->r, "val");
            free(p->style);
            p->style = v ? zj_xstrdup(v) : NULL;
            xmlFree(v);
        } else if (p && zj_w_is(b->r, "numId")) {
            p->num_id = zj_w_long(b->r, "val", -1);
        } else if (p && zj_w_is(b->r, "ilvl")) {
            p->ilvl = (int)zj_w_long(b->r, "val", 0);
            if (p->ilvl < 0 || p->ilvl >= ZJ_NUM_LEVELS) p->ilvl = 0;
        } else if (p && zj_w_is(b->r, "del")) {
            p->mark_deleted = 1;
        }
        rc = xmlTextReaderRead(b->r);
    }
    return rc;
}

static void field_char(struct body *b)
{
    char *type = zj_w_attr(b->r, "fldCharType");
    if (type && !strcmp(type, "begin")) {
        if (b->nfields == MAX_FIELDS)
            b->fields_overflow++;
        else
            memset(&b->fields[b->nfields++], 0, sizeof b->fields[0]);
    } else if (type && !strcmp(type, "separate") && b->nfields && !b->fields_overflow) {
        struct field *f = &b->fields[b->nfields - 1];
        f->in_result = 1;
        f->drop = dropped_field(zj_buf_cstr(&f->code));
    } else if (type && !strcmp(type, "end")) {
        if (b->fields_overflow)
            b->fields_overflow--;
        else if (b->nfields)
            zj_buf_release(&b->fields[--b->nfields].code);
    }
    xmlFree(type);
}

/* Runs' special characters, as Word draws them. */
static int special_char(struct body *b)
{
    xmlTextReaderPtr r = b->r;
    if (zj_w_is(r, "tab") || zj_w_is(r, "ptab"))
        add_text(b, "\t", 1);
    else if (zj_w_is(r, "cr"))
        add_text(b, "\n", 1);
    else if (zj_w_is(r, "noBreakHyphen"))
        add_text(b, "-", 1);
    else if (zj_w_is(r, "br")) {
        char *type = zj_w_attr(r, "type"); /* page and column breaks start no new line */
        if (!type || !strcmp(type, "textWrapping")) add_text(b, "\n", 1);
        xmlFree(type);
    } else
        return 0;
    return 1;
}

/* Handles one start tag and moves the reader on: past the whole subtree
 * when it holds nothing visible.  Returns the reader's status (1: on the
 * next node, 0: end of the part, -1: error). */
static int start_tag(struct body *b)
{
    xmlTextReaderPtr r = b->r;
    if (is_skipped(r)) return xmlTextReaderNext(r);
    if (zj_w_is(r, "p")) {
        open_para(b);
        if (xmlTextReaderIsEmptyElement(r)) close_para(b);
    } else if (zj_w_is(r, "pPr")) {
        int rc = read_ppr(b, b->depth && !b->overflow ? &b->paras[b->depth - 1] : NULL);
        if (rc != 1) return rc;
    } else if (zj_w_is(r, "t")) {
        b->in_t = !xmlTextReaderIsEmptyElement(r);
    } else if (zj_w_is(r, "fldChar")) {
        field_char(b);
    } else if (zj_w_is(r, "instrText")) {
        xmlChar *code = xmlTextReaderReadString(r);
        if (b->nfields && !b->fields_overflow && code)
            zj_buf_addstr(&b->fields[b->nfields - 1].code, (const char *)code);
        xmlFree(code);
        return xmlTextReaderNext(r);
    } else if (zj_w_is(r, "fldSimple")) {
        char *code = zj_w_attr(r, "instr");
        int drop = code && dropped_field(code);
        xmlFree(code);
        if (drop) return xmlTextReaderNext(r);
    } else {
        special_char(b);
    }
    return xmlTextReaderRead(r);
}

/* Handles the current node and moves on; returns the reader's status. */
static int step(struct body *b)
{
    int type = xmlTextReaderNodeType(b->r);
    if (type == XML_READER_TYPE_ELEMENT) return start_tag(b);
    if (zj_w_end(b->r, "p"))
        close_para(b);
    else if (zj_w_end(b->r, "t"))
        b->in_t = 0;
    else if (b->in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                         type == XML_READER_TYPE_WHITESPACE)) {
        const char *v = (const char *)xmlTextReaderConstValue(b->r);
        if (v) add_text(b, v, strlen(v));
    }
    return xmlTextReaderRead(b->r);
}

int zj_docx_body(struct zj_xpart *x, struct zj_numbering *nb, struct zj_buf *out, const char *path,
                 struct zj_error *err)
{
    struct body b = {.r = x->r, .nb = nb, .out = out};
    int rc = xmlTextReaderRead(b.r);
    while (rc == 1)
        rc = step(&b);
    while (b.depth || b.overflow)
        close_para(&b);
    if (b.carry.len) zj_buf_add(out, b.carry.ptr, b.carry.len), zj_buf_addch(out, '\n');
    while (b.nfields)
        zj_buf_release(&b.fields[--b.nfields].code);
    zj_buf_release(&b.carry);
    return rc < 0 ? zj_xpart_fail(x, path, err) : ZJ_OK;
}

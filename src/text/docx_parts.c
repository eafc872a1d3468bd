/*
 * docx_parts.c - word/numbering.xml and word/styles.xml into the numbering
 * model of docx_num.h.
 *
 * Both are read as a flat stream of elements with a little context (the
 * list, level or style being defined), which is all these parts need: the
 * elements that matter (w:numFmt, w:lvlText, w:numId ...) only ever appear
 * in one place.  An element repeated inside mc:AlternateContent (Word 2010
 * writes w:numFmt twice: a custom format, then a standard fallback) is simply
 * read twice and the last, standard one wins.
 */
#include <stdlib.h>
#include <string.h>

#include "text/docx_xml.h"
#include "util/alloc.h"
#include "util/banned.h"

static char *dup_attr(xmlTextReaderPtr r, const char *name)
{
    char *v = zj_w_attr(r, name);
    char *copy = v ? zj_xstrdup(v) : NULL;
    xmlFree(v);
    return copy;
}

static int clamp_level(long l)
{
    return l < 0 ? 0 : l >= ZJ_NUM_LEVELS ? ZJ_NUM_LEVELS - 1 : (int)l;
}

static void set_suffix(struct zj_numlvl *l, xmlTextReaderPtr r)
{
    char *v = zj_w_attr(r, "val");
    l->suff = v && !strcmp(v, "space")     ? ZJ_SUFF_SPACE
              : v && !strcmp(v, "nothing") ? ZJ_SUFF_NOTHING
                                           : ZJ_SUFF_TAB;
    xmlFree(v);
}

/* One property element inside a w:lvl. */
static void level_property(struct zj_numlvl *l, xmlTextReaderPtr r)
{
    if (zj_w_is(r, "start")) {
        l->start = zj_w_long(r, "val", 0);
    } else if (zj_w_is(r, "numFmt")) {
        char *v = zj_w_attr(r, "val");
        l->fmt = zj_numfmt_parse(v);
        xmlFree(v);
    } else if (zj_w_is(r, "lvlText")) {
        free(l->text);
        l->text = dup_attr(r, "val");
    } else if (zj_w_is(r, "lvlRestart")) {
        l->restart = (int)zj_w_long(r, "val", -1);
    } else if (zj_w_is(r, "isLgl")) {
        l->legal = zj_w_on(r, "val");
    } else if (zj_w_is(r, "suff")) {
        set_suffix(l, r);
    } else if (zj_w_is(r, "pStyle")) {
        free(l->pstyle);
        l->pstyle = dup_attr(r, "val");
    }
}

static void new_level(struct zj_numlvl *l)
{
    zj_numlvl_release(l);
    memset(l, 0, sizeof *l);
    l->defined = 1;
    l->restart = -1;
}

struct num_state {
    struct zj_numbering *nb;
    long abs, num; /* index of the list being defined, -1 outside */
    int override;  /* level of the w:lvlOverride being read, -1 outside */
    struct zj_numlvl *lvl;
};

static void numbering_element(struct num_state *s, xmlTextReaderPtr r)
{
    struct zj_numbering *nb = s->nb;
    if (zj_w_is(r, "abstractNum")) {
        zj_numbering_add_abstract(nb, zj_w_long(r, "abstractNumId", -1));
        s->abs = (long)nb->nabs - 1, s->num = -1, s->lvl = NULL;
    } else if (zj_w_is(r, "num")) {
        zj_numbering_add_num(nb, zj_w_long(r, "numId", -1));
        s->num = (long)nb->nnums - 1, s->abs = -1, s->lvl = NULL, s->override = -1;
    } else if (zj_w_is(r, "abstractNumId") && s->num >= 0) {
        nb->nums[s->num].abstract_id = zj_w_long(r, "val", -1);
    } else if (zj_w_is(r, "lvlOverride") && s->num >= 0) {
        s->override = clamp_level(zj_w_long(r, "ilvl", 0));
    } else if (zj_w_is(r, "startOverride") && s->num >= 0 && s->override >= 0) {
        nb->nums[s->num].has_start[s->override] = 1;
        nb->nums[s->num].start_override[s->override] = zj_w_long(r, "val", 0);
    } else if (zj_w_is(r, "lvl")) {
        int l = clamp_level(zj_w_long(r, "ilvl", 0));
        s->lvl = s->num >= 0 && s->override >= 0 ? &nb->nums[s->num].lvl[s->override]
                 : s->abs >= 0                   ? &nb->abs[s->abs].lvl[l]
                                                 : NULL;
        if (s->lvl) new_level(s->lvl);
    } else if (zj_w_is(r, "numStyleLink") && s->abs >= 0) {
        free(nb->abs[s->abs].style_link);
        nb->abs[s->abs].style_link = dup_attr(r, "val");
    } else if (s->lvl) {
        level_property(s->lvl, r);
    }
}

int zj_docx_numbering(struct zj_xpart *x, struct zj_numbering *nb, const char *path,
                      struct zj_error *err)
{
    struct num_state s = {nb, -1, -1, -1, NULL};
    int rc;
    while ((rc = xmlTextReaderRead(x->r)) == 1) {
        if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT)
            numbering_element(&s, x->r);
        else if (zj_w_end(x->r, "lvl"))
            s.lvl = NULL;
        else if (zj_w_end(x->r, "lvlOverride"))
            s.override = -1, s.lvl = NULL;
    }
    return rc < 0 ? zj_xpart_fail(x, path, err) : ZJ_OK;
}

/* Paragraph and numbering styles only: they are the ones that carry a list
 * (w:pPr/w:numPr) and that paragraphs and w:numStyleLink name. */
static long style_element(struct zj_numbering *nb, long cur, xmlTextReaderPtr r)
{
    if (zj_w_is(r, "style")) {
        char *type = zj_w_attr(r, "type"), *id = zj_w_attr(r, "styleId");
        cur = -1;
        if (id && type && (!strcmp(type, "paragraph") || !strcmp(type, "numbering"))) {
            zj_numbering_add_style(nb, id);
            cur = (long)nb->nstyles - 1;
            char *def = zj_w_attr(r, "default");
            if (def && !strcmp(type, "paragraph") && zj_w_on(r, "default") && !nb->default_pstyle)
                nb->default_pstyle = zj_xstrdup(id);
            xmlFree(def);
        }
        xmlFree(type), xmlFree(id);
    } else if (cur >= 0 && zj_w_is(r, "basedOn")) {
        free(nb->styles[cur].based_on);
        nb->styles[cur].based_on = dup_attr(r, "val");
    } else if (cur >= 0 && zj_w_is(r, "numId")) {
        nb->styles[cur].num_id = zj_w_long(r, "val", -1);
    } else if (cur >= 0 && zj_w_is(r, "ilvl")) {
        nb->styles[cur].ilvl = clamp_level(zj_w_long(r, "val", 0));
    }
    return cur;
}

int zj_docx_styles(struct zj_xpart *x, struct zj_numbering *nb, const char *path,
                   struct zj_error *err)
{
    long cur = -1;
    int rc;
    while ((rc = xmlTextReaderRead(x->r)) == 1) {
        if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT)
            cur = style_element(nb, cur, x->r);
        else if (zj_w_end(x->r, "style"))
            cur = -1;
    }
    return rc < 0 ? zj_xpart_fail(x, path, err) : ZJ_OK;
}

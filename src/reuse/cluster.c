/*
 * cluster.c - verified passages into clusters of copies, their labels, and
 * each document's shares (reuse.h).
 *
 * Spans (one per side of each passage) are joined by union-find: the two
 * sides of a passage, and spans of one document that overlap by two thirds
 * of the longer or more (zj_spans_overlap_join).  Before that, a passage
 * holding two texts that other documents hold apart is cut between them
 * (cut.c), so that its pieces join the two texts' families instead of
 * making a cluster of their own; after it, a cluster that only chains
 * different texts together (split_chains) is split into them.  Members are the merged
 * spans of one document in one cluster.  Shares are union coverage over
 * reuse characters, so a character copied twice counts once.
 *
 * Tens of millions of spans on a large corpus: they are placed straight
 * into (document, position) order as they are collected, which the overlap
 * joins, the cluster numbers and the shares read, so those passes run
 * through memory in order instead of taking a cache miss per span;
 * documents' units and years are read from compact arrays.  Shares per
 * document and labels per cluster run on all workers.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "reuse/reuse.h"
#include "reuse/span.h"
#include "util/alloc.h"
#include "util/banned.h"
#include "util/parallel.h"
#include "util/prefetch.h"

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

static void unite(uint32_t *parent, uint32_t x, uint32_t y)
{
    x = find(parent, x), y = find(parent, y);
    if (x != y) parent[x > y ? x : y] = x < y ? x : y;
}

/* The two sides of every passage, the p-th passage's (pairs in order,
 * passages in order) as spans 2p and 2p + 1 of "collection order", each put
 * straight into its document's range s[first[d], first[d + 1]) (a counting
 * sort by document: no array in collection order is held); `set` keeps the
 * collection index until the sets are numbered. */
static struct span *collect_spans(const struct zj_reuse_result *r, size_t ndocs, size_t *n,
                                  size_t **first_out)
{
    size_t *first = zj_xcalloc(ndocs + 2, sizeof *first), total = 0;
    for (size_t i = 0; i < r->npairs; i++) {
        const struct zj_reuse_pair *p = &r->pairs[i];
        first[p->a + 1] += p->npassages, first[p->b + 1] += p->npassages, total += 2 * p->npassages;
    }
    for (size_t d = 0; d < ndocs; d++) first[d + 1] += first[d];
    size_t *fill = zj_xmalloc((ndocs + 1) * sizeof *fill);
    memcpy(fill, first, (ndocs + 1) * sizeof *fill);
    struct span *s = zj_xmalloc((total + 1) * sizeof *s);
    uint32_t k = 0;
    for (size_t i = 0; i < r->npairs; i++) {
        const struct zj_reuse_pair *p = &r->pairs[i];
        for (size_t j = 0; j < p->npassages; j++) {
            const struct zj_passage *q = &p->passages[j];
            int tmpl = zj_reuse_passage_is_template(p, j);
            unsigned char t = (unsigned char)tmpl;
            s[fill[p->a]++] = (struct span){p->a, p->b, q->a0, q->a1, k, t, 0, q->similarity};
            s[fill[p->b]++] = (struct span){p->b, p->a, q->b0, q->b1, k + 1, t, 0, q->similarity};
            k += 2;
        }
    }
    free(fill);
    *n = total, *first_out = first;
    return s;
}

/* Spans of one document that cover mostly the same text (overlap of two
 * thirds of the longer or more) are one copy.  Half the *shorter* would let
 * a short boilerplate span inside a long copied one chain unrelated clusters
 * into a giant component; half the longer still let a span holding two
 * texts side by side join both texts' families (docs/reuse.md has the
 * measurement).  Spans in (document, position) order.  The same walk joins
 * in `strict` the pairs that hold the same text (zj_spans_same_text, spans
 * of `whole` characters or more taken as trimmed copies): the parts that
 * split_chains weighs. */
static void join_overlaps(const struct span *s, size_t n, uint32_t whole, uint32_t *parent,
                          uint32_t *strict)
{
    for (size_t i = 1; i < n; i++) {
        const struct span *b = &s[i], *prev = &s[i - 1];
        /* The same span again (a template's source, paired with every copy):
         * whatever overlaps b overlaps prev, which was joined with it already.
         * Without this, a passage pasted into N documents costs N^2 here. */
        if (prev->doc == b->doc && prev->r0 == b->r0 && prev->r1 == b->r1) {
            unite(parent, (uint32_t)i - 1, (uint32_t)i);
            unite(strict, (uint32_t)i - 1, (uint32_t)i);
            continue;
        }
        for (size_t j = i; j-- > 0 && s[j].doc == b->doc;) {
            const struct span *a = &s[j];
            if (zj_spans_overlap_join(a->r0, a->r1, b->r0, b->r1)) {
                unite(parent, (uint32_t)j, (uint32_t)i);
                if (zj_spans_same_text(a->r0, a->r1, b->r0, b->r1, whole))
                    unite(strict, (uint32_t)j, (uint32_t)i);
            }
            if (a->r1 < b->r0 && i - j > 8) break; /* far behind: nothing more overlaps */
        }
    }
}

/* (document, position) order within a document: by start, then end, then
 * collection index (the order a stable sort of collection order gives). */
static int by_position(const void *x, const void *y)
{
    const struct span *a = x, *b = y;
    if (a->r0 != b->r0) return a->r0 < b->r0 ? -1 : 1;
    if (a->r1 != b->r1) return a->r1 < b->r1 ? -1 : 1;
    return (a->set > b->set) - (a->set < b->set);
}

struct spans_job {
    struct span *s;
    const size_t *first;       /* document d's spans: s[first[d], first[d + 1]) */
    const unsigned char *only; /* NULL: every document */
};

static void sort_doc_spans(void *ctx, void *scratch, size_t d)
{
    const struct spans_job *job = ctx;
    size_t n = job->first[d + 1] - job->first[d];
    (void)scratch;
    if (n > 1 && (!job->only || job->only[d]))
        qsort(job->s + job->first[d], n, sizeof *job->s, by_position);
}

void zj_spans_sort(struct span *s, const size_t *first, size_t ndocs, const unsigned char *only,
                   int threads)
{
    struct spans_job job = {s, first, only};
    struct zj_parallel run = {ndocs, 64, &job, NULL, NULL, sort_doc_spans};
    zj_parallel_run(&run, threads);
}

/* The union-find parents over the spans' places with the two sides of each
 * passage joined (found through their collection indices). */
static uint32_t *join_sides(const struct span *s, size_t n)
{
    uint32_t *place = zj_xmalloc((n + 1) * sizeof *place);
    uint32_t *parent = zj_xmalloc((n + 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) place[s[i].set] = (uint32_t)i, parent[i] = (uint32_t)i;
    for (size_t p = 0; p + 1 < n; p += 2) unite(parent, place[p], place[p + 1]);
    free(place);
    return parent;
}

/* Documents per set root (spans in document order: a set counts a document
 * once); last is scratch. */
static void count_docs(const struct span *s, size_t n, const uint32_t *root, uint32_t *docs,
                       uint32_t *last)
{
    for (size_t i = 0; i < n; i++)
        last[i] = UINT32_MAX;
    for (size_t i = 0; i < n; i++)
        if (last[root[i]] != s[i].doc) last[root[i]] = s[i].doc, docs[root[i]]++;
}

/* Every element's root, written in place.  Every parent[i] <= i (unite
 * puts the larger root under the smaller, find only moves a parent up to an
 * ancestor), so one ascending pass does it. */
static void flatten(uint32_t *parent, size_t n)
{
    for (size_t i = 0; i < n; i++)
        parent[i] = parent[parent[i]];
}

/*
 * Splits clusters that only chain through stock wording.  Summaries built
 * from the genre's stock clauses share runs of them with many others, each
 * run a little shifted: X shares clauses 1-3 with Y and 2-4 with Z, Z 3-5
 * with W, and the overlap rule joins them all; on 10,000 generated
 * summaries one cluster held 85% of them and hundreds of different texts.
 * Joined with overlaps only where two spans hold the same text
 * (zj_spans_same_text: join_overlaps fills `strict` with them), the spans
 * make the parts of a cluster.  A family is one
 * text most of its documents hold, plus variants (a copy cut shorter, ends
 * aligned a little differently), so its largest part holds most of its
 * documents; a cluster whose largest part holds less than half of them is
 * a chain, and its parts become the clusters.  parent holds the clusters
 * on entry and every span's cluster root directly on return; strict is
 * freed.
 */
static void split_chains(const struct span *s, size_t n, uint32_t *strict, uint32_t *parent)
{
    flatten(parent, n);
    /* documents per cluster and per part (spans come in document order) */
    uint32_t *cdocs = zj_xcalloc(n + 1, sizeof *cdocs), *last = zj_xmalloc((n + 1) * sizeof *last);
    count_docs(s, n, parent, cdocs, last);
    flatten(strict, n);
    uint32_t *docs = zj_xcalloc(n + 1, sizeof *docs);
    count_docs(s, n, strict, docs, last);
    /* per cluster root c, its largest part's documents (into last[c]):
     * every part lies inside one cluster (zj_spans_same_text implies the
     * overlap rule), and c, its cluster's smallest index, is the root of
     * its own part, seen first */
    uint32_t *largest = last;
    for (size_t i = 0; i < n; i++) {
        if (strict[i] != i) continue;
        uint32_t c = parent[i];
        largest[c] = c == i || docs[i] > largest[c] ? docs[i] : largest[c];
    }
    for (size_t i = 0; i < n; i++)
        if (2 * (size_t)largest[parent[i]] < cdocs[parent[i]]) parent[i] = strict[i];
    free(strict), free(docs), free(last), free(cdocs);
}

/* The spans' indices in (cluster, document, position) order: spans (in
 * document, position order) regrouped by cluster, keeping that order within
 * each (indices, not copies of the spans: clustering is the peak of memory). */
static uint32_t *order_by_set(const struct span *s, size_t n, size_t nsets)
{
    size_t *first = zj_xcalloc(nsets + 2, sizeof *first);
    for (size_t i = 0; i < n; i++) first[s[i].set + 1]++;
    for (size_t k = 0; k < nsets; k++) first[k + 1] += first[k];
    uint32_t *out = zj_xmalloc((n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) out[first[s[i].set]++] = (uint32_t)i;
    free(first);
    return out;
}

/* Cluster ids numbered by first appearance in (document, position) order
 * (the spans' order), so output does not depend on how pairs were found. */
static size_t number_sets(struct span *s, size_t n, uint32_t *parent)
{
    uint32_t *id = zj_xmalloc((n + 1) * sizeof *id), next = 0;
    for (size_t i = 0; i < n; i++) id[i] = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t root = find(parent, (uint32_t)i);
        if (id[root] == UINT32_MAX) id[root] = next++;
        s[i].set = id[root];
    }
    free(id);
    return next;
}

/*
 * A span's kind comes from its own passage, not from the cluster: clusters
 * chain (a carried-over paragraph next to a template lead, text shared with
 * a later copier and with an earlier one), and a kind decided per cluster
 * counted the first holder of a text copied in a later year as copied, or
 * a unit's carried-over paragraphs as template.  The partner decides: the
 * same unit's earlier year (self), another unit's summary of the same or an
 * earlier year (cross-unit, or template in a template family; the direction
 * within a year is unknowable), or only later ones (origin: the text others
 * took, template or not).  A year of 0 is unknown and never later.
 */
static unsigned char span_kind(const int *unit_of, const int *year_of, const struct span *sp,
                               int family)
{
    int du = unit_of[sp->doc], dy = year_of[sp->doc];
    int eu = unit_of[sp->partner], ey = year_of[sp->partner];
    enum zj_reuse_kind k;
    if (du == eu) k = dy && ey && ey < dy ? ZJ_REUSE_SELF : ZJ_REUSE_ORIGIN;
    else if (dy && ey > dy) k = ZJ_REUSE_ORIGIN;
    else k = family ? ZJ_REUSE_TEMPLATE : ZJ_REUSE_CROSS_UNIT;
    return (unsigned char)k;
}

/* Characters of one member covered by spans of each kind (unions: a text
 * paired with five later copies is not five times the origin). */
struct kind_cover {
    size_t chars[ZJ_REUSE_ORIGIN + 1];
    uint32_t end[ZJ_REUSE_ORIGIN + 1]; /* spans come in position order */
};

static void cover(struct kind_cover *kc, const struct span *sp)
{
    uint32_t from = sp->r0 > kc->end[sp->kind] ? sp->r0 : kc->end[sp->kind];
    if (sp->r1 > from) kc->chars[sp->kind] += sp->r1 - from, kc->end[sp->kind] = sp->r1;
}

/* The copying kind covering most of a member (on a tie the more telling
 * one: template, then the unit's own earlier text, then another unit's);
 * origin only when that covers less than half the member and less than
 * the origin spans do.  A passage taken from an earlier summary stays
 * copied where a later summary took it again: once a reworded heading
 * splits the earlier copy in two, the later copy's one span would
 * otherwise outweigh it. */
static enum zj_reuse_kind main_kind(const struct kind_cover *kc, const struct zj_reuse_member *m)
{
    size_t len = m->r1 - m->r0;
    static const enum zj_reuse_kind rank[] = {ZJ_REUSE_TEMPLATE, ZJ_REUSE_SELF,
                                              ZJ_REUSE_CROSS_UNIT};
    enum zj_reuse_kind best = rank[0];
    for (size_t i = 1; i < sizeof rank / sizeof rank[0]; i++)
        if (kc->chars[rank[i]] > kc->chars[best]) best = rank[i];
    if (2 * kc->chars[best] >= len || kc->chars[best] >= kc->chars[ZJ_REUSE_ORIGIN]) return best;
    return ZJ_REUSE_ORIGIN;
}

/* Documents' units, compact (read at random per span), and what the
 * clusters' walk keeps between clusters. */
struct members_walk {
    const int *unit_of;
    uint32_t *seen_in;     /* per unit: set + 1 that last counted it */
    struct kind_cover kc;  /* of the member being built */
};

/* Whether cluster `set`, spans[by_set[0..n)], is a template family: it spans
 * template_units units or more, or holds a template-fingerprint passage that
 * reached two units (one unit's own text carried from year to year is its
 * own, whatever it contains); *units receives its units. */
static int template_family(struct members_walk *mw, const struct span *spans,
                           const uint32_t *by_set, size_t n, uint32_t set,
                           const struct zj_reuse_opts *o, uint32_t *units)
{
    int tmpl = 0;
    *units = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 16 < n) zj_prefetch(&spans[by_set[i + 16]]);
        const struct span *sp = &spans[by_set[i]];
        int u = mw->unit_of[sp->doc];
        tmpl |= sp->template_regime;
        if (u >= 0 && mw->seen_in[u] != set + 1) mw->seen_in[u] = set + 1, ++*units;
    }
    return *units >= o->template_units || (tmpl && *units >= 2);
}

/* Members: per cluster and document, the spans merged where they overlap,
 * each labelled with its spans' main kind, the spans' kinds decided first
 * (one walk over each cluster's spans for its family, which brings them into
 * the cache, then one for kinds and members).  Spans taken in (cluster,
 * document, position) order.  Each span's `set` becomes the index of its
 * member (the cluster is the member's from here on); units[set] receives
 * the units each cluster spans. */
static void make_members(const struct zj_reuse_doc *docs, size_t ndocs, struct span *spans,
                         const uint32_t *by_set, size_t n, const struct zj_reuse_opts *o,
                         uint32_t *units, struct zj_reuse_result *out)
{
    size_t nunits = 0;
    int *unit_of = zj_xmalloc((ndocs + 1) * sizeof *unit_of);
    int *year_of = zj_xmalloc((ndocs + 1) * sizeof *year_of);
    for (size_t d = 0; d < ndocs; d++) {
        unit_of[d] = docs[d].unit, year_of[d] = docs[d].year;
        if (docs[d].unit >= 0 && (size_t)docs[d].unit >= nunits) nunits = (size_t)docs[d].unit + 1;
    }
    struct members_walk mw = {unit_of, zj_xcalloc(nunits + 1, sizeof *mw.seen_in), {{0}, {0}}};
    out->members = zj_xmalloc((n + 1) * sizeof *out->members);
    size_t m = 0;
    for (size_t i = 0, j; i < n; i = j) {
        uint32_t set = spans[by_set[i]].set;
        for (j = i + 1; j < n && spans[by_set[j]].set == set;) j++;
        int family = template_family(&mw, spans, by_set + i, j - i, set, o, &units[set]);
        for (size_t x = i; x < j; x++) {
            struct span *sp = &spans[by_set[x]];
            struct zj_reuse_member *last = m ? &out->members[m - 1] : NULL;
            sp->kind = span_kind(unit_of, year_of, sp, family);
            if (last && last->cluster == sp->set && last->doc == sp->doc && sp->r0 <= last->r1) {
                if (sp->r1 > last->r1) last->r1 = sp->r1;
                if (sp->sim > last->similarity) last->similarity = sp->sim;
            } else {
                if (last) last->kind = main_kind(&mw.kc, last);
                memset(&mw.kc, 0, sizeof mw.kc);
                out->members[m++] = (struct zj_reuse_member){sp->set, sp->doc, sp->r0, sp->r1,
                                                             ZJ_REUSE_ORIGIN, sp->sim, -1};
            }
            cover(&mw.kc, sp);
            sp->set = (uint32_t)(m - 1);
        }
    }
    if (m) out->members[m - 1].kind = main_kind(&mw.kc, &out->members[m - 1]);
    out->nmembers = m;
    out->members = zj_xrealloc(out->members, (m + 1) * sizeof *out->members); /* kept all run */
    free(mw.seen_in), free(unit_of), free(year_of);
}

/* Share of [r0, r1) made of dictionary terms and placeholders (the unit's
 * own name, numbers): what is left is the document's own wording. */
static double term_share(const struct zj_reuse_doc *d, uint32_t r0, uint32_t r1)
{
    size_t in = 0;
    for (uint32_t i = r0; i < r1; i++)
        in += ((d->in_term[i / 8] >> (i % 8)) & 1) || d->text.code[i] == ZJ_REUSE_NAME || d->text.code[i] == ZJ_REUSE_NUMBER;
    return r1 > r0 ? (double)in / (double)(r1 - r0) : 1;
}

int zj_reuse_formula(const struct zj_reuse_doc *d, uint32_t r0, uint32_t r1,
                     const struct zj_reuse_opts *o)
{
    size_t len = r1 - r0;
    return len < o->min_chars ||
           (len < 2 * o->min_chars && term_share(d, r0, r1) >= o->formula_share);
}

struct sources {
    int self, other;
};

/* What every member of one cluster needs to find its sources in O(log m)
 * instead of a scan of the cluster (a template pasted into N documents made
 * labelling N^2): the two earliest members from different units, and the
 * members of known year sorted by (unit, year, document). */
struct source_index {
    const struct zj_reuse_doc *docs;
    long first[2]; /* member indexes; -1 none */
    uint32_t *by_unit;     /* member indexes */
    size_t nknown;
};

static int year_key(const struct zj_reuse_doc *d)
{
    return d->year ? d->year : 99999;
}

/* Keeps in best[0..1] the two members lowest by less(), from different units. */
static void keep_two(const struct zj_reuse_doc *docs, const struct zj_reuse_member *mem, long *best,
                     long i, int (*less)(const struct zj_reuse_doc *, uint32_t, uint32_t))
{
    int unit = docs[mem[i].doc].unit;
    if (best[0] < 0 || less(docs, mem[i].doc, mem[best[0]].doc)) {
        if (best[0] >= 0 && docs[mem[best[0]].doc].unit != unit) best[1] = best[0];
        best[0] = i;
    } else if (docs[mem[best[0]].doc].unit != unit &&
               (best[1] < 0 || less(docs, mem[i].doc, mem[best[1]].doc))) {
        best[1] = i;
    }
}

static int earlier_doc(const struct zj_reuse_doc *docs, uint32_t x, uint32_t y)
{
    int yx = year_key(&docs[x]), yy = year_key(&docs[y]);
    return yx != yy ? yx < yy : x < y;
}

struct sort_ctx {
    const struct zj_reuse_doc *docs;
    const struct zj_reuse_member *mem;
};

static int by_unit_year_doc(const void *x, const void *y, void *ctx)
{
    const struct sort_ctx *c = ctx;
    const struct zj_reuse_member *a = &c->mem[*(const uint32_t *)x], *b = &c->mem[*(const uint32_t *)y];
    const struct zj_reuse_doc *da = &c->docs[a->doc], *db = &c->docs[b->doc];
    if (da->unit != db->unit) return da->unit < db->unit ? -1 : 1;
    if (da->year != db->year) return da->year < db->year ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

static void source_index_init(struct source_index *ix, const struct zj_reuse_doc *docs,
                              const struct zj_reuse_member *mem, size_t first, size_t end)
{
    ix->docs = docs;
    ix->first[0] = ix->first[1] = -1;
    ix->by_unit = zj_xmalloc((end - first + 1) * sizeof *ix->by_unit);
    ix->nknown = 0;
    for (size_t i = first; i < end; i++) {
        keep_two(docs, mem, ix->first, (long)i, earlier_doc);
        if (docs[mem[i].doc].year) ix->by_unit[ix->nknown++] = (uint32_t)i;
    }
    struct sort_ctx ctx = {docs, mem};
    qsort_r(ix->by_unit, ix->nknown, sizeof *ix->by_unit, by_unit_year_doc, &ctx);
}

/* Where member i could come from: the latest earlier copy of its own unit,
 * and the earliest copy of another unit. */
static struct sources find_sources(const struct source_index *ix, const struct zj_reuse_member *mem,
                                   size_t i)
{
    const struct zj_reuse_doc *docs = ix->docs, *d = &docs[mem[i].doc];
    struct sources s = {-1, -1};
    long other = ix->first[0] >= 0 && docs[mem[ix->first[0]].doc].unit != d->unit ? ix->first[0] : ix->first[1];
    if (other >= 0) s.other = (int)mem[other].doc;
    if (d->year) { /* the last (unit, year, doc) below (d->unit, d->year, 0) */
        size_t lo = 0, hi = ix->nknown;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const struct zj_reuse_doc *e = &docs[mem[ix->by_unit[mid]].doc];
            if (e->unit < d->unit || (e->unit == d->unit && e->year < d->year)) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0 && docs[mem[ix->by_unit[lo - 1]].doc].unit == d->unit)
            s.self = (int)mem[ix->by_unit[lo - 1]].doc;
    }
    return s;
}

/* Sources of the members of one cluster [first, end), whose kinds their
 * spans gave; short members made of stock wording become formula. */
static void label_cluster(const struct zj_reuse_doc *docs, const struct zj_reuse_opts *o,
                          struct zj_reuse_member *mem, size_t first, size_t end,
                          const struct zj_reuse_cluster *c)
{
    struct source_index ix;
    source_index_init(&ix, docs, mem, first, end);
    for (size_t i = first; i < end; i++) {
        struct zj_reuse_member *m = &mem[i];
        struct sources s = find_sources(&ix, mem, i);
        if (zj_reuse_formula(&docs[m->doc], m->r0, m->r1, o))
            m->kind = ZJ_REUSE_FORMULA;
        else if (m->kind == ZJ_REUSE_TEMPLATE) m->source_doc = (int)mem[c->representative].doc;
        else if (m->kind == ZJ_REUSE_SELF) m->source_doc = s.self;
        else if (m->kind == ZJ_REUSE_CROSS_UNIT) m->source_doc = s.other;
        if (m->source_doc == (int)m->doc) m->source_doc = -1;
    }
    free(ix.by_unit);
}

/* units: the cluster's, counted with the template families. */
static void describe_cluster(const struct zj_reuse_doc *docs, const struct zj_reuse_member *mem,
                             size_t first, size_t end, size_t units, struct zj_reuse_cluster *c)
{
    memset(c, 0, sizeof *c);
    c->members = end - first;
    c->units = units;
    c->representative = (uint32_t)first;
    for (size_t i = first; i < end; i++) {
        c->docs += i == first || mem[i - 1].doc != mem[i].doc; /* members are sorted by document */
        int y = docs[mem[i].doc].year;
        if (y && (!c->first_year || y < c->first_year)) c->first_year = y;
        if (y > c->last_year) c->last_year = y;
        if (earlier_doc(docs, mem[i].doc, mem[c->representative].doc)) c->representative = (uint32_t)i;
    }
}

/* The kind covering most characters of the cluster, copying kinds first. */
static enum zj_reuse_kind majority(const struct zj_reuse_member *mem, size_t first, size_t end)
{
    size_t count[5] = {0};
    for (size_t i = first; i < end; i++) count[mem[i].kind] += mem[i].r1 - mem[i].r0;
    enum zj_reuse_kind best = ZJ_REUSE_FORMULA;
    for (int k = 0; k < 3; k++)
        if (count[k] > count[best] || (count[k] && best == ZJ_REUSE_FORMULA && count[k] >= count[best]))
            best = (enum zj_reuse_kind)k;
    return best;
}

static void add_shares(struct zj_reuse_docstat *st, const unsigned char *kind, size_t len)
{
    for (size_t c = 0; c < len; c++) {
        unsigned k = kind[c];
        st->reused += (k & ((1u << ZJ_REUSE_TEMPLATE) | (1u << ZJ_REUSE_CROSS_UNIT) | (1u << ZJ_REUSE_SELF))) != 0;
        st->template_chars += (k >> ZJ_REUSE_TEMPLATE) & 1;
        st->cross_chars += (k >> ZJ_REUSE_CROSS_UNIT) & 1;
        st->self_chars += (k >> ZJ_REUSE_SELF) & 1;
        st->formula_chars += (k >> ZJ_REUSE_FORMULA) & 1;
    }
}

struct shares_job {
    const struct zj_reuse_doc *docs;
    const struct span *s;      /* in (document, position) order; `set` is the member */
    const size_t *first;       /* document d's spans: s[first[d], first[d + 1]) */
    struct zj_reuse_result *out;
};

/* Union coverage of document d per kind, each character counted under the
 * kinds of the spans covering it (a member's main kind is for display; its
 * characters copied from an earlier summary count as copied even if most of
 * it is the origin of later copies), or as formula inside a formula member. */
static void doc_share(void *ctx, void *scratch, size_t d)
{
    const struct shares_job *job = ctx;
    struct zj_parallel_buf *buf = scratch; /* the kinds marked on each character */
    struct zj_reuse_docstat *st = &job->out->docs[d];
    size_t len = job->docs[d].text.len;
    st->chars = len, st->top_source = -1;
    if (job->first[d] == job->first[d + 1]) return;
    unsigned char *kind = buf->ptr = zj_xgrow(buf->ptr, 1, len + 1, &buf->alloc);
    memset(kind, 0, len + 1);
    /* spans come by start: per kind, only what lies past the kind's
     * coverage so far is marked (a template's first holder has the
     * same span once per copy: thousands of times on 100,000 summaries) */
    uint32_t end[ZJ_REUSE_ORIGIN + 1] = {0};
    for (size_t j = job->first[d]; j < job->first[d + 1]; j++) {
        const struct span *sp = &job->s[j];
        unsigned k = job->out->members[sp->set].kind == ZJ_REUSE_FORMULA ? ZJ_REUSE_FORMULA : sp->kind;
        for (uint32_t c = sp->r0 > end[k] ? sp->r0 : end[k]; c < sp->r1; c++) kind[c] |= (unsigned char)(1u << k);
        if (sp->r1 > end[k]) end[k] = sp->r1;
    }
    add_shares(st, kind, len);
}

/* Shares of every document, on all workers; spans in (document, position)
 * order, document d's s[first[d], first[d + 1]), their `set` the member's
 * index. */
static void doc_shares(const struct zj_reuse_doc *docs, size_t ndocs, const struct span *s,
                       const size_t *first, int threads, struct zj_reuse_result *out)
{
    out->docs = zj_xcalloc(ndocs + 1, sizeof *out->docs);
    struct shares_job job = {docs, s, first, out};
    struct zj_parallel run = {ndocs, 64, &job, zj_parallel_buf_new, zj_parallel_buf_free,
                              doc_share};
    zj_parallel_run(&run, threads);
}

/* The members grouped by document (in cluster order within each), for the
 * per-document tallies, which do not depend on the order within a
 * document: a counting sort, not two sorts of the whole list. */
static struct zj_reuse_member *members_by_doc(const struct zj_reuse_result *out, size_t ndocs)
{
    size_t *first = zj_xcalloc(ndocs + 2, sizeof *first);
    for (size_t i = 0; i < out->nmembers; i++) first[out->members[i].doc + 1]++;
    for (size_t d = 0; d < ndocs; d++) first[d + 1] += first[d];
    struct zj_reuse_member *m = zj_xmalloc((out->nmembers + 1) * sizeof *m);
    for (size_t i = 0; i < out->nmembers; i++) m[first[out->members[i].doc]++] = out->members[i];
    free(first);
    return m;
}

/* The document each one shares most copied characters with, among members
 * that name a source; members must be sorted by document. */
static void top_sources(const struct zj_reuse_result *out, size_t ndocs)
{
    size_t *shared = zj_xcalloc(ndocs + 1, sizeof *shared);
    for (size_t i = 0; i < out->nmembers;) {
        uint32_t d = out->members[i].doc;
        size_t j = i;
        for (; j < out->nmembers && out->members[j].doc == d; j++)
            if (out->members[j].source_doc >= 0)
                shared[out->members[j].source_doc] += out->members[j].r1 - out->members[j].r0;
        struct zj_reuse_docstat *st = &out->docs[d];
        for (size_t m = i; m < j; m++) { /* the most shared, the lowest index on a tie */
            int k = out->members[m].source_doc;
            size_t chars = k >= 0 ? shared[k] : 0;
            if (chars && (chars > st->top_source_chars || (chars == st->top_source_chars && k < st->top_source)))
                st->top_source_chars = chars, st->top_source = k;
        }
        for (size_t m = i; m < j; m++)
            if (out->members[m].source_doc >= 0) shared[out->members[m].source_doc] = 0;
        i = j;
    }
    free(shared);
}

struct label_job {
    const struct zj_reuse_doc *docs;
    const struct zj_reuse_opts *o;
    struct zj_reuse_result *out;
    const size_t *first;   /* cluster c's members: out->members[first[c], first[c + 1]) */
    const uint32_t *units; /* per cluster, counted with the template families */
};

/* Cluster c's description, its members' sources and formula labels, and its
 * kind: it writes only its own members and record. */
static void label_one(void *ctx, void *scratch, size_t c)
{
    const struct label_job *job = ctx;
    size_t i = job->first[c], j = job->first[c + 1];
    struct zj_reuse_cluster *cl = &job->out->clusters[c];
    (void)scratch;
    describe_cluster(job->docs, job->out->members, i, j, job->units[c], cl);
    label_cluster(job->docs, job->o, job->out->members, i, j, cl);
    cl->kind = majority(job->out->members, i, j);
}

static void label_clusters(const struct zj_reuse_doc *docs, const struct zj_reuse_opts *o,
                           const uint32_t *units, struct zj_reuse_result *out)
{
    size_t *first = zj_xcalloc(out->nclusters + 2, sizeof *first);
    for (size_t i = 0; i < out->nmembers; i++) first[out->members[i].cluster + 1]++;
    for (size_t c = 0; c < out->nclusters; c++) first[c + 1] += first[c];
    out->clusters = zj_xcalloc(out->nclusters + 1, sizeof *out->clusters);
    struct label_job job = {docs, o, out, first, units};
    struct zj_parallel run = {out->nclusters, 256, &job, NULL, NULL, label_one};
    zj_parallel_run(&run, o->threads);
    free(first);
}

void zj_reuse_cluster(const struct zj_reuse_doc *docs, size_t ndocs, const struct zj_reuse_opts *o,
                      struct zj_reuse_result *out)
{
    size_t n, *first;
    struct span *s = collect_spans(out, ndocs, &n, &first);
    zj_spans_sort(s, first, ndocs, NULL, o->threads);
    s = zj_spans_cut(s, &n, first, ndocs, o->min_chars, o->threads);
    uint32_t *parent = join_sides(s, n);
    uint32_t *strict = zj_xmalloc((n + 1) * sizeof *strict);
    memcpy(strict, parent, n * sizeof *strict);
    join_overlaps(s, n, (uint32_t)(2 * o->min_chars), parent, strict);
    split_chains(s, n, strict, parent);
    out->nclusters = number_sets(s, n, parent);
    free(parent);
    uint32_t *by_set = order_by_set(s, n, out->nclusters);
    uint32_t *units = zj_xmalloc((out->nclusters + 1) * sizeof *units);
    make_members(docs, ndocs, s, by_set, n, o, units, out);
    free(by_set);
    label_clusters(docs, o, units, out);
    free(units);
    doc_shares(docs, ndocs, s, first, o->threads, out);
    free(s), free(first);
    struct zj_reuse_member *in_cluster_order = out->members;
    out->members = members_by_doc(out, ndocs);
    top_sources(out, ndocs);
    free(out->members);
    out->members = in_cluster_order;
}

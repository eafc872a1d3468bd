#!/usr/bin/python3
"""evaluate.py - how well `zongjie reuse` finds the reuse planted by scripts/gen_corpus.

    evaluate.py --gold G --passages P.tsv --docs D.tsv --root DIR [--json] [--examples N]
                [--merge-overlaps] [--alignments A.tsv]

G is the gold TSV of gen_corpus; P.tsv the output of `zongjie reuse --passages -f tsv --full`;
D.tsv the output of `zongjie reuse -f tsv` (per document); DIR the corpus folder (document
paths in P and D are mapped to paths relative to it, as the gold file has them).

Reports, per bin (target length x kind x edit rate), per kind and rate, per length and
overall, the PAN text-reuse measures (Potthast et al. 2010): character precision, recall,
granularity and plagdet, plus case-level recall; the mean absolute error of each document's
reused share; and the share of reported characters that no gold passage covers (slogans,
stock phrases, coincidences). The definitions are in README.md next to this file. Standard
library only; exit status 0 unless the inputs cannot be read.
"""

import argparse
import bisect
import collections
import json
import math
import os
import re
import sys
import unicodedata

LENGTH_BINS = [(30, 59), (60, 119), (120, 239), (240, None)]
CASE_TAU = 0.5  # a case is found when at least this share of its characters is detected
NOT_COPYING = {"formula"}  # member kinds that zongjie reports apart, not as copying


# ----------------------------------------------------------------------------- input


def unescape_tsv(cell):
    """Undoes zongjie's TSV escapes (\\t \\n \\r \\\\)."""
    if "\\" not in cell:
        return cell
    out, i = [], 0
    while i < len(cell):
        c = cell[i]
        if c == "\\" and i + 1 < len(cell):
            nxt = cell[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_tsv(path):
    """Rows of a TSV with a header line, as dicts (cells unescaped)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = f.read().split("\n")
    if not lines or not lines[0]:
        sys.exit(f"evaluate.py: {path}: empty file")
    header = lines[0].rstrip("\r").split("\t")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            sys.exit(f"evaluate.py: {path}:{n}: {len(cells)} cells, header has {len(header)}")
        rows.append({h: unescape_tsv(c) for h, c in zip(header, cells)})
    return rows


def require(rows, path, columns):
    if rows and not set(columns) <= set(rows[0]):
        missing = sorted(set(columns) - set(rows[0]))
        sys.exit(f"evaluate.py: {path}: missing columns {', '.join(missing)}")


class PathMapper:
    """Maps document paths as zongjie printed them to paths relative to the corpus root."""

    def __init__(self, root, known):
        self.root = os.path.abspath(root)
        self.known = set(known)
        self.by_name = collections.defaultdict(list)
        for k in self.known:
            self.by_name[os.path.basename(k)].append(k)
        self.unmapped = set()

    def __call__(self, path):
        if path in self.known:
            return path
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        if rel in self.known:
            return rel
        norm = path.replace("\\", "/")
        hits = [k for k in self.by_name.get(os.path.basename(norm), []) if norm.endswith("/" + k)]
        if len(hits) == 1:
            return hits[0]
        self.unmapped.add(path)
        return rel


def corpus_files(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".txt") and not name.startswith("."):
                found.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return found


def read_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            if enc == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            text = raw.decode(enc)
            return text.replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


# ----------------------------------------------------------------------------- spans


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def union_length(intervals):
    total, end = 0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def clip(intervals, lo, hi):
    return [(max(a, lo), min(b, hi)) for a, b in intervals if min(b, hi) > max(a, lo)]


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


class GoldIndex:
    """Every gold span (both sides of every case), its family, and a per-document index.

    A family is the set of gold spans that hold the same text: the two sides of a case are
    joined, and so are spans of one document that overlap by at least half of the shorter
    (a passage copied on from a copy, a template's source used by many cases)."""

    def __init__(self, cases):
        key_to_id = {}
        self.spans = []  # (doc, start, end)
        for c in cases:
            ids = []
            for doc, a, b in ((c["src"], c["s0"], c["s1"]), (c["tgt"], c["t0"], c["t1"])):
                key = (doc, a, b)
                if key not in key_to_id:
                    key_to_id[key] = len(self.spans)
                    self.spans.append(key)
                ids.append(key_to_id[key])
            c["src_id"], c["tgt_id"] = ids
        uf = UnionFind(len(self.spans))
        for c in cases:
            uf.union(c["src_id"], c["tgt_id"])
        self.by_doc = collections.defaultdict(list)
        for i, (doc, a, b) in enumerate(self.spans):
            self.by_doc[doc].append((a, b, i))
        for doc, lst in self.by_doc.items():
            lst.sort()
            active = []  # spans still open at the sweep position
            for a, b, i in lst:
                active = [(b2, j) for b2, j in active if b2 > a]
                for b2, j in active:
                    ov = overlap(a, b, self.spans[j][1], b2)
                    if ov * 2 >= min(b - a, b2 - self.spans[j][1]):
                        uf.union(i, j)
                active.append((b, i))
        self.family = [uf.find(i) for i in range(len(self.spans))]
        self.starts = {doc: [a for a, _, _ in lst] for doc, lst in self.by_doc.items()}
        self.maxlen = max((b - a for _, a, b in self.spans), default=0)

    def hits(self, doc, a, b):
        """Gold spans of doc overlapping [a, b): list of (span id, family)."""
        lst = self.by_doc.get(doc)
        if not lst:
            return []
        starts = self.starts[doc]
        lo = bisect.bisect_left(starts, a - self.maxlen)
        hi = bisect.bisect_left(starts, b)
        return [(i, self.family[i]) for s, e, i in lst[lo:hi] if e > a and s < b]


def merge_detections(dets):
    """Detections of the same two documents that overlap on both sides, joined into one
    (the union of each side): a diagnostic that tells duplicate and nested reports of one
    region from real fragmentation."""
    groups = collections.defaultdict(list)
    for d in dets:
        groups[(d[0], d[3])].append(list(d))
    out = []
    for lst in groups.values():
        uf = UnionFind(len(lst))
        for i in range(len(lst)):
            for j in range(i + 1, len(lst)):
                x, y = lst[i], lst[j]
                if overlap(x[1], x[2], y[1], y[2]) and overlap(x[4], x[5], y[4], y[5]):
                    uf.union(i, j)
        joined = {}
        for i, d in enumerate(lst):
            r = uf.find(i)
            if r not in joined:
                joined[r] = d
            else:
                j = joined[r]
                j[1], j[2], j[4], j[5] = min(j[1], d[1]), max(j[2], d[2]), min(j[4], d[4]), max(j[5], d[5])
        out.extend(tuple(d) for d in joined.values())
    return out


# ----------------------------------------------------------------------------- measures


def length_bin(n):
    for lo, hi in LENGTH_BINS:
        if n >= lo and (hi is None or n <= hi):
            return f"{lo}-{hi}" if hi else f"{lo}+"
    return f"<{LENGTH_BINS[0][0]}"


def pan_measures(cases, detections, det_prec):
    """PAN measures over a set of cases and the detections that detect any of them.

    det_prec[r] = (credited characters, characters) of detection r."""
    n = len(cases)
    rec = sum(c["rec"] for c in cases) / n if n else float("nan")
    detected = [c for c in cases if c["dets"]]
    gran = sum(len(c["dets"]) for c in detected) / len(detected) if detected else float("nan")
    if detections:
        prec = sum(det_prec[r][0] / det_prec[r][1] for r in detections) / len(detections)
    else:
        prec = float("nan")
    if n and detections and prec + rec > 0:
        f1 = 2 * prec * rec / (prec + rec)
        plagdet = f1 / math.log2(1 + gran)
    else:
        f1 = plagdet = float("nan") if not n else 0.0
    case_rec = sum(1 for c in cases if c["rec"] >= CASE_TAU) / n if n else float("nan")
    any_rec = len(detected) / n if n else float("nan")
    tgt_rec = sum(c["tgt_rec"] for c in cases) / n if n else float("nan")
    return {"cases": n, "detections": len(detections), "precision": prec, "recall": rec,
            "granularity": gran, "plagdet": plagdet, "case_recall": case_rec,
            "detected": any_rec, "target_recall": tgt_rec}


def pan_tables(cases, dets, gold, cases_by_pair, copy_spans):
    """PAN measures of a list of detections (doc a, start, end, doc b, start, end), doc a < doc b:
    overall, by kind and rate, by length and per bin. Sets each case's dets, rec and tgt_rec."""
    for c in cases:
        c["dets"], c["tgt_iv"], c["src_iv"] = [], [], []
    det_prec = []  # per detection: (credited chars, chars)
    for r, (da, a0, a1, db, b0, b1) in enumerate(dets):
        ga, gb = gold.hits(da, a0, a1), gold.hits(db, b0, b1)
        fam = {f for _, f in ga} & {f for _, f in gb}
        credit = 0
        for hits, lo, hi in ((ga, a0, a1), (gb, b0, b1)):
            ivs = [gold.spans[i][1:] for i, f in hits if f in fam]
            credit += union_length(clip(ivs, lo, hi))
        det_prec.append((credit, (a1 - a0) + (b1 - b0)))
        for ci in cases_by_pair.get(frozenset((da, db)), []):
            c = cases[ci]
            (t0, t1), (s0, s1) = ((a0, a1), (b0, b1)) if da == c["tgt"] else ((b0, b1), (a0, a1))
            if overlap(t0, t1, c["t0"], c["t1"]) and overlap(s0, s1, c["s0"], c["s1"]):
                c["dets"].append(r)
                c["tgt_iv"].append((t0, t1))
                c["src_iv"].append((s0, s1))

    for c in cases:
        t = union_length(clip(c["tgt_iv"], c["t0"], c["t1"]))
        s = union_length(clip(c["src_iv"], c["s0"], c["s1"]))
        c["rec"] = (t + s) / (c["len"] + c["s1"] - c["s0"])
        c["tgt_rec"] = union_length(clip(copy_spans.get(c["tgt"], []), c["t0"], c["t1"])) / c["len"]

    def measures(subset):
        dets = sorted({r for c in subset for r in c["dets"]})
        return pan_measures(subset, dets, det_prec)

    overall = pan_measures(cases, list(range(len(det_prec))), det_prec)
    bins = []
    groups = collections.defaultdict(list)
    for c in cases:
        groups[(c["kind"], c["rate"], c["lbin"])].append(c)
    order = {k: i for i, k in enumerate(["verbatim", "name_swap", "number_change", "edit", "reorder",
                                          "self", "template"])}
    lorder = {length_bin(lo): i for i, (lo, _) in enumerate(LENGTH_BINS)}

    def sort_key(k):
        return (order.get(k[0], 99), k[0], k[1], lorder.get(k[2], 99) if len(k) > 2 else -1)

    for key in sorted(groups, key=sort_key):
        bins.append({"kind": key[0], "rate": key[1], "length": key[2], **measures(groups[key])})
    by_kind_rate = []
    kr = collections.defaultdict(list)
    for c in cases:
        kr[(c["kind"], c["rate"])].append(c)
    for key in sorted(kr, key=sort_key):
        by_kind_rate.append({"kind": key[0], "rate": key[1], "length": "all", **measures(kr[key])})
    by_length = []
    lb = collections.defaultdict(list)
    for c in cases:
        lb[c["lbin"]].append(c)
    for key in sorted(lb, key=lambda k: lorder.get(k, 99)):
        by_length.append({"kind": "all", "rate": "all", "length": key, **measures(lb[key])})

    return {"overall": overall, "by_kind_rate": by_kind_rate, "by_length": by_length, "bins": bins}


def read_alignments(path, mapper):
    """Detections from `zongjie reuse --alignments -f tsv`: one per passage of a document pair."""
    rows = read_tsv(path)
    require(rows, path, ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b"])
    dets = []
    for r in rows:
        a = (mapper(r["doc_a"]), int(r["start_a"]), int(r["end_a"]))
        b = (mapper(r["doc_b"]), int(r["start_b"]), int(r["end_b"]))
        if a[0] == b[0]:
            continue
        if a[0] > b[0]:
            a, b = b, a
        dets.append(a + b)
    return dets


def evaluate(args):
    root = args.root
    gold_rows = read_tsv(args.gold)
    require(gold_rows, args.gold, ["kind", "source_doc", "source_start", "source_end", "target_doc",
                                   "target_start", "target_end", "edit", "rate"])
    passages = read_tsv(args.passages)
    require(passages, args.passages, ["cluster", "doc", "unit", "start", "end", "kind", "text"])
    docrows = read_tsv(args.docs)
    require(docrows, args.docs, ["doc", "unit", "reused_share"])

    known = set(corpus_files(root))
    for r in gold_rows:
        known.add(r["source_doc"])
        known.add(r["target_doc"])
    mapper = PathMapper(root, known)
    unit_of = {}
    manifest = os.path.join(root, "manifest.tsv")
    if os.path.exists(manifest):
        for r in read_tsv(manifest):
            if "path" in r and "unit" in r:
                unit_of[r["path"]] = r["unit"]
    for r in docrows:
        unit_of.setdefault(mapper(r["doc"]), r["unit"])
    weights = Weights(root, unit_of)

    cases = []
    for r in gold_rows:
        c = {"kind": r["kind"], "rate": r["rate"], "edit": r["edit"], "src": r["source_doc"],
             "s0": int(r["source_start"]), "s1": int(r["source_end"]), "tgt": r["target_doc"],
             "t0": int(r["target_start"]), "t1": int(r["target_end"])}
        c["len"] = c["t1"] - c["t0"]
        c["chars"] = weights.count(c["tgt"], c["t0"], c["t1"])
        c["lbin"] = length_bin(c["chars"])
        c["dets"] = []
        c["tgt_iv"], c["src_iv"] = [], []
        cases.append(c)
    gold = GoldIndex(cases)
    cases_by_pair = collections.defaultdict(list)
    for i, c in enumerate(cases):
        cases_by_pair[frozenset((c["src"], c["tgt"]))].append(i)

    # zongjie's members, and the detection pairs: members of one cluster in different documents
    members = []
    for r in passages:
        members.append({"cluster": r["cluster"], "doc": mapper(r["doc"]), "a": int(r["start"]),
                        "b": int(r["end"]), "kind": r["kind"], "unit": r["unit"],
                        "n_units": r.get("n_units", ""), "text": r["text"]})
    for m in members:
        m["gold"] = gold.hits(m["doc"], m["a"], m["b"])
    clusters = collections.defaultdict(list)
    for i, m in enumerate(members):
        if m["kind"] not in NOT_COPYING:
            clusters[m["cluster"]].append(i)

    dets = []  # (doc a, start, end, doc b, start, end), doc a < doc b
    for idx in clusters.values():
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                ma, mb = members[idx[x]], members[idx[y]]
                if ma["doc"] == mb["doc"]:
                    continue
                if ma["doc"] > mb["doc"]:
                    ma, mb = mb, ma
                dets.append((ma["doc"], ma["a"], ma["b"], mb["doc"], mb["a"], mb["b"]))
    if args.merge_overlaps:
        dets = merge_detections(dets)

    # target-side recall, pairing aside: every member that counts as copying
    copy_spans = collections.defaultdict(list)
    for m in members:
        if m["kind"] not in NOT_COPYING:
            copy_spans[m["doc"]].append((m["a"], m["b"]))
    pairwise = None
    if args.alignments:
        pairwise = pan_tables(cases, read_alignments(args.alignments, mapper), gold, cases_by_pair, copy_spans)
    tables = pan_tables(cases, dets, gold, cases_by_pair, copy_spans)  # last: cases keep its recall

    share = doc_shares(docrows, cases, mapper, weights, members)
    bcubed = bcubed_by_kind(cases, gold, members)
    noise = noise_share(members, gold, root)
    examples = pick_examples(args.examples, cases, members)
    stock = stock_share(members, gold, root, read_stock(args.stock))
    return {"inputs": {"gold": args.gold, "passages": args.passages, "docs": args.docs, "root": root,
                       "merge_overlaps": args.merge_overlaps,
                       "gold_cases": len(cases), "members": len(members), "detections": len(dets),
                       "unmapped_paths": sorted(mapper.unmapped)[:20]},
            **tables, "pairwise": pairwise,
            "share": share, "bcubed": bcubed, "noise": noise, "stock": stock, "examples": examples}


# ----------------------------------------------------------------------------- clusters


def best_clusters(gold, members):
    """Per gold span, the cluster of the copying member that matches it best (overlap / union
    of the two extents: a short template member is preferred over a long carried-over passage
    around it); a span no member overlaps is a cluster of its own."""
    best = {}  # span id -> (match, cluster)
    for m in members:
        if m["kind"] in NOT_COPYING:
            continue
        for i, _ in m["gold"]:
            _, a, b = gold.spans[i]
            ov = overlap(m["a"], m["b"], a, b) / (max(b, m["b"]) - min(a, m["a"]))
            if ov > best.get(i, (0, None))[0]:
                best[i] = (ov, m["cluster"])
    return [best[i][1] if i in best else ("alone", i) for i in range(len(gold.spans))]


def bcubed(items, system, family):
    """B-cubed precision, recall and F of a clustering (system) against gold classes (family),
    both given per item, averaged over items (Bagga & Baldwin 1998; Amigo et al. 2009)."""
    in_sys = collections.Counter(system[i] for i in items)
    in_fam = collections.Counter(family[i] for i in items)
    both = collections.Counter((system[i], family[i]) for i in items)
    p = sum(both[(system[i], family[i])] / in_sys[system[i]] for i in items) / len(items)
    r = sum(both[(system[i], family[i])] / in_fam[family[i]] for i in items) / len(items)
    return {"spans": len(items), "precision": p, "recall": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def bcubed_by_kind(cases, gold, members):
    """zongjie's clusters against the gold families, with the gold spans as items.

    Per kind, the items are the spans of that kind's cases and the families are joined by
    that kind's cases alone: a template family is one template text and its copies, even
    where the generator also carried one of the copies into the unit's next summary (a self
    case, which the families of "all" join in)."""
    system = best_clusters(gold, members)
    out = {}
    for kind in sorted({c["kind"] for c in cases}):
        mine = [c for c in cases if c["kind"] == kind]
        ids = sorted({i for c in mine for i in (c["src_id"], c["tgt_id"])})
        uf = UnionFind(len(gold.spans))
        for c in mine:
            uf.union(c["src_id"], c["tgt_id"])
        family = {i: uf.find(i) for i in ids}
        out[kind] = bcubed(ids, system, family)
    out["all"] = bcubed(range(len(gold.spans)), system, gold.family)
    return out


# ----------------------------------------------------------------------------- shares

HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
                     r"|[0-9０-９]+[.．、]|[（(][0-9０-９]+[）)]|[①-⑳])")
SUFFIXES = ("党组", "党委", "党工委", "党总支", "党支部", "纪检组", "委员会")
PREFIXES = ("中共", "市", "县", "区", "某")


def name_forms(unit):
    """The unit's name and its short forms, as docs/reuse.md describes them (longest first)."""
    forms = set()
    u = unicodedata.normalize("NFKC", unit or "")
    if len(u) >= 2:
        forms.add(u)
    stripped = True
    while stripped:
        stripped = False
        for s in SUFFIXES:
            if len(u) > len(s) and u.endswith(s):
                u, stripped = u[: -len(s)], True
    if len(u) >= 2:
        forms.add(u)
    stripped = True
    while stripped:
        stripped = False
        for p in PREFIXES:
            if len(u) > len(p) and u.startswith(p):
                u, stripped = u[len(p):], True
                if len(u) >= 2:
                    forms.add(u)
    return sorted(forms, key=len, reverse=True)


def reuse_chars(text, unit):
    """The reuse characters of a document, as zongjie counts them (letters and digits, without the
    title line and heading markers, a digit run -- 3.5 too -- and an occurrence of the unit's own
    name one character each: # and @), and for each the code point it starts at."""
    chars, pos = [], []
    forms = name_forms(unit)
    offset = 0
    for ln, line in enumerate(text.split("\n")):
        if ln > 0:
            m = HEADING.match(line)
            i = m.end() if m else 0
            while i < len(line):
                form = next((f for f in forms if line.startswith(f, i)), None)
                if form:
                    chars.append("@"), pos.append(offset + i)
                    i += len(form)
                    continue
                ch = unicodedata.normalize("NFKC", line[i])
                if ch.isdigit():
                    chars.append("#"), pos.append(offset + i)
                    i += 1
                    while i < len(line) and (line[i].isdigit() or (line[i] in ".．" and i + 1 < len(line)
                                                                   and line[i + 1].isdigit())):
                        i += 1
                    continue
                if ch and unicodedata.category(ch[0])[0] in "LN":
                    chars.append(ch), pos.append(offset + i)
                i += 1
        offset += len(line) + 1
    return "".join(chars), pos


def reuse_weights(text, unit):
    """Per code point, 1 where a reuse character starts (reuse_chars), else 0."""
    w = [0] * len(text)
    for p in reuse_chars(text, unit)[1]:
        w[p] = 1
    return w


def weighted(w, intervals):
    total = 0
    for a, b in merge(intervals):
        total += sum(w[a:b])
    return total


def merge(intervals):
    out = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


class Weights:
    """reuse_weights of each document, computed once."""

    def __init__(self, root, unit_of):
        self.root, self.unit_of, self.cache = root, unit_of, {}

    def get(self, doc):
        if doc not in self.cache:
            path = os.path.join(self.root, doc)
            self.cache[doc] = reuse_weights(read_text(path), self.unit_of.get(doc, "")) if os.path.exists(path) else None
        return self.cache[doc]

    def count(self, doc, a, b):
        w = self.get(doc)
        return sum(w[a:b]) if w else b - a


def doc_year(doc):
    head = doc.split("/", 1)[0]
    return int(head) if head.isdigit() else None


def same_year_copy(c):
    """A cross-unit case within one year: which side copied is unknowable from the texts, and
    zongjie counts both sides, though the gold file knows the direction."""
    return c["kind"] not in ("template", "self") and doc_year(c["src"]) is not None \
        and doc_year(c["src"]) == doc_year(c["tgt"])


def copying(m):
    """A member zongjie counts as copied text (not formula, not the origin of later copies)."""
    return m["kind"] not in NOT_COPYING and m["kind"] != "origin"


def mask(w, intervals):
    """A byte per item of w (any sequence): 1 inside one of the intervals."""
    m = bytearray(len(w))
    for a, b in intervals:
        b = min(b, len(w))
        if b > a:
            m[a:b] = b"\x01" * (b - a)
    return m


def share_error_sources(docrows, cases, mapper, weights, members, covered):
    """Where the share error comes from, as mean shares per document: characters of copying
    members (the --passages kinds, an approximation of the per-span counting behind
    reused_share) that lie outside every gold span, or only on the source side of a case whose
    target is another unit's summary of the same year (direction unknowable) or a later summary;
    and gold characters no copying member covers."""
    source_same, source_later = collections.defaultdict(list), collections.defaultdict(list)
    for c in cases:
        if c["kind"] != "template":
            (source_same if same_year_copy(c) else source_later)[c["src"]].append((c["s0"], c["s1"]))
    copied = collections.defaultdict(list)
    for m in members:
        if copying(m):
            copied[m["doc"]].append((m["a"], m["b"]))
    sums = collections.Counter()
    n = 0
    for r in docrows:
        doc = mapper(r["doc"])
        w = weights.get(doc)
        if not w or not sum(w):
            continue
        n += 1
        total = sum(w)
        gt, ss, sl = mask(w, covered.get(doc, [])), mask(w, source_same[doc]), mask(w, source_later[doc])
        z = mask(w, copied[doc])
        for i, wi in enumerate(w):
            if not wi:
                continue
            if z[i] and not gt[i]:
                sums["source_same_year" if ss[i] else "source_of_later" if sl[i] else "outside_gold"] += 1 / total
            elif gt[i] and not z[i]:
                sums["missed"] += 1 / total
    return {k: v / n for k, v in sums.items()} if n else {}


def doc_shares(docrows, cases, mapper, weights, members):
    """Gold share of every document against zongjie's reused_share."""
    covered = collections.defaultdict(list)
    for c in cases:
        covered[c["tgt"]].append((c["t0"], c["t1"]))
        if c["kind"] == "template":  # the first holder's copy is template text too
            covered[c["src"]].append((c["s0"], c["s1"]))
    both_sides = collections.defaultdict(list)
    for c in cases:
        if same_year_copy(c):
            both_sides[c["src"]].append((c["s0"], c["s1"]))
    errors, errors_both, rows = [], [], []
    for r in docrows:
        doc = mapper(r["doc"])
        w = weights.get(doc)
        if w is None:
            continue
        total = sum(w)
        g = weighted(w, covered.get(doc, [])) / total if total else 0.0
        g2 = weighted(w, covered.get(doc, []) + both_sides.get(doc, [])) / total if total else 0.0
        z = float(r["reused_share"]) if r["reused_share"] else 0.0
        errors.append(abs(g - z))
        errors_both.append(abs(g2 - z))
        rows.append({"doc": doc, "gold_share": g, "zongjie_share": z, "error": z - g})
    n = len(errors)
    rows.sort(key=lambda x: -abs(x["error"]))
    with_reuse = [x for x in rows if x["gold_share"] > 0]
    without = [x for x in rows if x["gold_share"] == 0]
    return {"documents": n, "mae": sum(errors) / n if n else float("nan"),
            "mae_same_year_both_sides": sum(errors_both) / n if n else float("nan"),
            "mean_gold": sum(x["gold_share"] for x in rows) / n if n else float("nan"),
            "mean_zongjie": sum(x["zongjie_share"] for x in rows) / n if n else float("nan"),
            "mae_with_gold_reuse": (sum(abs(x["error"]) for x in with_reuse) / len(with_reuse)
                                    if with_reuse else float("nan")),
            "mean_zongjie_without_gold_reuse": (sum(x["zongjie_share"] for x in without) / len(without)
                                                if without else float("nan")),
            "documents_without_gold_reuse": len(without),
            "error_sources": share_error_sources(docrows, cases, mapper, weights, members, covered),
            "worst": rows[:8]}


def reported_chars(members, gold, root, keep, mark=None):
    """Per letter or digit covered by the members `keep` accepts (union per document): yields
    (in some gold span, marked by mark(text) -- a bytearray -- or None)."""
    gold_by_doc = collections.defaultdict(list)
    for doc, a, b in gold.spans:
        gold_by_doc[doc].append((a, b))
    spans = collections.defaultdict(list)
    for m in members:
        if keep(m):
            spans[m["doc"]].append((m["a"], m["b"]))
    for doc, ivs in spans.items():
        path = os.path.join(root, doc)
        if not os.path.exists(path):
            continue
        text = read_text(path)
        in_gold = mask(text, gold_by_doc.get(doc, []))
        marked = mark(text) if mark else None
        for a, b in merge(ivs):
            for i in range(a, min(b, len(text))):
                if unicodedata.category(text[i])[0] in "LN":
                    yield in_gold[i], marked[i] if marked else None


def noise_share(members, gold, root):
    """Reported characters (letters and digits, union per document) that no gold span covers,
    for members counted as copying and for formula members."""
    out = {}
    for label, is_formula in (("copying", False), ("formula", True)):
        reported = outside = 0
        for in_gold, _ in reported_chars(members, gold, root, lambda m: (m["kind"] in NOT_COPYING) == is_formula):
            reported += 1
            outside += not in_gold
        out[label] = {"reported_chars": reported, "outside_gold_chars": outside,
                      "outside_share": outside / reported if reported else float("nan")}
    return out


def read_stock(path):
    if not path:
        return []
    with open(path, encoding="utf-8") as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def stock_share(members, gold, root, stock):
    """Characters (letters and digits, union per document) of members counted as copying that
    lie in an occurrence of a stock slogan and outside every gold span, over all such reported
    characters: slogans reported as copying."""
    if not stock:
        return None

    def occurrences(text):
        in_stock = bytearray(len(text))
        for phrase in stock:
            j = text.find(phrase)
            while j >= 0:
                in_stock[j:j + len(phrase)] = b"\x01" * len(phrase)
                j = text.find(phrase, j + len(phrase))
        return in_stock

    reported = slogan = 0
    for in_gold, in_stock in reported_chars(members, gold, root, copying, occurrences):
        reported += 1
        slogan += in_stock and not in_gold
    return {"reported_chars": reported, "slogan_chars": slogan,
            "slogan_share": slogan / reported if reported else float("nan")}


# ----------------------------------------------------------------------------- examples


def snippet(root, doc, a, b, width=70):
    try:
        text = read_text(os.path.join(root, doc))
    except OSError:
        return ""
    s = text[a:b].replace("\n", "⏎")
    return s if len(s) <= width else s[: width - 1] + "…"


def pick_examples(n, cases, members):
    """A few misses per weak kind and the longest reported spans outside the gold."""
    misses = []
    by_kind = collections.defaultdict(list)
    for c in cases:
        if c["rec"] < CASE_TAU:
            by_kind[(c["kind"], c["rate"])].append(c)
    for key in sorted(by_kind, key=lambda k: -len(by_kind[k])):
        lst = sorted(by_kind[key], key=lambda c: (c["rec"], -c["len"]))
        for c in lst[:max(1, n // 2)]:
            misses.append({"kind": c["kind"], "rate": c["rate"], "edit": c["edit"], "recall": c["rec"],
                           "target_recall": c["tgt_rec"], "target": f'{c["tgt"]}:{c["t0"]}-{c["t1"]}',
                           "source": f'{c["src"]}:{c["s0"]}-{c["s1"]}', "length": c["len"], "chars": c["chars"]})
    false_pos = []
    for m in members:
        if m["kind"] not in NOT_COPYING and not m["gold"]:
            false_pos.append(m)
    false_pos.sort(key=lambda m: -(m["b"] - m["a"]))
    seen_clusters, fps = set(), []
    for m in false_pos:
        if m["cluster"] in seen_clusters:
            continue
        seen_clusters.add(m["cluster"])
        fps.append({"doc": m["doc"], "span": f'{m["a"]}-{m["b"]}', "kind": m["kind"], "n_units": m["n_units"],
                    "cluster": m["cluster"], "text": m["text"][:80]})
        if len(fps) >= n:
            break
    return {"misses": misses[: 3 * n], "false_positives": fps}


# ----------------------------------------------------------------------------- output


def fmt(x, digits=3):
    if isinstance(x, float):
        return "-" if math.isnan(x) else f"{x:.{digits}f}"
    return str(x)


def table(rows, columns):
    head = [c for c, _ in columns]
    body = [[fmt(r[k]) if not callable(k) else k(r) for _, k in columns] for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(widths[i]) if i < 3 else h.rjust(widths[i]) for i, h in enumerate(head))]
    for b in body:
        lines.append("  ".join(c.ljust(widths[i]) if i < 3 else c.rjust(widths[i]) for i, c in enumerate(b)))
    return "\n".join(lines)


COLUMNS = [("kind", "kind"), ("rate", "rate"), ("length", "length"), ("cases", "cases"),
           ("dets", "detections"), ("prec", "precision"), ("rec", "recall"), ("gran", "granularity"),
           ("plagdet", "plagdet"), ("case_rec", "case_recall"), ("found", "detected"), ("tgt_rec", "target_recall")]


def print_report(res, root):
    o = res["overall"]
    i = res["inputs"]
    print(f"gold cases {i['gold_cases']}, zongjie members {i['members']}, detection pairs {i['detections']}"
          + (" (overlapping detections of a document pair joined)" if i["merge_overlaps"] else ""))
    if i["unmapped_paths"]:
        print(f"warning: {len(i['unmapped_paths'])} document paths not under --root, e.g. {i['unmapped_paths'][0]}")
    print()
    print("overall (all cases, all detection pairs)")
    print(table([{"kind": "all", "rate": "all", "length": "all", **o}], COLUMNS))
    print()
    print("by kind and edit rate")
    print(table(res["by_kind_rate"], COLUMNS))
    print()
    print("by target length")
    print(table(res["by_length"], COLUMNS))
    print()
    print("bins: length x kind x rate")
    print(table(res["bins"], COLUMNS))
    print()
    pw = res.get("pairwise")
    if pw:
        print("pair-level detections (--alignments: each passage of each pair, template members against "
              "their family's first holder)")
        print(table([{"kind": "all", "rate": "all", "length": "all", **pw["overall"]}], COLUMNS))
        print(table(pw["by_kind_rate"], COLUMNS))
        print(table(pw["by_length"], COLUMNS))
        print()
    print("clusters against gold families, B-cubed over gold spans")
    for kind, b in res["bcubed"].items():
        print(f"  {kind:14} spans {b['spans']:6}  precision {fmt(b['precision'])}  recall {fmt(b['recall'])}"
              f"  F {fmt(b['f'])}")
    s = res["share"]
    print()
    print(f"reused share per document ({s['documents']} documents): MAE {fmt(s['mae'])}; "
          f"mean gold {fmt(s['mean_gold'])}, mean zongjie {fmt(s['mean_zongjie'])}; "
          f"MAE where gold > 0 {fmt(s['mae_with_gold_reuse'])}; mean zongjie share of the "
          f"{s['documents_without_gold_reuse']} documents without gold reuse {fmt(s['mean_zongjie_without_gold_reuse'])}; "
          f"MAE with both sides of same-year cross-unit copies as gold {fmt(s['mae_same_year_both_sides'])}")
    e = s["error_sources"]
    print("  where it comes from (mean share per document, from --passages members): over-counted "
          f"outside every gold span {fmt(e.get('outside_gold', 0))}, on the source side of a same-year "
          f"cross-unit copy {fmt(e.get('source_same_year', 0))}, on the source side of a later copy "
          f"{fmt(e.get('source_of_later', 0))}; gold characters missed {fmt(e.get('missed', 0))}")
    for w in s["worst"][:5]:
        print(f"  {w['doc']}: gold {fmt(w['gold_share'])}, zongjie {fmt(w['zongjie_share'])}")
    n = res["noise"]
    print()
    print(f"reported characters outside every gold passage: copying members {fmt(n['copying']['outside_share'])} "
          f"({n['copying']['outside_gold_chars']} of {n['copying']['reported_chars']}); formula members "
          f"{fmt(n['formula']['outside_share'])} ({n['formula']['outside_gold_chars']} of {n['formula']['reported_chars']})")
    if res["stock"]:
        st = res["stock"]
        print(f"stock slogans (--stock) reported as copying, outside every gold passage: {fmt(st['slogan_share'])} "
              f"({st['slogan_chars']} of {st['reported_chars']} characters of members counted as copying)")
    ex = res["examples"]
    if ex["misses"]:
        print()
        print("examples of missed cases (recall < 0.5): kind rate recall tgt_rec target source | target text")
        for m in ex["misses"]:
            doc, span = m["target"].rsplit(":", 1)
            a, b = map(int, span.split("-"))
            print(f"  {m['kind']} {m['rate']} {fmt(m['recall'], 2)} {fmt(m['target_recall'], 2)} {m['target']} "
                  f"{m['source']} | {snippet(root, doc, a, b)}")
    if ex["false_positives"]:
        print()
        print("examples of reported spans outside every gold passage: doc span kind n_units | text")
        for f in ex["false_positives"]:
            print(f"  {f['doc']} {f['span']} {f['kind']} {f['n_units']} | {f['text']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True, help="gold TSV written by gen_corpus --gold")
    ap.add_argument("--passages", required=True, help="zongjie reuse --passages -f tsv --full output")
    ap.add_argument("--docs", required=True, help="zongjie reuse -f tsv output (per document)")
    ap.add_argument("--root", required=True, help="the corpus folder (gen_corpus --out)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--stock", help="stock slogans, one per line (tests/reuse_quality/stock.txt): "
                    "measure how much of the reported copying they are")
    ap.add_argument("--examples", type=int, default=6, help="examples of misses and false positives to show")
    ap.add_argument("--alignments", help="zongjie reuse --alignments -f tsv output: also measure its "
                    "pair-level passages as the detections (PAN's own setting)")
    ap.add_argument("--merge-overlaps", action="store_true",
                    help="join detections of the same two documents that overlap on both sides (diagnostic)")
    args = ap.parse_args()
    res = evaluate(args)
    if args.json:
        def clean(x):
            if isinstance(x, float) and math.isnan(x):
                return None
            if isinstance(x, dict):
                return {k: clean(v) for k, v in x.items()}
            if isinstance(x, list):
                return [clean(v) for v in x]
            return x
        json.dump(clean(res), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(res, args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())

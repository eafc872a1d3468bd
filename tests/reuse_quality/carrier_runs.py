#!/usr/bin/python3
"""carrier_runs.py - shared runs in gen_corpus's carrier text that no gold passage explains.

    carrier_runs.py --root DIR --gold G [--min-run 30] [--top 15] [--json]
                    [--max-share X] [--max-docs-share Y]

DIR is a folder written by scripts/gen_corpus (with --manifest), G its gold TSV. Every
document is reduced to reuse characters as zongjie counts them (docs/reuse.md): letters and
digits only, the title line and heading markers left out, a digit run turned into one `#` and
the document's own unit name (and its short forms) into one `@`; line ends do not break a
run. Characters inside a gold span (either side of any planted passage) are cut out. What is
left is carrier text, which should be shared between units only in runs shorter than
--min-run (30, zongjie's --min-chars): the generator's rule is at most ~15 fixed characters
between slots that vary, and only the stock slogans (tests/reuse_quality/stock.txt, short)
are meant to be everywhere.

Reports every maximal run of at least --min-run carrier characters that documents of two or
more units share exactly: the characters and documents it covers (union per document), the
mean share of a document's reuse characters it is (what zongjie is right to report but the
gold does not count, so it adds to the share MAE), and, grouped by where they come from, the
grammar pools of tools/gen_corpus.c whose fixed words make up the run (a run is split into
the longest literal pieces of GRAMMAR entries; `{...}` is text no literal explains, such as
a sector's or year's words).

Exit status 1 when --max-share (mean per-document share) or --max-docs-share (share of the
documents with any such run) is exceeded: a regression check for the generator. Standard
library only.
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import mask, read_text, read_tsv, reuse_chars  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "tools", "gen_corpus.c")
BREAK = "\x00"


def vary_groups(source):
    """{word: canonical word} for every word of gen_corpus.c's VARY_GROUPS (the first member
    of its group; 进一步 folds to nothing): the near-synonyms its vary_wording swaps."""
    with open(source, encoding="utf-8") as f:
        src = f.read()
    m = re.search(r"VARY_GROUPS\[\]\[\d+\]\s*=\s*\{(.*?)\};", src, re.S)
    if not m:
        sys.exit(f"carrier_runs.py: {source}: no VARY_GROUPS array")
    fold = {}
    for group in re.findall(r"\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)):
        words = re.findall(r'"([^"]*)"', group)
        for w in words:
            if w:
                fold.setdefault(w, words[0])
    return fold


def fold_words(chars, pos, fold, maxlen):
    """chars with every VARY_GROUPS word (longest match) replaced by its canonical word, each
    output character keeping the position of the word's first character."""
    out, opos, i = [], [], 0
    while i < len(chars):
        for n in range(min(maxlen, len(chars) - i), 1, -1):
            w = "".join(chars[i:i + n])
            if w in fold:
                out.extend(fold[w]), opos.extend([pos[i]] * len(fold[w]))
                i += n
                break
        else:
            out.append(chars[i]), opos.append(pos[i])
            i += 1
    return out, opos


def plain(s):
    """Letters and digits of s, digit runs as one #, for matching grammar literals."""
    s = re.sub(r"[0-9]+", "#", unicodedata.normalize("NFKC", s))
    return "".join(c for c in s if unicodedata.category(c)[0] in "LN" or c == "#")


def grammar_literals(source, folds):
    """{literal: sorted pool names} for the fixed words of every GRAMMAR entry of gen_corpus.c
    (pieces of 2+ reuse characters between slots), plus the fixed arrays of its year and
    congress helpers under the pseudo-pool names `year` and `ycong`; words folded as the
    documents are (fold_words)."""
    foldmax = max(map(len, folds), default=0)

    def plain_folded(piece):
        p = plain(piece)
        return "".join(fold_words(p, range(len(p)), folds, foldmax)[0]) if folds else p

    with open(source, encoding="utf-8") as f:
        src = f.read()
    m = re.search(r"GRAMMAR\[\]\s*=\s*\{(.*?)\n\s*NULL,", src, re.S)
    if not m:
        sys.exit(f"carrier_runs.py: {source}: no GRAMMAR array")
    lits = collections.defaultdict(set)
    pool = None
    for s in re.findall(r'"((?:[^"\\]|\\.)*)"', re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)):
        if s.startswith("@"):
            pool = s[1:]
            continue
        for piece in re.split(r"\{[^}]*\}", s):
            p = plain_folded(piece)
            if len(p) >= 2:
                lits[p].add(pool)
    for fn in ("year_meeting", "year_theme", "year_edu", "year_study", "year_task", "year_fact",
               "year_congress"):
        body = re.search(r"static \w+ \*?" + fn + r"\(.*?\n\}", src, re.S)
        if body:
            for s in re.findall(r'"((?:[^"\\]|\\.)*)"', body.group(0)):
                p = plain_folded(s)
                if len(p) >= 2:
                    lits[p].add("ycong" if fn == "year_congress" else "year")
    return {k: sorted(v) for k, v in lits.items()}


def attribute(run, lits, maxlen):
    """The run as a sequence of pool names: at each position the longest grammar literal that
    matches; characters no literal covers become one `{...}` per stretch."""
    out, i, gap = [], 0, False
    while i < len(run):
        best = None
        for n in range(min(maxlen, len(run) - i), 1, -1):
            if run[i:i + n] in lits:
                best = run[i:i + n]
                break
        if best:
            name = "|".join(lits[best])
            if not out or out[-1] != name:
                out.append(name)
            i += len(best)
            gap = False
        else:
            if not gap:
                out.append("{...}")
            gap = True
            i += 1
    return " + ".join(out)


def gold_spans(gold_rows):
    spans = collections.defaultdict(list)
    for r in gold_rows:
        spans[r["source_doc"]].append((int(r["source_start"]), int(r["source_end"])))
        spans[r["target_doc"]].append((int(r["target_start"]), int(r["target_end"])))
    return spans


def analyse(root, gold_rows, min_run, source, fold=True):
    manifest = os.path.join(root, "manifest.tsv")
    if not os.path.exists(manifest):
        sys.exit(f"carrier_runs.py: {manifest} missing (run gen_corpus with --manifest)")
    docs = [(r["path"], r["unit"]) for r in read_tsv(manifest)]
    spans = gold_spans(gold_rows)
    texts, total_chars = {}, {}
    folds = vary_groups(source) if fold else {}
    foldmax = max(map(len, folds), default=0)
    for doc, unit in docs:
        chars, pos = reuse_chars(read_text(os.path.join(root, doc)), unit)
        total_chars[doc] = len(chars)
        if folds:
            chars, pos = fold_words(chars, pos, folds, foldmax)
        in_gold = mask(range(pos[-1] + 1 if pos else 0), spans.get(doc, []))
        inside = [in_gold[p] for p in pos]
        texts[doc] = "".join(BREAK if inside[k] else c for k, c in enumerate(chars))
    # every min_run-gram of carrier text: the first unit holding it, or None once a second has
    unit_of = dict(docs)
    holder = {}
    for doc, _ in docs:
        t, u = texts[doc], unit_of[doc]
        for i in range(len(t) - min_run + 1):
            g = t[i:i + min_run]
            if BREAK in g:
                continue
            h = holder.get(g, u)
            holder[g] = u if h == u else None
    lits = grammar_literals(source, folds)
    maxlen = max(map(len, lits))
    groups = collections.defaultdict(lambda: {"runs": 0, "chars": 0, "docs": set(), "example": ""})
    per_doc, shares = {}, []
    for doc, _ in docs:
        t = texts[doc]
        covered = bytearray(len(t))
        for i in range(len(t) - min_run + 1):
            if holder.get(t[i:i + min_run], 0) is None:
                covered[i:i + min_run] = b"\x01" * min_run
        n = sum(covered)
        per_doc[doc] = n
        shares.append(n / total_chars[doc] if total_chars[doc] else 0.0)
        i = 0
        while i < len(t):
            if not covered[i]:
                i += 1
                continue
            j = i
            while j < len(t) and covered[j]:
                j += 1
            run = t[i:j]
            g = groups[attribute(run, lits, maxlen)]
            g["runs"] += 1
            g["chars"] += j - i
            g["docs"].add(doc)
            if len(run) > len(g["example"]):
                g["example"] = run
            i = j
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1]["chars"], kv[0]))
    by_pool = collections.Counter()  # characters of the runs each pool's words are part of
    for k, v in groups.items():
        for name in set(k.split(" + ")):
            by_pool[name] += v["chars"]
    ndocs = len(docs)
    return {
        "documents": ndocs,
        "min_run": min_run,
        "reuse_chars": sum(total_chars.values()),
        "shared_chars": sum(per_doc.values()),
        "docs_with_runs": sum(1 for v in per_doc.values() if v),
        "mean_share": sum(shares) / ndocs if ndocs else 0.0,
        "pools": [{"pool": k, "chars": v} for k, v in sorted(by_pool.items(), key=lambda kv: (-kv[1], kv[0]))],
        "sources": [{"pools": k, "runs": v["runs"], "chars": v["chars"], "docs": len(v["docs"]),
                     "example": v["example"]} for k, v in ranked],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the corpus folder (gen_corpus --out ... --manifest)")
    ap.add_argument("--gold", required=True, help="its gold TSV (gen_corpus --gold)")
    ap.add_argument("--min-run", type=int, default=30, help="shortest run reported (default 30)")
    ap.add_argument("--top", type=int, default=15, help="sources to list (default 15)")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="tools/gen_corpus.c, for the pool names")
    ap.add_argument("--exact", action="store_true",
                    help="exact runs only (default: the near-synonyms vary_wording swaps are folded and "
                         "进一步 dropped first, so runs that differ only there count, as zongjie's "
                         "similarity >= 0.9 sees them)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--max-share", type=float, help="fail above this mean per-document share")
    ap.add_argument("--max-docs-share", type=float, help="fail above this share of documents with a run")
    args = ap.parse_args()
    res = analyse(args.root, read_tsv(args.gold), args.min_run, args.source, not args.exact)
    docs_share = res["docs_with_runs"] / res["documents"] if res["documents"] else 0.0
    if args.json:
        json.dump(res, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"{res['documents']} documents, {res['reuse_chars']} reuse characters; carrier runs of "
              f"{res['min_run']}+ characters shared by two or more units outside every gold span: "
              f"{res['shared_chars']} characters in {res['docs_with_runs']} documents "
              f"(mean share per document {res['mean_share']:.4f})")
        print("pools whose fixed words are part of the runs (characters of those runs; a run counts for each):")
        print("  " + ", ".join(f"{p['pool']} {p['chars']}" for p in res["pools"][:args.top]))
        print("runs by the pools that make them up, longest literal first:")
        for s in res["sources"][:args.top]:
            ex = s["example"] if len(s["example"]) <= 80 else s["example"][:80] + "…"
            print(f"  {s['chars']:7d} chars {s['runs']:5d} runs {s['docs']:4d} docs  {s['pools']}\n"
                  f"        e.g. {ex}")
        if len(res["sources"]) > args.top:
            rest = res["sources"][args.top:]
            print(f"  ... {len(rest)} more sources, {sum(s['chars'] for s in rest)} characters")
    bad = 0
    for what, v, limit in (("mean per-document share", res["mean_share"], args.max_share),
                           ("share of documents with a run", docs_share, args.max_docs_share)):
        if limit is None:
            continue
        good = v <= limit
        bad += not good
        print(f"{'ok' if good else 'FAIL'} carrier runs, {what} <= {limit}" + ("" if good else f" (got {v:.4f})"),
              file=sys.stdout if not args.json else sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

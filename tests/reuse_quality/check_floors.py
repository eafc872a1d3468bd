#!/usr/bin/python3
"""check_floors.py EVALUATION.json - fail when reuse quality falls below the
floors measured on the small generated corpus of tests/cli/reuse-quality.

The floors sit a little under what zongjie measured when they were set
(docs/reuse.md and tests/reuse_quality/README.md give the figures); they guard
against regressions. Where they are below the issue's targets, that is a gap
still open, said in the closing notes, not a target met."""
import json, sys

FLOORS = [
    # (what, kinds, rates, measure, floor)
    ("verbatim, name-swapped, number-changed: recall", ("verbatim", "name_swap", "number_change"), None, "recall", 0.98),
    ("verbatim, name-swapped, number-changed: precision", ("verbatim", "name_swap", "number_change"), None, "precision", 0.94),
    # The edit and template floors below were lowered when the generator's carrier text changed
    # (tests/reuse_quality/README.md, "carrier text"): the corpus's edit bins now hold 2-5 cases
    # each, and one missed copy of 30-59 characters (weak spot 7) costs a bin 0.25-0.5. The old
    # 0.95 / 0.80 / 0.95 held on the old seed-1 draw only: on 200 summaries with --cross 0.6,
    # seeds 1-4, the old generator gave edits-up-to-5% recall 0.76-0.87 and template precision
    # 0.83-0.96, the new one 0.85-0.94 and 0.96-0.98.
    ("edits up to 5%: recall", ("edit",), ("0.01", "0.03", "0.05"), "recall", 0.70),
    ("edits up to 5%: precision", ("edit",), ("0.01", "0.03", "0.05"), "precision", 0.93),
    ("edits of 10%: recall", ("edit",), ("0.10",), "recall", 0.45),
    ("self-carryover: recall", ("self",), None, "recall", 0.96),
    ("self-carryover: precision", ("self",), None, "precision", 0.92),
    ("templates: precision", ("template",), None, "precision", 0.88),
    ("templates: recall", ("template",), None, "recall", 0.80),
]

def main(path):
    d = json.load(open(path))
    bad = 0
    for what, kinds, rates, measure, floor in FLOORS:
        rows = [r for r in d["by_kind_rate"] if r["kind"] in kinds and (rates is None or r["rate"] in rates)]
        worst = min((r[measure] for r in rows if r["cases"]), default=None)
        if worst is None:
            print(f"MISSING {what}: no gold cases"); bad += 1
        elif worst < floor:
            print(f"FAIL {what}: {worst:.3f} < {floor}"); bad += 1
        else:
            print(f"ok {what} >= {floor}")
    # pair-level detections (--alignments): the issue's own targets for copies of these kinds
    pw = d.get("pairwise")
    if not pw:
        print("MISSING pair-level detections (evaluate.py --alignments)"); bad += 1
    else:
        rows = [r for r in pw["by_kind_rate"] if r["kind"] in ("verbatim", "name_swap", "number_change")]
        for measure, op, limit in (("precision", ">=", 0.98), ("recall", ">=", 0.98), ("granularity", "<=", 1.02)):
            vals = [r[measure] for r in rows if r["cases"]]
            v = (min if op == ">=" else max)(vals) if vals else float("nan")
            good = v >= limit if op == ">=" else v <= limit
            print(f"{'ok' if good else 'FAIL'} pair level, verbatim/name-swapped/number-changed {measure} {op} {limit}"
                  + ("" if good else f" (got {v:.3f})"))
            bad += not good
        # reordered paragraphs, satellites included (their short sentences: 0.836 without them,
        # 0.911 with them when this floor was set; 7 cases, so one case moves it ~0.1)
        rows = [r for r in pw["by_kind_rate"] if r["kind"] == "reorder" and r["cases"]]
        v = min((r["recall"] for r in rows), default=float("nan"))
        good = v >= 0.85
        print(f"{'ok' if good else 'FAIL'} pair level, reordered paragraphs recall >= 0.85" + ("" if good else f" (got {v:.3f})"))
        bad += not good
        # the by-kind precisions only count detections touching a case of that kind: a flood of
        # false alignments elsewhere shows only here
        v = pw["overall"]["precision"]
        good = v >= 0.95
        print(f"{'ok' if good else 'FAIL'} pair level, all detections precision >= 0.95" + ("" if good else f" (got {v:.3f})"))
        bad += not good
    checks = [("overall recall", d["overall"]["recall"], ">=", 0.98),
              ("per-document share MAE", d["share"]["mae"], "<=", 0.025),
              ("share of reported copying outside every gold passage", d["noise"]["copying"]["outside_share"], "<=", 0.06),
              ("template families, B-cubed F of clusters", d["bcubed"]["template"]["f"], ">=", 0.95),
              ("stock slogans reported as copying (issue target)",
               d["stock"]["slogan_share"] if d.get("stock") else float("inf"), "<=", 0.01)]
    for what, v, op, limit in checks:
        good = v >= limit if op == ">=" else v <= limit
        print(f"{'ok' if good else 'FAIL'} {what} {op} {limit}" + ("" if good else f" (got {v:.3f})"))
        bad += not good
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/python3
"""check_gnumeric.py DIR - what a real spreadsheet program reads from a report.

Gnumeric's ssconvert (Debian package gnumeric; scripts/test.sh installs it)
converts DIR/zongjie.xlsx, sheet by sheet, and every DIR/*.csv back to CSV;
every cell must equal what zongjie wrote: Chinese intact, numbers numeric and
equal, no text cell evaluated as a formula.  Skipped (exit 0 with a message)
where ssconvert is absent."""
import csv, glob, os, shutil, subprocess, sys, tempfile

ORDER = ["documents", "counts", "categories", "sections", "coverage", "compare", "trends",
         "reuse_passages", "reuse_documents", "similarity", "new_phrases"]

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))

def plain(v):
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r" else v

def same(want, got):
    if want == got:
        return True
    try:
        a, b = float(want), float(got)
    except ValueError:
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))

def compare(name, ours, theirs, strip):
    if len(ours) != len(theirs):
        sys.exit(f"MISMATCH {name}: {len(ours)} rows written, {len(theirs)} read back")
    for r, (a, b) in enumerate(zip(ours[1:], theirs[1:]), start=2):
        for c, want in enumerate(a):
            want = plain(want) if strip else want
            got = b[c] if c < len(b) else ""
            if not same(want, got):
                sys.exit(f"MISMATCH {name} row {r} col {c + 1}: wrote {want!r}, read {got!r}")

def main(d):
    if not shutil.which("ssconvert"):
        print("SKIP: ssconvert (gnumeric) is not installed")
        return
    made = [n for n in ORDER if os.path.exists(os.path.join(d, n + ".csv"))]
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["ssconvert", "-S", os.path.join(d, "zongjie.xlsx"), os.path.join(t, "s%n.csv")],
                       check=True, capture_output=True)
        for i, name in enumerate(made, start=1):  # sheet 0 is the guide
            compare("xlsx:" + name, read_csv(os.path.join(d, name + ".csv")),
                    read_csv(os.path.join(t, f"s{i}.csv")), True)
            print(f"ok workbook sheet {i} = {name}.csv")
        for name in made:
            out = os.path.join(t, name + ".back.csv")
            subprocess.run(["ssconvert", os.path.join(d, name + ".csv"), out], check=True, capture_output=True)
            # a spreadsheet takes the leading ' as "this is text" and drops it: the formula-like
            # cell must come back as that text, not as a formula's result
            compare("csv:" + name, read_csv(os.path.join(d, name + ".csv")), read_csv(out), True)
            print(f"ok {name}.csv read back by gnumeric")

main(sys.argv[1])

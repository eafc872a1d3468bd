#!/usr/bin/python3
"""check_workbook.py DIR - compares every cell of DIR/zongjie.xlsx with the CSV
it was made from: text intact (Chinese included), numbers stored as numbers,
no cell a formula; and that every zip member was deflated at level 2 (the
setting zongjie passes to minizip in src/table/xlsx.c).  Prints one line per
sheet; exits 1 on the first mismatch.
Needs python3-openpyxl (scripts/test.sh installs it)."""
import csv, glob, os, sys, zipfile
import openpyxl

SHEETS = {"documents": "文档", "counts": "词频", "categories": "类别", "sections": "章节结构",
          "coverage": "章节覆盖", "compare": "年度对比", "trends": "趋势",
          "reuse_passages": "重复段落", "reuse_documents": "重复率", "similarity": "相似度",
          "new_phrases": "新词候选"}

def fail(msg):
    print("MISMATCH:", msg)
    sys.exit(1)

def plain(v):
    """What the workbook should hold for a CSV cell (inert quote removed)."""
    if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r":
        return v[1:]
    return v

def check_level(path):
    """minizip marks level 2 in the general-purpose flag bits 1-2 as 10."""
    for info in zipfile.ZipFile(path).infolist():
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 6 != 4:
            fail(f"{info.filename}: method {info.compress_type}, flags {info.flag_bits:#x}")

def main(d):
    check_level(os.path.join(d, "zongjie.xlsx"))
    wb = openpyxl.load_workbook(os.path.join(d, "zongjie.xlsx"))
    for path in sorted(glob.glob(os.path.join(d, "*.csv"))):
        name = os.path.basename(path)[:-4]
        ws = wb[SHEETS[name]]
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        if ws.max_row != len(rows) and not (len(rows) == 1 and ws.max_row == 1):
            fail(f"{name}: {len(rows)} CSV rows, {ws.max_row} sheet rows")
        numbers = 0
        for r, row in enumerate(rows[1:], start=2):
            for c, want in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if cell.data_type == "f":
                    fail(f"{name}!{cell.coordinate} is a formula")
                want = plain(want)
                got = cell.value
                if want == "":
                    if got not in (None, ""):
                        fail(f"{name}!{cell.coordinate}: {got!r} for an empty cell")
                elif isinstance(got, (int, float)):
                    numbers += 1
                    if abs(float(want) - got) > 1e-9 * max(1, abs(got)):
                        fail(f"{name}!{cell.coordinate}: {got} != {want}")
                elif got != want:
                    fail(f"{name}!{cell.coordinate}: {got!r} != {want!r}")
        print(f"ok {name}: {len(rows) - 1} rows, {numbers} numeric cells, sheet {ws.title}")
    print("sheets:", " ".join(wb.sheetnames))

main(sys.argv[1])

#!/usr/bin/python3
"""peers.py TOOL TERMS.txt DIR - the Python peers of `zongjie count` (every *.txt under DIR).

  ahocorasick  pyahocorasick automaton, iter_long (leftmost-longest, non-overlapping)
  jieba        jieba.cut with the terms as a user dictionary, HMM off; counts tokens
               that are dictionary terms (jieba's segmentation may split a term)
Prints "N hits in B bytes"."""
import sys

def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")

def main():
    import os
    tool, terms_path, root = sys.argv[1], sys.argv[2], sys.argv[3]
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
    terms = [t for t in read(terms_path).split("\n") if t]
    hits = nbytes = 0
    if tool == "ahocorasick":
        import ahocorasick
        a = ahocorasick.Automaton()
        for i, t in enumerate(terms):
            a.add_word(t, i)
        a.make_automaton()
        for p in files:
            s = read(p)
            nbytes += len(s.encode("utf-8"))
            hits += sum(1 for _ in a.iter_long(s))
    elif tool == "jieba":
        import logging, jieba
        jieba.setLogLevel(logging.WARNING)
        termset = set(terms)
        for t in terms:
            jieba.add_word(t, freq=1000000)
        for p in files:
            s = read(p)
            nbytes += len(s.encode("utf-8"))
            hits += sum(1 for w in jieba.cut(s, HMM=False) if w in termset)
    else:
        sys.exit("unknown tool " + tool)
    print(f"{hits} hits in {nbytes} bytes")

main()

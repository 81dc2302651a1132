#!/usr/bin/env python3
"""Turns one or more `swiftlearn-bench --json` outputs into the Markdown table of BENCHMARKS.md.

Usage: python3 scripts/benchmarks-table.py run1.jsonl [run2.jsonl ...]
Each figure is the median over the runs given (ours, reference and ratio separately); the spread column is
(max - min) / median of the ratio. Standard library only.
"""
import json
import statistics
import sys


def main(paths):
    runs = [[json.loads(line) for line in open(p) if line.strip()] for p in paths]
    names = [o["name"] for o in runs[0]]
    print("| case | SwiftLearn | reference | unit | ratio (median) | ratio spread | SwiftLearn threads | reference | notes |")
    print("|---|---:|---:|---|---:|---:|---|---|---|")
    for name in names:
        rows = [o for run in runs for o in run if o["name"] == name]
        ours = statistics.median(o["ours"] for o in rows)
        refs = [o["reference"] for o in rows if o.get("reference") is not None]
        ratios = [o["ratio"] for o in rows if o.get("ratio") is not None]
        ref = f"{statistics.median(refs):.4g}" if refs else "–"
        ratio = f"**{statistics.median(ratios):.2f}×**" if ratios else "–"
        spread = f"{(max(ratios) - min(ratios)) / statistics.median(ratios) * 100:.0f} %" if len(ratios) > 1 else "–"
        threads = "/".join(sorted({f"{o.get('threads', '-')}" for o in rows}))
        library = rows[0].get("reference_library", "–")
        notes = []
        peaks = [o["percent_of_peak"] for o in rows if "percent_of_peak" in o]
        if peaks:
            notes.append(f"{statistics.median(peaks):.0f} % of measured FMA peak")
        by_lib = {}
        for o in rows:
            for lib, r in (o.get("ratio_by_library") or {}).items():
                by_lib.setdefault(lib, []).append(r)
        if len(by_lib) > 1:
            notes.append(", ".join(f"vs {lib} {statistics.median(v):.2f}×" for lib, v in sorted(by_lib.items())))
        if name == "mlp-memory":
            d = [o["detail"] for o in rows]
            notes.append("RSS at step 1,000: " + ", ".join(f"{x['rss_step_1000_mb']:.1f}" for x in d)
                         + " MB; at step 10,000: " + ", ".join(f"{x['rss_step_10000_mb']:.1f}" for x in d) + " MB")
        if name == "peak-fma":
            d = [o["detail"] for o in rows]
            notes.append("1 thread: " + ", ".join(f"{x['1 thread']:.0f}" for x in d) + " GFLOP/s")
        print(f"| {name} | {ours:.4g} | {ref} | {rows[0]['unit']} | {ratio} | {spread} | {threads} | {library} | {'; '.join(notes)} |")


if __name__ == "__main__":
    main(sys.argv[1:])

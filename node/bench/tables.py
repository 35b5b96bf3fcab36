#!/usr/bin/python3
"""Turns benchmark output into the markdown tables of docs/benchmarks.md.

usage: tables.py jmh RESULT.json          JMH results (-rf json) with CpuTime's counters
       tables.py model MODEL_BENCH.txt    ModelRuntimeBench's fixed-width table
       tables.py ratio A_PREFIX B_PREFIX FILE   key=value lines of two sides, matched by path/label
       tables.py run FILE                 run_node.py lines
"""
import json
import re
import sys


def kv(line):
    return dict(re.findall(r"(\w+)=(\S+)", line))


def num(v):
    return "%.0f" % v if abs(v) >= 100 else "%.1f" % v if abs(v) >= 10 else "%.2f" % v


def jmh(path):
    print("| benchmark | wall clock (mean ± 99.9 %) | CPU per op | unit |")
    print("|---|---|---|---|")
    for r in json.load(open(path)):
        m = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        cpu = ""
        if "cpuNanos" in sec and "ops" in sec and sec["ops"]["score"]:
            per_op_ns = sec["cpuNanos"]["score"] / sec["ops"]["score"]
            scale = {"us/op": 1e3, "ms/op": 1e6, "ns/op": 1.0}.get(m["scoreUnit"], 1e3)
            cpu = num(per_op_ns / scale)
        err = m.get("scoreError")
        err = "" if err is None or err != err else " ± " + num(err)
        name = r["benchmark"].replace("org.duplexnode.bench.", "")
        print("| `%s` | %s%s | %s | %s |" % (name, num(m["score"]), err, cpu, m["scoreUnit"]))


def model(path):
    rows = [l.rstrip("\n") for l in open(path)]
    head = next(i for i, l in enumerate(rows) if l.startswith("unit "))
    cols = re.split(r"\s{2,}|\s(?=\S)", rows[head].strip())
    cols = ["unit", "n", "calls", "total", "graphs", "java", "java min", "no mel", "mel", "audio",
            "vision", "llm", "tts", "t2w", "alloc KB"]
    print(rows[head - 1])
    print()
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for l in rows[head + 1:]:
        if not l or l.startswith("graphs:"):
            continue
        name = l[:20].strip()
        print("| " + " | ".join([name] + l[20:].split()) + " |")


def ratio(a_prefix, b_prefix, path):
    a, b = {}, {}
    for line in open(path):
        d = kv(line)
        key = d.get("path", d.get("label", "all"))
        if line.startswith(a_prefix):
            a[key] = d
        elif line.startswith(b_prefix):
            b[key] = d
    print("| case | %s wall (best) | %s CPU | %s wall (best) | %s CPU | ratio wall | ratio CPU |"
          % (a_prefix, a_prefix, b_prefix, b_prefix))
    print("|---|---|---|---|---|---|---|")
    for key in a:
        if key not in b:
            continue
        wa, ca = float(a[key].get("best_ms", a[key].get("best_s"))), float(a[key].get("cpu_ms", a[key].get("cpu_s")))
        wb, cb = float(b[key].get("best_ms", b[key].get("best_s"))), float(b[key].get("cpu_ms", b[key].get("cpu_s")))
        unit = "ms" if "best_ms" in a[key] else "s"
        print("| %s | %.3f %s | %.3f %s | %.3f %s | %.3f %s | %.2f | %.2f |"
              % (key, wa, unit, ca, unit, wb, unit, cb, unit, wb / wa, cb / ca))
    print()
    print("ratio: %s time / %s time (above 1: %s is faster)." % (b_prefix, a_prefix, a_prefix))


def run(path):
    cols = ["label", "first_unit_s", "rss_first_unit_mb", "rss_peak_mb", "wall_s", "gc_pauses",
            "gc_max_ms", "gc_p99_ms", "gc_over_10ms", "gc_total_ms"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for line in open(path):
        if line.startswith("node-run"):
            d = kv(line)
            print("| " + " | ".join(d.get(c, "") for c in cols) + " |")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "jmh":
        jmh(sys.argv[2])
    elif what == "model":
        model(sys.argv[2])
    elif what == "ratio":
        ratio(sys.argv[2], sys.argv[3], sys.argv[4])
    elif what == "run":
        run(sys.argv[2])

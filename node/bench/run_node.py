#!/usr/bin/python3
"""Runs one duplex-node command and measures it from outside: the time from process start to the
first processed unit (the first line matching MARK on stdout), the resident set size (VmRSS of
/proc/PID/status, polled every 50 ms: at the first unit and the peak), and, when the command
line writes a GC log (-Xlog:gc:file=LOG), the GC pauses in it.

usage: run_node.py LABEL MARK_REGEX GC_LOG|- -- COMMAND...
prints: node-run label=... first_unit_s=... rss_first_unit_mb=... rss_peak_mb=... wall_s=...
        gc_pauses=N gc_max_ms=... gc_p99_ms=... gc_over_10ms=N
"""
import re
import subprocess
import sys
import threading
import time


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def gc_pauses(path):
    pauses = []
    with open(path) as f:
        for line in f:
            m = re.search(r"Pause .* ([0-9.]+)ms$", line.strip())
            if m:
                pauses.append(float(m.group(1)))
    return pauses


def main():
    label, mark, gc_log = sys.argv[1], re.compile(sys.argv[2]), sys.argv[3]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def poll():
        while not done.is_set():
            r = rss_kb(proc.pid)
            if r:
                peak[0] = max(peak[0], r)
            time.sleep(0.05)

    threading.Thread(target=poll, daemon=True).start()
    first, rss_first, tail = None, None, []
    for line in proc.stdout:
        if first is None and mark.search(line):
            first = time.monotonic() - t0
            rss_first = rss_kb(proc.pid)
        tail = (tail + [line])[-5:]
    rc = proc.wait()
    done.set()
    wall = time.monotonic() - t0
    if rc != 0 or first is None:
        sys.stderr.write("".join(tail))
        raise SystemExit("%s: exit %d, first unit %s" % (label, rc, first))
    out = "node-run label=%s first_unit_s=%.2f rss_first_unit_mb=%.0f rss_peak_mb=%.0f wall_s=%.1f" % (
        label, first, (rss_first or 0) / 1024, peak[0] / 1024, wall)
    if gc_log != "-":
        p = sorted(gc_pauses(gc_log))
        if p:
            out += " gc_pauses=%d gc_max_ms=%.2f gc_p99_ms=%.2f gc_over_10ms=%d gc_total_ms=%.0f" % (
                len(p), p[-1], p[min(len(p) - 1, int(0.99 * len(p)))], sum(1 for x in p if x > 10),
                sum(p))
        else:
            out += " gc_pauses=0"
    print(out)


if __name__ == "__main__":
    main()

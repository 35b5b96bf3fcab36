#!/usr/bin/python3
"""The release path end to end with random weights, at the release's widths or small ones:

    python3 tensorrt-engines/release_harness.py --widths release --layers 1 --work /tmp/harness \
        --node node/bin/duplex-node

1. random_checkpoint: a checkpoint folder in the release's format (config.json, bfloat16
   model.safetensors with the release's tensor names, tokenizer files, Token2Wav's
   assets/token2wav/flow.pt and hift.pt, a generated default voice WAV);
2. make_package on it (the ten graphs, tables, tokenizer, noise and the voice caches),
   with each graph's example inputs and PyTorch outputs in --work/vectors (vectors.json);
3. with --node: `duplex-node engines check PKG`, then `duplex-node replay --fast` of the demo bag
   (node/src/demo/sample-bag) through the package on ONNX Runtime (CPU), each under
   /usr/bin/time for wall time and peak RSS.

Writes harness_report.json in --work (sizes, times, RSS, the replay's summary line) and exits 1
when a step fails. Everything it reads is in the repository or written under --work.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

from . import make_package, random_checkpoint

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEMO_BAG = os.path.join(REPO, "node", "src", "demo", "sample-bag")


def timed(cmd, log):
    """Runs cmd under /usr/bin/time -v; returns (exit status, wall s, peak RSS MB, output)."""
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=dict(os.environ, ORT_DISABLE_TELEMETRY="1"))
    out = p.stdout.decode("utf-8", "replace")
    with open(log, "w") as f:
        f.write(out)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out)
    return p.returncode, round(time.time() - t0, 1), round(int(rss.group(1)) / 1024) if rss else None, out


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Random-weight checkpoint -> make_package -> engines check -> replay.")
    ap.add_argument("--work", required=True, help="folder for the checkpoint, package, logs and report")
    ap.add_argument("--widths", choices=sorted(random_checkpoint.WIDTHS), default="tiny")
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--node", help="duplex-node launcher: also run engines check and a replay of the demo bag")
    ap.add_argument("--parity", action="store_true", help="make_package --parity (needs onnxruntime)")
    args = ap.parse_args(argv)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    ckpt, pkg = os.path.join(work, "checkpoint"), os.path.join(work, "package")
    report = {"widths": args.widths, "layers": args.layers}

    t0 = time.time()
    report["checkpoint_parameters"] = random_checkpoint.write(ckpt, args.widths, args.layers)
    report["checkpoint_s"] = round(time.time() - t0, 1)
    report["checkpoint_bytes"] = folder_bytes(ckpt)
    made, problems = make_package.make_package(ckpt, pkg, random_weights=True, parity=args.parity,
                                               name=f"minicpm-o-4.5-random-{args.widths}-widths",
                                               vectors=os.path.join(work, "vectors"))
    report["make_package_s"] = made["total_s"]
    report["package_bytes"] = folder_bytes(pkg)
    report["graphs"] = {n: {k: g[k] for k in ("files", "export_s", "parameters", "max_abs") if k in g}
                        for n, g in made["graphs"].items()}
    report["package_problems"] = problems
    failed = bool(problems)
    if args.node and not failed:
        rc, wall, rss, _ = timed([args.node, "engines", "check", pkg], os.path.join(work, "engines_check.log"))
        report["engines_check"] = {"exit": rc, "wall_s": wall, "peak_rss_mb": rss}
        failed |= rc != 0
        out = os.path.join(work, "replay")
        rc, wall, rss, text = timed([args.node, "replay", "--fast", "--out", out, DEMO_BAG, "--ros-args", "-p",
                                     f"model.package:={pkg}"], os.path.join(work, "replay.log"))
        computes = [float(x) for x in re.findall(r"compute\s+([\d.]+) ms", text)]
        summary = [line for line in text.splitlines() if line.startswith("replayed ")]
        report["replay"] = {"exit": rc, "wall_s": wall, "peak_rss_mb": rss, "summary": summary[0] if summary else None,
                            "units": len(computes),
                            "unit_compute_ms": {"mean": round(sum(computes) / len(computes), 1),
                                                "max": max(computes)} if computes else None}
        failed |= rc != 0 or not summary or " 0 failed" not in summary[0]
    with open(os.path.join(work, "harness_report.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print(json.dumps({k: v for k, v in report.items() if k != "graphs"}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

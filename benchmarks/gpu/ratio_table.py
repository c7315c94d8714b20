#!/usr/bin/env python3
"""Joins the GPU runner's and the PyTorch peer's result lines into a ratio table and checks issue 6's targets.

Input: files of tab-separated lines `bench device impl wall_ms device_ms reps calls note` (lines
starting with '#' and the column-name line are skipped), as GpuRunner and python_peer.py print them.
Per benchmark the table shows Claritas on CUDA and on OpenCL, their ratio (OpenCL/CUDA time), and
Claritas-on-CUDA time over PyTorch's best variant with TF32 off ("fp32") and with TF32 on ("tf32").
Ratios are of median wall times (each call waited for; see the runner); "dev" columns use device-event
times. Time ratio > 1: Claritas is slower. The targets are stated as the issue states them (speed =
PyTorch time / Claritas time for conv and FFT, time ratios for the U-Net step and OpenCL/CUDA), then a
last line:

    summary: conv3x3_fwd=S conv3x3_fwd_bwd=S fft2=S unet_step=T dncnn_step=T opencl_over_cuda=T

Usage: ratio_table.py [--cuda cuda:0] [--opencl opencl:0] [--peer cuda:0] FILE...
"""

import argparse
import math
import re
import sys
from collections import OrderedDict, defaultdict

# The U-Net's 3x3 layers at the sizes it applies them (batch 1); the DnCNN's 48x48 batch is not a U-Net shape.
UNET_3X3 = re.compile(r"conv (fwd|fwdbwd) \d+-\d+k3@(320|160|80|40) n1$")
PRECISIONS = ("fp32", "tf32")


class Row:
    def __init__(self, fields):
        self.bench, self.device, self.impl = fields[0], fields[1], fields[2]
        self.wall = number(fields[3])
        self.dev = number(fields[4])
        self.note = fields[7] if len(fields) > 7 else ""

    @property
    def ran(self):
        return self.wall is not None

    @property
    def precision(self):
        """fp32 or tf32 for variants that have one, else None (valid under both)."""
        last = self.impl.split("/")[-1]
        return last if last in PRECISIONS else None


def number(text):
    try:
        v = float(text)
        return v if math.isfinite(v) else None
    except ValueError:
        return None


def read(paths):
    rows, order = {}, OrderedDict()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for raw in f:
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#") or line.startswith("bench\t"):
                    continue
                fields = line.split("\t")
                if len(fields) < 7:
                    print(f"ratio_table.py: {path}: skipping malformed line: {line[:80]}", file=sys.stderr)
                    continue
                r = Row(fields)
                rows[(r.bench, r.device, r.impl)] = r
                order.setdefault(r.bench, None)
    return rows, list(order)


def best(rows, bench, device, precision):
    """PyTorch's fastest variant of bench on device valid at the precision, or None."""
    found = [r for (b, d, impl), r in rows.items()
             if b == bench and d == device and impl.startswith("torch") and r.ran
             and r.precision in (precision, None)]
    return min(found, key=lambda r: r.wall, default=None)


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def fmt(v, digits=3):
    if v is None:
        return "n/a"
    return f"{v:.{digits}f}" if abs(v) < 1000 else f"{v:.1f}"


class Joined:
    """One benchmark's numbers across implementations."""

    def __init__(self, rows, bench, args):
        self.bench = bench
        self.cuda = rows.get((bench, args.cuda, "claritas"))
        self.opencl = rows.get((bench, args.opencl, "claritas"))
        self.fp32 = best(rows, bench, args.peer, "fp32")
        self.tf32 = best(rows, bench, args.peer, "tf32")

    def wall(self, row):
        return row.wall if row is not None and row.ran else None

    def dev(self, row):
        return row.dev if row is not None and row.ran else None

    def over_fp32(self, device_time=False):
        pick = self.dev if device_time else self.wall
        return ratio(pick(self.cuda), pick(self.fp32))

    def over_tf32(self):
        return ratio(self.wall(self.cuda), self.wall(self.tf32))

    def opencl_over_cuda(self):
        return ratio(self.wall(self.opencl), self.wall(self.cuda))


def print_table(joined, args, out):
    head = ["benchmark", f"{args.cuda} ms", "dev ms", f"{args.opencl} ms", "ocl/cuda", "torch fp32 ms", "variant",
            "ours/fp32", "dev", "torch tf32 ms", "ours/tf32"]
    table = [head]
    for j in joined:
        table.append([j.bench, fmt(j.wall(j.cuda)), fmt(j.dev(j.cuda)), fmt(j.wall(j.opencl)), fmt(j.opencl_over_cuda(), 2),
                      fmt(j.wall(j.fp32)), j.fp32.impl.replace("torch/", "") if j.fp32 else "-",
                      fmt(j.over_fp32(), 2), fmt(j.over_fp32(device_time=True), 2), fmt(j.wall(j.tf32)),
                      fmt(j.over_tf32(), 2)])
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for r in table:
        out.write("  ".join(c.ljust(widths[i]) if i in (0, 6) else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip()
                  + "\n")


def print_notes(rows, args, out):
    """Why benchmarks did not run, grouped by device and reason."""
    reasons = defaultdict(list)
    for (bench, device, impl), r in rows.items():
        if not r.ran:
            reasons[(device, impl.split("/")[0], r.note or "no time")].append(bench)
    if reasons:
        out.write("\nnot measured:\n")
        for (device, impl, note), benches in sorted(reasons.items()):
            out.write(f"  {device} {impl}: {note} ({len(benches)}: {', '.join(benches[:4])}"
                      f"{', ...' if len(benches) > 4 else ''})\n")


def verdict(value, target, higher_is_better):
    if value is None:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "MISSED"


def speed_target(out, label, joined, target):
    """Speed = PyTorch fp32 time / ours, geometric mean over the benchmarks; returns it."""
    speeds = [(j.bench, ratio(j.wall(j.fp32), j.wall(j.cuda))) for j in joined]
    dev_speeds = [ratio(j.dev(j.fp32), j.dev(j.cuda)) for j in joined]
    measured = [(b, s) for b, s in speeds if s is not None]
    g = geomean([s for _, s in measured])
    detail = ""
    if measured:
        worst = min(measured, key=lambda x: x[1])
        below = sum(1 for _, s in measured if s < target)
        detail = (f" (device-event {fmt(geomean(dev_speeds), 2)}; worst {fmt(worst[1], 2)} {worst[0]}; "
                  f"{below} of {len(measured)} below; {len(speeds) - len(measured)} not measured)")
    elif speeds:
        detail = f" ({len(speeds)} benchmarks, none measured on both sides)"
    value = "n/a" if g is None else f"{fmt(g, 2)}x"
    out.write(f"  {label} >= {target}x speed: {value}{detail} -> {verdict(g, target, True)}\n")
    return g


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cuda", default="cuda:0", help="Claritas's CUDA device in the runner's lines")
    p.add_argument("--opencl", default="opencl:0", help="Claritas's OpenCL device in the runner's lines")
    p.add_argument("--peer", default="cuda:0", help="PyTorch's device in the peer's lines")
    p.add_argument("files", nargs="+")
    args = p.parse_args(argv)
    rows, benches = read(args.files)
    if not rows:
        print("ratio_table.py: no result lines in " + " ".join(args.files), file=sys.stderr)
        return 1
    out = sys.stdout
    joined = [Joined(rows, b, args) for b in benches]
    out.write("times: median ms per call, wall (device drained) unless 'dev' (device events); "
              "ratios are time ratios (> 1: the first is slower); torch fp32/tf32 = PyTorch's best variant "
              "with TF32 off/on\n\n")
    print_table(joined, args, out)
    print_notes(rows, args, out)

    by_name = {j.bench: j for j in joined}
    out.write("\ntargets (issue 6, H100/H200):\n")
    fwd = speed_target(out, "3x3 conv forward, U-Net shapes, vs cuDNN FP32 (TF32 off)",
                       [j for j in joined if (m := UNET_3X3.match(j.bench)) and m.group(1) == "fwd"], 0.8)
    fwd_bwd = speed_target(out, "3x3 conv forward+backward, U-Net shapes, vs cuDNN FP32 (TF32 off)",
                           [j for j in joined if (m := UNET_3X3.match(j.bench)) and m.group(1) == "fwdbwd"], 0.8)
    fft = speed_target(out, "FFT2 (fastMRI's fft2c) vs cuFFT", [j for j in joined if j.bench.startswith("fft2c ")], 0.8)

    steps = {}
    for model in ("unet", "dncnn"):
        j = next((j for name, j in by_name.items() if name.startswith(model + " step")), None)
        steps[model] = j.over_fp32() if j else None
        if model == "unet":
            tf32 = j.over_tf32() if j else None
            out.write(f"  U-Net training step <= 1.5x PyTorch eager's time: ours/torch = {fmt(steps[model], 2)} with "
                      f"TF32 off, {fmt(tf32, 2)} against TF32 on (PyTorch's default for cuDNN convolutions) -> "
                      f"{verdict(steps[model], 1.5, False)} (TF32 off), {verdict(tf32, 1.5, False)} (TF32 on)\n")
        else:
            out.write(f"  DnCNN training step (no target): ours/torch = {fmt(steps[model], 2)} with TF32 off\n")

    pairs = [(j.bench, j.opencl_over_cuda()) for j in joined if j.opencl_over_cuda() is not None]
    ocl = geomean([r for _, r in pairs])
    worst = max(pairs, key=lambda x: x[1]) if pairs else None
    detail = f" (worst {fmt(worst[1], 2)} {worst[0]}; over {len(pairs)} benchmarks)" if worst else ""
    out.write(f"  OpenCL within 1.3x of CUDA: opencl/cuda time {fmt(ocl, 2)}{detail} -> {verdict(ocl, 1.3, False)}\n")

    out.write(f"\nsummary: conv3x3_fwd={fmt(fwd, 2)} conv3x3_fwd_bwd={fmt(fwd_bwd, 2)} fft2={fmt(fft, 2)} "
              f"unet_step={fmt(steps['unet'], 2)} dncnn_step={fmt(steps['dncnn'], 2)} opencl_over_cuda={fmt(ocl, 2)}\n")
    out.write("  (conv3x3_*, fft2: speed vs PyTorch, >= 0.8 wanted; *_step: time vs PyTorch with TF32 off, unet <= 1.5 "
              "wanted; opencl_over_cuda: time, <= 1.3 wanted)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""PyTorch peer of the Claritas GPU runner: the same benchmarks, timed the same way, same output lines.

For each benchmark of dev.claritas.benchmarks.gpu.GpuRunner (same names: `--list` prints them) this
runs PyTorch's implementation in each of its variants and prints one tab-separated line per variant:

    bench  device  impl  wall_ms  device_ms  reps  calls  note

impl is torch/LAYOUT/PRECISION for convolutions and training steps (LAYOUT nchw or cl =
channels_last; PRECISION fp32 = TF32 off for cuDNN convolutions and cuBLAS matmuls, tf32 = on),
torch/PRECISION for GEMM, torch/LAYOUT for pooling, and torch/fftshift or torch/cat for fastMRI's
centred FFT (cuFFT; shifted with torch.fft.fftshift or by concatenation as fastMRI's roll does).

Timing follows the Java runner (its class Repetitions): warm up for at least 2 calls and
--warmup-ms, each call waited for; pick the calls per repetition so that one lasts --min-rep-ms; per
repetition synchronize, record a CUDA event, run the calls, record a second event, synchronize;
report the medians of wall time (perf_counter around it) and event time per call. On --device cpu
(a check of this script where there is no GPU, e.g. Debian's torch 1.13) only the fp32 variants run
and there is no device time.

Usage: python3 benchmarks/gpu/python_peer.py [--device cuda:0] [--only REGEX] [--reps N] [--quick] [--list]
"""

import argparse
import datetime
import math
import os
import platform
import re
import statistics
import sys
import time
import warnings

import torch
import torch.nn.functional as F

# fastMRI's U-Net and the demo's DnCNN, as the CPU comparison defines them (one definition for both).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from torch_worker import DnCNN, UNet, roll_by_half  # noqa: E402

# The benchmarks, as GpuCases.java lists them.
GEMM = ["1024x1024x1024", "4096x4096x4096"]
CONV = ["1-32k3@320", "32-32k3@320", "64-64k3@160", "128-128k3@80", "256-256k3@40", "32-1k1@320",
        "64-32t2@160", "32-32k3@48n16"]
POOL_CHANNELS, POOL_SIZE = 32, 320
FFT = ["1x320x320", "15x640x368"]
UNET = (1, 320)      # batch, size
DNCNN = (16, 48)     # the demo's training batch: 16 patches of 48x48

CONV_CASE = re.compile(r"(\d+)-(\d+)([kt])(\d+)@(\d+)(?:n(\d+))?")
MIN_WARMUP_CALLS = 2
MIN_REPS = 3


class Case:
    """A benchmark: its name, whether it runs on GPUs only, its variants, and how to build a variant's call."""

    def __init__(self, name, build, variants, gpu_only=False):
        self.name, self.build, self.variants, self.gpu_only = name, build, variants, gpu_only


def layouts_precisions(layouts=True, precisions=True):
    """Variants as (impl suffix, layout, precision) tuples; precision None where it does not apply."""
    out = []
    for p in (["fp32", "tf32"] if precisions else [None]):
        for layout in (["nchw", "cl"] if layouts else [None]):
            suffix = "/".join(s for s in (layout, p) if s)
            out.append((suffix, layout, p))
    return out


def to_device(x, device, layout):
    """x moved to the device, in channels_last memory format for layout 'cl' (4-D tensors only)."""
    x = x.to(device)
    if layout == "cl" and x.dim() == 4:
        return x.contiguous(memory_format=torch.channels_last)
    return x.contiguous()


def build_gemm(shape):
    m, n, k = (int(v) for v in shape.split("x"))

    def build(device, layout):
        g = torch.Generator().manual_seed(3)
        a, b = torch.randn(m, k, generator=g).to(device), torch.randn(k, n, generator=g).to(device)
        return lambda: torch.mm(a, b)

    return build


def build_conv(case, backward):
    cin, cout, kind, kernel, size, batch = CONV_CASE.fullmatch(case).groups()
    cin, cout, kernel, size = int(cin), int(cout), int(kernel), int(size)
    batch, transposed = int(batch or 1), kind == "t"

    def build(device, layout):
        g = torch.Generator().manual_seed(1)
        x = to_device(torch.randn(batch, cin, size, size, generator=g), device, layout)
        shape = (cin, cout, kernel, kernel) if transposed else (cout, cin, kernel, kernel)
        w = to_device(torch.randn(shape, generator=g) / math.sqrt(cin * kernel * kernel), device, layout)
        x.requires_grad_(backward and cin > 2)  # a first layer reads data: no input gradient, as in training
        w.requires_grad_(backward)
        if transposed:
            forward = lambda: F.conv_transpose2d(x, w, stride=2)
        else:
            forward = lambda: F.conv2d(x, w, padding=kernel // 2)
        if not backward:
            return forward
        out_size = size * (2 if transposed else 1)
        grad_out = to_device(torch.randn(batch, cout, out_size, out_size, generator=g), device, layout)

        def forward_backward():
            forward().backward(grad_out)
            x.grad, w.grad = None, None  # as zero_grad(set_to_none=True)

        return forward_backward

    return build


def build_pool(op, backward):
    pool = {"max": F.max_pool2d, "avg": F.avg_pool2d}[op]

    def build(device, layout):
        g = torch.Generator().manual_seed(2)
        x = to_device(torch.randn(1, POOL_CHANNELS, POOL_SIZE, POOL_SIZE, generator=g), device, layout)
        x.requires_grad_(backward)
        if not backward:
            return lambda: pool(x, 2)
        grad_out = to_device(torch.randn(1, POOL_CHANNELS, POOL_SIZE // 2, POOL_SIZE // 2, generator=g), device, layout)

        def forward_backward():
            pool(x, 2).backward(grad_out)
            x.grad = None

        return forward_backward

    return build


def build_fft(shape):
    """fastMRI's fft2c on [B, H, W, 2]: ifftshift, orthonormal 2-D FFT, fftshift."""
    b, h, w = (int(v) for v in shape.split("x"))

    def build(device, shift):
        data = torch.randn(b, h, w, 2, generator=torch.Generator().manual_seed(4)).to(device)
        if shift == "fftshift":
            def transform():
                x = torch.fft.ifftshift(torch.view_as_complex(data), dim=(-2, -1))
                x = torch.fft.fftn(x, dim=(-2, -1), norm="ortho")
                return torch.view_as_real(torch.fft.fftshift(x, dim=(-2, -1)))
        else:
            def transform():
                x = roll_by_half(data, ifft=True)
                x = torch.view_as_real(torch.fft.fftn(torch.view_as_complex(x), dim=(-2, -1), norm="ortho"))
                return roll_by_half(x, ifft=False)
        return transform

    return build


def build_train(model_class, loss_fn, batch, size):
    """One step: zero_grad, forward, loss (L1 for the U-Net as fastMRI, MSE for the DnCNN), backward, Adam, loss.item()."""

    def build(device, layout):
        torch.manual_seed(5)
        memory_format = torch.channels_last if layout == "cl" else torch.contiguous_format
        model = model_class().to(device=device, memory_format=memory_format).train()
        g = torch.Generator().manual_seed(5)
        x = to_device(torch.rand(batch, 1, size, size, generator=g), device, layout)
        target = to_device(torch.rand(batch, 1, size, size, generator=g), device, layout)
        adam = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            adam.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), target)
            loss.backward()
            adam.step()
            return loss.item()

        return step

    return build


def all_cases():
    """Every benchmark, in the Java runner's order."""
    cases = [Case("gemm " + s, build_gemm(s), layouts_precisions(layouts=False), gpu_only=s != GEMM[0])
             for s in GEMM]
    for pass_name in ("fwd", "fwdbwd"):
        for c in CONV:
            label = re.sub(r"n(\d+)$", r" n\1", c) if re.search(r"n\d+$", c) else c + " n1"
            cases.append(Case(f"conv {pass_name} {label}", build_conv(c, pass_name == "fwdbwd"), layouts_precisions()))
    for pass_name in ("fwd", "fwdbwd"):
        for op in ("max", "avg"):
            cases.append(Case(f"{op} {pass_name} {POOL_CHANNELS}@{POOL_SIZE}", build_pool(op, pass_name == "fwdbwd"),
                              layouts_precisions(precisions=False)))
    for s in FFT:
        cases.append(Case("fft2c " + s, build_fft(s), [("fftshift", "fftshift", None), ("cat", "cat", None)]))
    cases.append(Case(f"unet step n{UNET[0]} {UNET[1]}", build_train(UNet, F.l1_loss, *UNET), layouts_precisions()))
    cases.append(Case(f"dncnn step n{DNCNN[0]} {DNCNN[1]}", build_train(DnCNN, F.mse_loss, *DNCNN), layouts_precisions()))
    return cases


def new_precision_api():
    """torch >= 2.9 controls TF32 with fp32_precision settings; older versions with allow_tf32 flags."""
    return hasattr(torch.backends.cudnn, "conv") and hasattr(torch.backends.cudnn.conv, "fp32_precision")


def set_precision(precision):
    """fp32: no TF32 in cuDNN convolutions or cuBLAS matmuls; tf32: TF32 allowed in both; None: leave as is."""
    if precision is None:
        return
    tf32 = precision == "tf32"
    if new_precision_api():
        torch.backends.cudnn.conv.fp32_precision = "tf32" if tf32 else "ieee"
        torch.backends.cuda.matmul.fp32_precision = "tf32" if tf32 else "ieee"
    else:
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32


def precision_state():
    """The TF32 settings as PyTorch reports them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parts = []
        if new_precision_api():
            parts.append(f"cudnn.conv.fp32_precision={torch.backends.cudnn.conv.fp32_precision}")
            parts.append(f"cuda.matmul.fp32_precision={torch.backends.cuda.matmul.fp32_precision}")
        try:
            parts.append(f"cudnn.allow_tf32={torch.backends.cudnn.allow_tf32}")
            parts.append(f"cuda.matmul.allow_tf32={torch.backends.cuda.matmul.allow_tf32}")
        except (AttributeError, RuntimeError) as e:
            parts.append(f"allow_tf32 unreadable ({e})")
        return " ".join(parts)


class Clock:
    """Wall time with the device drained, plus CUDA event time on a GPU."""

    def __init__(self, device):
        self.cuda = device.type == "cuda"

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def run(self, work):
        """Runs work and waits for the device; returns the event milliseconds (None on the CPU)."""
        if not self.cuda:
            work()
            return None
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        work()
        end.record()
        torch.cuda.synchronize()
        return start.elapsed_time(end)


def measure(call, clock, args):
    """Repetitions.measure of the Java runner: (wall ms, device ms or None, reps, calls, note)."""
    start, warm = time.perf_counter(), 0
    while True:
        clock.sync()
        t = time.perf_counter()
        clock.run(call)
        last_ms = (time.perf_counter() - t) * 1e3
        warm += 1
        if warm >= MIN_WARMUP_CALLS and (time.perf_counter() - start) * 1e3 >= args.warmup_ms:
            break
    calls = max(1, math.ceil(args.min_rep_ms / max(last_ms, 1e-6)))
    reps, note, budget_ms = args.reps, "", args.budget_s * 1e3
    if reps * calls * last_ms > budget_ms:
        calls = max(1, int(budget_ms / (reps * last_ms)))
        fitting = max(min(MIN_REPS, reps), int(budget_ms / last_ms))
        if fitting < reps:
            reps = fitting
            note = f"reps cut to {reps} to stay within {args.budget_s} s"

    def batch():
        for _ in range(calls):
            call()

    walls, devices = [], []
    for _ in range(reps):
        clock.sync()
        t0 = time.perf_counter()
        device_ms = clock.run(batch)
        walls.append((time.perf_counter() - t0) * 1e3 / calls)
        devices.append(None if device_ms is None else device_ms / calls)
    device = None if devices[0] is None else statistics.median(devices)
    return statistics.median(walls), device, reps, calls, note


def line(bench, device, impl, wall="n/a", dev="n/a", reps=0, calls=0, note=""):
    fmt = lambda v: v if isinstance(v, str) else ("-" if v is None else f"{v:.4f}")
    return "\t".join([bench, device, impl, fmt(wall), fmt(dev), str(reps), str(calls), " ".join(note.split())])


def describe(e):
    return "error: " + " ".join(f"{type(e).__name__}: {e}".split())[:300]


def header(device, args, defaults):
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu"
    cuda = torch.version.cuda or "none"
    cudnn = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else "none"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"# pytorch peer: torch {torch.__version__} cuda {cuda} cudnn {cudnn} python {platform.python_version()}, "
          f"{now}, reps={args.reps} warmup_ms={args.warmup_ms:g} min_rep_ms={args.min_rep_ms:g} "
          f"budget_s={args.budget_s:g} args={' '.join(sys.argv[1:])}")
    print(f"# device {device} ({name})")
    if device.type == "cuda":
        print(f"# PyTorch's defaults, before this script changes them: {defaults} "
              f"cudnn.benchmark={torch.backends.cudnn.benchmark}")
        print(f"# here: cudnn.benchmark={args.cudnn_benchmark}; fp32 variants = TF32 off for cuDNN convolutions and "
              "cuBLAS matmuls, tf32 variants = TF32 on for both")
    print("\t".join(["bench", "device", "impl", "wall_ms", "device_ms", "reps", "calls", "note"]), flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="cuda:0", help="cuda:N, or cpu to check the script without a GPU")
    p.add_argument("--only", default="", help="only benchmarks whose name contains a match of this regex")
    p.add_argument("--reps", type=int, default=11, help="timed repetitions, median reported (default 11)")
    p.add_argument("--warmup-ms", type=float, default=1000, help="warm-up per variant (default 1000)")
    p.add_argument("--min-rep-ms", type=float, default=20, help="target length of one repetition (default 20)")
    p.add_argument("--budget-s", type=float, default=30, help="at most about this long per variant's timed part")
    p.add_argument("--quick", action="store_true", help="--reps 5 --warmup-ms 300 --min-rep-ms 10")
    p.add_argument("--no-cudnn-benchmark", dest="cudnn_benchmark", action="store_false",
                   help="let cuDNN pick algorithms by heuristics (PyTorch's default) instead of timing them")
    p.add_argument("--list", action="store_true", help="print the benchmark names and exit")
    args = p.parse_args(argv)
    if args.quick:
        args.reps, args.warmup_ms, args.min_rep_ms = 5, 300, 10
    if args.reps < 1 or args.warmup_ms < 0 or args.min_rep_ms < 0 or args.budget_s <= 0:
        p.error("--reps must be >= 1, --warmup-ms and --min-rep-ms >= 0, --budget-s > 0")
    try:
        args.only_re = re.compile(args.only)
    except re.error as e:
        p.error(f"--only: {e}")
    return args


def main(argv=None):
    args = parse_args(argv)
    cases = [c for c in all_cases() if args.only_re.search(c.name)]
    if args.list:
        for c in cases:
            print(c.name)
        return 0
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(f"python_peer.py: {args.device} asked for, but this torch {torch.__version__} sees no CUDA device",
              file=sys.stderr)
        return 1
    defaults = precision_state()
    if device.type == "cuda":
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = args.cudnn_benchmark
    header(device, args, defaults)
    clock = Clock(device)
    for case in cases:
        if case.gpu_only and device.type != "cuda":
            print(line(case.name, str(device), "torch", note="n/a: measured on GPUs only (too slow for the CPU)"),
                  flush=True)
            continue
        for suffix, option, precision in case.variants:
            if precision == "tf32" and device.type != "cuda":
                continue
            impl = "torch/" + suffix
            try:
                set_precision(precision if device.type == "cuda" else None)
                call = case.build(device, option)
                print(line(case.name, str(device), impl, *measure(call, clock, args)), flush=True)
            except Exception as e:  # reported in the table; the other benchmarks still run
                print(line(case.name, str(device), impl, note=describe(e)), flush=True)
            finally:
                call = None
                if device.type == "cuda":
                    torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())

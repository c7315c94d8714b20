#!/usr/bin/python3
"""PyTorch side of benchmarks/compare-cpu.sh: runs the comparison's workloads in PyTorch on command.

It speaks the line protocol documented in the Java package dev.claritas.benchmarks.compare
(hello / prepare / time / release / rss) and builds, from the same specs, the same computations as
the Java worker: GEMM, convolution layers, pooling and upsampling, fastMRI's centred FFT, and
training steps of fastMRI's U-Net and of the demo's DnCNN. Specs with layout=cl run in
channels-last memory format, layout=nchw (or none) in PyTorch's default one; fft2c specs say how to
shift (shift=fft or shift=cat).

Usage: /usr/bin/python3 torch_worker.py --threads N    (Debian's python3-torch, 1.13)
"""

import argparse
import math
import os
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MIN_WARMUP_CALLS = 2  # as the Java worker: the first call also pays for lazy initialisation
# as the Java worker: warm-up goes on until SETTLED_CALLS calls in a row, and a quarter of the warm-up time,
# bring no call FASTER times the fastest before it, for at most MAX_WARMUP_TIMES warm-up times
SETTLED_CALLS = 5
FASTER = 0.95
MAX_WARMUP_TIMES = 10
CONV_LAYER = re.compile(r"(\d+)-(\d+)([kt])(\d+)@(\d+)")


class Spec:
    """A kind and key=value words, e.g. 'conv layer=32-32k3@320 n=1 pass=fwd layout=cl'."""

    def __init__(self, words):
        self.kind = words[0]
        self.params = dict(w.split("=", 1) for w in words[1:])

    def get(self, key, default=None):
        if key not in self.params and default is None:
            raise ValueError(f"spec {self.kind} {self.params} has no {key}=")
        return self.params.get(key, default)

    def integer(self, key):
        return int(self.get(key))

    def channels_last(self):
        return self.get("layout", "nchw") == "cl"

    def backward(self):
        passes = {"fwd": False, "fwdbwd": True}
        if self.get("pass") not in passes:
            raise ValueError(f"pass must be fwd or fwdbwd, got {self.get('pass')}")
        return passes[self.get("pass")]


def layout(x, spec):
    """x in the spec's memory format (4-D tensors only)."""
    return x.contiguous(memory_format=torch.channels_last) if spec.channels_last() else x.contiguous()


def gemm(spec):
    m, n, k = (int(v) for v in spec.get("shape").split("x"))
    a, b, c = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
    return lambda: torch.mm(a, b, out=c)


def conv(spec):
    cin, cout, kind, kernel, size = CONV_LAYER.fullmatch(spec.get("layer")).groups()
    cin, cout, kernel, size = int(cin), int(cout), int(kernel), int(size)
    transposed, batch, backward = kind == "t", spec.integer("n"), spec.backward()
    x = layout(torch.randn(batch, cin, size, size), spec).requires_grad_(backward and cin > 2)
    shape = (cin, cout, kernel, kernel) if transposed else (cout, cin, kernel, kernel)
    w = layout(torch.randn(shape) / math.sqrt(cin * kernel * kernel), spec).requires_grad_(backward)
    if transposed:
        forward = lambda: F.conv_transpose2d(x, w, stride=2)
    else:
        forward = lambda: F.conv2d(x, w, padding=kernel // 2)
    if not backward:
        return forward
    grad_out = layout(torch.randn_like(forward()), spec)

    def forward_backward():
        forward().backward(grad_out)
        x.grad, w.grad = None, None  # as zero_grad(set_to_none=True)

    return forward_backward


def resample(spec):
    op, backward = spec.get("op"), spec.backward()
    x = layout(torch.randn(spec.integer("n"), spec.integer("c"), spec.integer("size"), spec.integer("size")), spec)
    x.requires_grad_(backward)
    ops = {
        "max": lambda: F.max_pool2d(x, 2),
        "avg": lambda: F.avg_pool2d(x, 2),
        "nearest": lambda: F.interpolate(x, scale_factor=2, mode="nearest"),
        "bilinear": lambda: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False),
    }
    forward = ops[op]
    if not backward:
        return forward
    grad_out = layout(torch.randn_like(forward()), spec)

    def forward_backward():
        forward().backward(grad_out)
        x.grad = None

    return forward_backward


def fft2c(spec):
    """fastMRI's fft2c: ifftshift, orthonormal FFT over the last two dimensions, fftshift.

    shift=fft shifts with torch.fft.fftshift; shift=cat as fastMRI's own roll does, by concatenating
    two narrowed views (often faster in torch 1.13).
    """
    b, h, w = (int(v) for v in spec.get("shape").split("x"))
    data = torch.randn(b, h, w, 2)
    if spec.get("shift") == "fft":
        def transform():
            x = torch.fft.ifftshift(torch.view_as_complex(data), dim=(-2, -1))
            x = torch.fft.fftn(x, dim=(-2, -1), norm="ortho")
            return torch.view_as_real(torch.fft.fftshift(x, dim=(-2, -1)))
    elif spec.get("shift") == "cat":
        def transform():
            x = roll_by_half(data, ifft=True)
            x = torch.view_as_real(torch.fft.fftn(torch.view_as_complex(x), dim=(-2, -1), norm="ortho"))
            return roll_by_half(x, ifft=False)
    else:
        raise ValueError(f"shift must be fft or cat, got {spec.get('shift')}")
    return transform


def roll_by_half(x, ifft):
    """fftshift (or ifftshift) over the two dimensions before the trailing (re, im) one, by narrow and cat."""
    for dim in (-3, -2):
        n = x.size(dim)
        shift = n // 2 if not ifft else (n + 1) // 2
        x = torch.cat((x.narrow(dim, n - shift, shift), x.narrow(dim, 0, n - shift)), dim=dim)
    return x


class ConvBlock(nn.Module):
    """fastMRI's U-Net ConvBlock: twice conv 3x3 without bias, instance norm, LeakyReLU(0.2), dropout."""

    def __init__(self, cin, cout, drop):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.InstanceNorm2d(cout),
            nn.LeakyReLU(0.2, inplace=True), nn.Dropout2d(drop),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.InstanceNorm2d(cout),
            nn.LeakyReLU(0.2, inplace=True), nn.Dropout2d(drop))

    def forward(self, x):
        return self.layers(x)


class TransposeConvBlock(nn.Module):
    """fastMRI's upsampling block: 2x2 stride-2 transposed conv without bias, instance norm, LeakyReLU(0.2)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.layers = nn.Sequential(nn.ConvTranspose2d(cin, cout, 2, stride=2, bias=False),
                                    nn.InstanceNorm2d(cout), nn.LeakyReLU(0.2, inplace=True))

    def forward(self, x):
        return self.layers(x)


class UNet(nn.Module):
    """fastMRI's U-Net (fastmri.models.Unet) with the same architecture as Claritas's mri.models.UNet."""

    def __init__(self, cin=1, cout=1, chans=32, pools=4, drop=0.0):
        super().__init__()
        self.down = nn.ModuleList([ConvBlock(cin, chans, drop)])
        ch = chans
        for _ in range(pools - 1):
            self.down.append(ConvBlock(ch, ch * 2, drop))
            ch *= 2
        self.bottom = ConvBlock(ch, ch * 2, drop)
        self.up_transpose, self.up_conv = nn.ModuleList(), nn.ModuleList()
        for _ in range(pools - 1):
            self.up_transpose.append(TransposeConvBlock(ch * 2, ch))
            self.up_conv.append(ConvBlock(ch * 2, ch, drop))
            ch //= 2
        self.up_transpose.append(TransposeConvBlock(ch * 2, ch))
        self.up_conv.append(nn.Sequential(ConvBlock(ch * 2, ch, drop), nn.Conv2d(ch, cout, 1)))

    def forward(self, x):
        skips = []
        for layer in self.down:
            x = layer(x)
            skips.append(x)
            x = F.avg_pool2d(x, 2)
        x = self.bottom(x)
        for transpose, conv_block in zip(self.up_transpose, self.up_conv):
            skip = skips.pop()
            x = transpose(x)
            pad = [0, skip.shape[-1] - x.shape[-1], 0, skip.shape[-2] - x.shape[-2]]
            if any(pad):
                x = F.pad(x, pad, "reflect")
            x = conv_block(torch.cat([x, skip], dim=1))
        return x


class DnCNN(nn.Module):
    """The demo's DnCNN: conv+ReLU, (depth-2) x conv+BatchNorm+ReLU, conv; predicts the noise to subtract."""

    def __init__(self, depth=8, chans=32):
        super().__init__()
        layers = [nn.Conv2d(1, chans, 3, padding=1), nn.ReLU(inplace=True)]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(chans, chans, 3, padding=1, bias=False), nn.BatchNorm2d(chans), nn.ReLU(inplace=True)]
        layers.append(nn.Conv2d(chans, 1, 3, padding=1, bias=False))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return x - self.layers(x)


def train(spec):
    """One step: zero_grad, forward, loss (L1 for the U-Net as fastMRI, MSE for the DnCNN), backward, Adam."""
    n, size = spec.integer("n"), spec.integer("size")
    models = {"unet": (UNet, F.l1_loss), "dncnn": (DnCNN, F.mse_loss)}
    model_class, loss_fn = models[spec.get("model")]
    memory_format = torch.channels_last if spec.channels_last() else torch.contiguous_format
    model = model_class().to(memory_format=memory_format).train()
    x = layout(torch.rand(n, 1, size, size), spec)
    target = layout(torch.rand(n, 1, size, size), spec)
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        adam.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), target)
        loss.backward()
        adam.step()
        return loss.item()

    return step


WORKLOADS = {"gemm": gemm, "conv": conv, "resample": resample, "fft2c": fft2c, "train": train}


class Timed:
    """A workload warmed up and sized so that one repetition fills the target time (the Java worker's rules)."""

    def __init__(self, call, warmup_seconds, repetition_seconds):
        self.call = call
        start = faster_at = time.perf_counter()
        fastest, since_faster, calls = math.inf, 0, 0
        while True:
            t = time.perf_counter()
            call()
            last = time.perf_counter() - t
            calls += 1
            if last <= FASTER * fastest:
                since_faster, faster_at = 0, time.perf_counter()
            else:
                since_faster += 1
            fastest = min(fastest, last)
            settled = since_faster >= SETTLED_CALLS and time.perf_counter() - faster_at >= warmup_seconds / 4
            elapsed = time.perf_counter() - start
            if calls >= MIN_WARMUP_CALLS and elapsed >= warmup_seconds and (
                    settled or elapsed >= MAX_WARMUP_TIMES * warmup_seconds):
                break
        self.calls = max(1, math.ceil(repetition_seconds / max(last, 1e-9)))

    def time(self):
        start = time.perf_counter()
        for _ in range(self.calls):
            self.call()
        return (time.perf_counter() - start) / self.calls


def peak_rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise OSError("/proc/self/status has no VmHWM line")


def answer(words, workloads):
    command = words[0]
    if command == "prepare":
        workload_id, warmup, repetition, spec = words[1], float(words[2]), float(words[3]), Spec(words[4:])
        workloads.pop(workload_id, None)
        workloads[workload_id] = Timed(WORKLOADS[spec.kind](spec), warmup, repetition)
        return ""
    if command == "time":
        return repr(workloads[words[1]].time())
    if command == "release":
        workloads.pop(words[1], None)
        return ""
    if command == "rss":
        return str(peak_rss_kib())
    raise ValueError(f"unknown command {command}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True)
    threads = parser.parse_args().threads
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    # Only protocol lines may reach stdout: anything else printed goes to stderr.
    protocol, sys.stdout = sys.stdout, sys.stderr

    def reply(line):
        protocol.write(line + "\n")
        protocol.flush()

    reply(f"hello pytorch {torch.__version__} threads={torch.get_num_threads()} "
          f"mkldnn={torch.backends.mkldnn.is_available()} python={sys.version.split()[0]} "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")
    workloads = {}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            reply(("ok " + answer(words, workloads)).rstrip())
        except Exception as e:  # reported to the orchestrator, which carries on without this workload
            if len(words) > 1:
                workloads.pop(words[1], None)
            reply("error " + " ".join(f"{type(e).__name__}: {e}".split()))


if __name__ == "__main__":
    main()

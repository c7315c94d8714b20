#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Claritas' optimizers, gradient clipping and learning-rate
schedules (package dev.claritas.nn.optim).

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_optim_fixtures.py

Everything goes to nn/src/test/resources/fixtures/optim/: `traj__<case>` files hold 20-step
optimizer trajectories, `sched__<case>` files hold 60-step learning-rate sequences. See
tools/README.md for what each file holds. The safetensors writer and the per-case seeding are those
of make_fixtures.py and make_nn_fixtures.py.
"""

import json
import math
import sys
import warnings
from pathlib import Path

import torch
import torch.nn as nn
from torch.optim import lr_scheduler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_nn_fixtures import STEPS, save, seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OPTIM_DIR = ROOT / "nn/src/test/resources/fixtures/optim"

# SequentialLR passes an epoch to its schedulers at the milestones, which torch 1.13 warns about.
warnings.filterwarnings("ignore", message="The epoch parameter")

# ---------------------------------------------------------------------------------------------
# Optimizer trajectories: two parameters, w [3, 4] and c [3, 1], so that parameter groups and
# per-parameter state indices are exercised.


def objective(w, c, a, b):
    """make_nn_fixtures' quadratic-plus-quartic objective with a bias column c added."""
    return ((w @ a + c - b) ** 2).mean() + (w ** 4).sum() * 0.01 + (c ** 4).sum() * 0.01


# The hyperparameters a Claritas optimizer takes, read back from torch's resolved parameter groups.
HYPERPARAMETERS = {
    torch.optim.SGD: ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
    torch.optim.Adam: ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    torch.optim.AdamW: ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    torch.optim.RMSprop: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
}

BOTH = [{"params": ["w", "c"]}]

TRAJECTORY_CASES = {  # name: (optimizer class, parameter groups, keyword arguments, clipping or None)
    "adamw_default": (torch.optim.AdamW, BOTH, dict(), None),
    "adamw_custom": (torch.optim.AdamW, BOTH, dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), None),
    "adamw_amsgrad": (torch.optim.AdamW, BOTH, dict(lr=0.05, amsgrad=True), None),
    "adam_amsgrad": (torch.optim.Adam, BOTH, dict(lr=0.05, weight_decay=0.01, amsgrad=True), None),
    "rmsprop_default": (torch.optim.RMSprop, BOTH, dict(), None),
    "rmsprop_momentum": (torch.optim.RMSprop, BOTH, dict(lr=0.01, momentum=0.9), None),
    "rmsprop_centered": (torch.optim.RMSprop, BOTH, dict(lr=0.01, centered=True), None),
    "rmsprop_weight_decay": (torch.optim.RMSprop, BOTH, dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1), None),
    "rmsprop_centered_momentum_decay": (torch.optim.RMSprop, BOTH,
                                        dict(lr=0.005, momentum=0.5, centered=True, weight_decay=0.05), None),
    "groups_sgd": (torch.optim.SGD, [{"params": ["w"]}, {"params": ["c"], "lr": 0.01, "momentum": 0.5}],
                   dict(lr=0.05, momentum=0.9), None),
    "groups_adamw": (torch.optim.AdamW, [{"params": ["w"]}, {"params": ["c"], "lr": 0.01, "weight_decay": 0.0}],
                     dict(lr=0.05, weight_decay=0.1), None),
    "clip_norm2_sgd": (torch.optim.SGD, BOTH, dict(lr=0.05, momentum=0.9),
                       {"kind": "norm", "max_norm": 0.5, "norm_type": 2.0}),
    "clip_norminf_adam": (torch.optim.Adam, BOTH, dict(lr=0.05), {"kind": "norm", "max_norm": 0.3, "norm_type": math.inf}),
    "clip_value_sgd": (torch.optim.SGD, BOTH, dict(lr=0.05, momentum=0.9), {"kind": "value", "clip_value": 0.2}),
}


def trajectory(optimizer_class, groups, kwargs, clip, w0, c0, a, b):
    """w and c after each of STEPS steps, the total gradient norms (when clipping by norm), whether
    the clipping changed any gradient, and the resolved parameter groups."""
    named = {"w": nn.Parameter(w0.clone()), "c": nn.Parameter(c0.clone())}
    params = list(named.values())
    opt = optimizer_class([{**g, "params": [named[n] for n in g["params"]]} for g in groups], **kwargs)
    path = {"w": [], "c": []}
    norms = []
    clipped = False
    for _ in range(STEPS):
        opt.zero_grad()
        objective(named["w"], named["c"], a, b).backward()
        if clip is not None and clip["kind"] == "norm":
            norm = nn.utils.clip_grad_norm_(params, clip["max_norm"], clip["norm_type"])
            norms.append(norm.detach().clone())
            clipped |= norm.item() > clip["max_norm"]
        elif clip is not None:
            clipped |= any(p.grad.abs().max().item() > clip["clip_value"] for p in params)
            nn.utils.clip_grad_value_(params, clip["clip_value"])
        opt.step()
        for n, p in named.items():
            path[n].append(p.detach().clone())
    resolved = [{"params": g["params"], **{k: group[k] for k in HYPERPARAMETERS[optimizer_class]}}
                for g, group in zip(groups, opt.param_groups)]
    return {n: torch.stack(v) for n, v in path.items()}, norms, clipped, resolved


def trajectory_case(name, optimizer_class, groups, kwargs, clip):
    seed("traj__" + name)
    w0, c0 = torch.randn(3, 4), torch.randn(3, 1)
    a, b = torch.randn(4, 5), torch.randn(3, 5)
    path, norms, clipped, resolved = trajectory(optimizer_class, groups, kwargs, clip, w0, c0, a, b)
    assert clip is None or clipped, f"{name}: the clipping never changed a gradient"
    # As in make_nn_fixtures: the Java tolerance of 1e-5 only tests the update rule if a float64
    # replay stays well inside it.
    exact, _, _, _ = trajectory(optimizer_class, groups, kwargs, clip, w0.double(), c0.double(), a.double(),
                                b.double())
    drift = max(((path[n].double() - exact[n]).abs().amax(dim=(1, 2)) / exact[n].abs().amax(dim=(1, 2))).max().item()
                for n in path)
    assert drift < 1e-6, f"{name}: float32 and float64 trajectories differ by {drift:.2e}"
    tensors = {"w0": w0, "c0": c0, "a": a, "b": b, "trajectory.w": path["w"], "trajectory.c": path["c"]}
    if norms:
        tensors["total_norm"] = torch.stack(norms)
    save(OPTIM_DIR, "traj__" + name, tensors, {
        "optimizer": optimizer_class.__name__,
        "groups": json.dumps(resolved),
        # JSON has no infinity: the inf norm is written as the string "inf".
        "clip": json.dumps(None if clip is None else {k: ("inf" if v == math.inf else v) for k, v in clip.items()}),
        "float64_drift": f"{drift:.3e}",
    })


# ---------------------------------------------------------------------------------------------
# Learning-rate schedules: 60 steps on an optimizer with two parameter groups.

SCHEDULE_STEPS = 60

OPTIMIZERS = {  # two groups with different learning rates; momentum present, so OneCycleLR can cycle it
    "SGD": lambda p1, p2: torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.02}], lr=0.1, momentum=0.9),
    "Adam": lambda p1, p2: torch.optim.Adam([{"params": [p1]}, {"params": [p2], "lr": 0.002}], lr=0.01),
}


def plateau_losses():
    """A loss that falls for 15 steps, then wanders just above its best value, so that
    ReduceLROnPlateau with its default patience of 10 cuts the lr several times in 60 steps. Step 30
    is below the best by less than the relative threshold (not an improvement); step 40 is a real
    improvement, which restarts the count of bad steps."""
    seed("plateau_losses")
    t = torch.arange(SCHEDULE_STEPS, dtype=torch.float64)
    losses = 0.08 + torch.exp(-t / 6)
    best = losses[14].item()
    losses[15:] = best + 0.004 * torch.rand(SCHEDULE_STEPS - 15, dtype=torch.float64)
    losses[30] = best * (1 - 5e-5)
    losses[40] = best * 0.9
    return losses


def plateau_accuracies():
    """An accuracy that rises in steps with flat stretches between them (mode 'max')."""
    t = torch.arange(SCHEDULE_STEPS, dtype=torch.float64)
    return 0.5 + 0.1 * torch.floor(t / 12) + 0.001 * torch.cos(t)


SCHEDULE_CASES = {  # name: (optimizer, scheduler spec, metric sequence or None)
    "step_lr": ("SGD", {"class": "StepLR", "args": {"step_size": 7, "gamma": 0.7}}, None),
    "step_lr_default": ("SGD", {"class": "StepLR", "args": {"step_size": 10}}, None),
    "multistep_lr": ("SGD", {"class": "MultiStepLR", "args": {"milestones": [5, 12, 12, 30], "gamma": 0.5}}, None),
    "cosine": ("SGD", {"class": "CosineAnnealingLR", "args": {"T_max": 25, "eta_min": 0.001}}, None),
    "cosine_default": ("SGD", {"class": "CosineAnnealingLR", "args": {"T_max": 60}}, None),
    "linear_default": ("SGD", {"class": "LinearLR", "args": {}}, None),
    "linear_warmup": ("SGD", {"class": "LinearLR", "args": {"start_factor": 0.1, "total_iters": 10}}, None),
    "linear_decay": ("SGD", {"class": "LinearLR", "args": {"start_factor": 1.0, "end_factor": 0.05,
                                                           "total_iters": 40}}, None),
    "onecycle_default": ("SGD", {"class": "OneCycleLR", "args": {"max_lr": [0.5, 0.1], "total_steps": 60}}, None),
    "onecycle_adam_three_phase_linear": ("Adam", {"class": "OneCycleLR", "args": {
        "max_lr": [0.01, 0.002], "total_steps": 70, "pct_start": 0.25, "anneal_strategy": "linear",
        "three_phase": True, "div_factor": 10.0, "final_div_factor": 100.0, "base_momentum": 0.8,
        "max_momentum": 0.9}}, None),
    "onecycle_no_momentum": ("SGD", {"class": "OneCycleLR", "args": {
        "max_lr": [0.5, 0.1], "total_steps": 100, "pct_start": 0.3, "cycle_momentum": False}}, None),
    "plateau_default": ("SGD", {"class": "ReduceLROnPlateau", "args": {}}, plateau_losses),
    "plateau_max_abs_cooldown": ("SGD", {"class": "ReduceLROnPlateau", "args": {
        "mode": "max", "factor": 0.5, "patience": 3, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2,
        "min_lr": 0.004}}, plateau_accuracies),
    "sequential_warmup_cosine": ("SGD", {"class": "SequentialLR", "milestones": [5], "schedulers": [
        {"class": "LinearLR", "args": {"start_factor": 0.1, "total_iters": 5}},
        {"class": "CosineAnnealingLR", "args": {"T_max": 55, "eta_min": 0.0001}}]}, None),
    "sequential_three": ("SGD", {"class": "SequentialLR", "milestones": [4, 24], "schedulers": [
        {"class": "LinearLR", "args": {"start_factor": 0.2, "total_iters": 4}},
        {"class": "StepLR", "args": {"step_size": 5, "gamma": 0.5}},
        {"class": "CosineAnnealingLR", "args": {"T_max": 36}}]}, None),
}


def build_scheduler(spec, opt):
    if spec["class"] == "SequentialLR":
        children = [build_scheduler(child, opt) for child in spec["schedulers"]]
        return lr_scheduler.SequentialLR(opt, children, milestones=spec["milestones"])
    return getattr(lr_scheduler, spec["class"])(opt, **spec["args"])


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def schedule_case(name, optimizer_name, spec, metrics):
    opt = OPTIMIZERS[optimizer_name](nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1)))
    base_lrs = [g["lr"] for g in opt.param_groups]
    scheduler = build_scheduler(spec, opt)
    values = metrics() if metrics else None
    lrs, momenta = [], []

    def record():
        lrs.append([g["lr"] for g in opt.param_groups])
        momenta.append([momentum_of(g) for g in opt.param_groups])
        if not isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):  # it has no last lr before its first step
            assert scheduler.get_last_lr() == lrs[-1]

    record()
    for t in range(SCHEDULE_STEPS):
        opt.step()  # no gradients, so nothing moves; torch wants it before scheduler.step()
        if values is None:
            scheduler.step()
        else:
            scheduler.step(values[t].item())
        record()
    tensors = {"lr": torch.tensor(lrs, dtype=torch.float64), "momentum": torch.tensor(momenta, dtype=torch.float64)}
    if values is not None:
        tensors["metrics"] = values
    save(OPTIM_DIR, "sched__" + name, tensors, {
        "optimizer": optimizer_name,
        "base_lrs": json.dumps(base_lrs),
        "scheduler": json.dumps(spec),
    })


# ---------------------------------------------------------------------------------------------

def main():
    OPTIM_DIR.mkdir(parents=True, exist_ok=True)
    for stale in OPTIM_DIR.glob("*.safetensors"):
        stale.unlink()
    for name, (cls, groups, kwargs, clip) in TRAJECTORY_CASES.items():
        trajectory_case(name, cls, groups, kwargs, clip)
    for name, (optimizer_name, spec, metrics) in SCHEDULE_CASES.items():
        schedule_case(name, optimizer_name, spec, metrics)
    files = list(OPTIM_DIR.glob("*.safetensors"))
    print(f"wrote {len(files)} files, {sum(p.stat().st_size for p in files)} bytes, to {OPTIM_DIR}")


if __name__ == "__main__":
    main()

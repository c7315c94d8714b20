#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Claritas' nn module: layers, losses, optimizer trajectories
and a DnCNN state dict.

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_nn_fixtures.py

Layer, loss and optimizer cases go to nn/src/test/resources/fixtures/nn/; the DnCNN state dict and
its input/output go to mri/src/test/resources/fixtures/models/, beside the mri test that reads them.
See tools/README.md for what each file holds. The safetensors writer is make_fixtures.py's.
"""

import json
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import away_from, write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NN_DIR = ROOT / "nn/src/test/resources/fixtures/nn"
MODELS_DIR = ROOT / "mri/src/test/resources/fixtures/models"


def seed(name):
    """Seeds torch with the CRC-32 of the case name, so each case is reproducible on its own."""
    torch.manual_seed(zlib.crc32(name.encode()))


def save(directory, name, tensors, metadata):
    write_safetensors(directory / f"{name}.safetensors",
                      {k: v.detach().contiguous() for k, v in tensors.items()}, metadata)


def projected_grads(out, proj, wrt):
    """Gradients of L = sum(out * proj) with respect to each tensor of wrt."""
    return torch.autograd.grad((out * proj).sum(), wrt)


# ---------------------------------------------------------------------------------------------
# Conv2d

CONV_CASES = {  # name: (constructor arguments, input shape)
    "bias_pad1": (dict(in_channels=3, out_channels=5, kernel_size=3, stride=1, padding=1, groups=1, bias=True),
                  (2, 3, 7, 9)),
    "nobias_stride2_pad1": (dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1, groups=1,
                                 bias=False), (2, 3, 8, 7)),
    "groups2_bias": (dict(in_channels=4, out_channels=6, kernel_size=3, stride=1, padding=0, groups=2, bias=True),
                     (2, 4, 6, 5)),
}


def conv2d_case(name, args, input_shape):
    seed("conv2d__" + name)
    conv = nn.Conv2d(**args)  # PyTorch's own initialisation gives the weights
    x = torch.randn(input_shape, requires_grad=True)
    out = conv(x)
    proj = torch.randn(out.shape)
    params = [conv.weight] + ([conv.bias] if conv.bias is not None else [])
    grads = projected_grads(out, proj, [x] + params)
    tensors = {"weight": conv.weight, "input": x, "output": out, "proj": proj,
               "grad_input": grads[0], "grad_weight": grads[1]}
    if conv.bias is not None:
        tensors["bias"] = conv.bias
        tensors["grad_bias"] = grads[2]
    save(NN_DIR, "conv2d__" + name, tensors, {"module": "Conv2d", "args": json.dumps(args)})


# ---------------------------------------------------------------------------------------------
# BatchNorm2d


def batchnorm_case():
    seed("batchnorm2d")
    channels = 4
    bn = nn.BatchNorm2d(channels)
    with torch.no_grad():
        bn.weight.copy_(1 + 0.3 * torch.randn(channels))
        bn.bias.copy_(0.2 * torch.randn(channels))
    tensors = {"state." + k: v.clone() for k, v in bn.state_dict().items()}
    bn.train()
    for i in range(3):
        # Per-channel offsets and scales, different every pass, so the running statistics move.
        shift = 2 * torch.randn(1, channels, 1, 1)
        scale = 0.5 + torch.rand(1, channels, 1, 1) * 2
        x = (torch.randn(3, channels, 5, 6) * scale + shift).requires_grad_(i == 0)
        out = bn(x)
        tensors[f"input{i}"] = x
        tensors[f"output{i}"] = out
        if i == 0:
            proj = torch.randn(out.shape)
            grads = projected_grads(out, proj, [x, bn.weight, bn.bias])
            tensors.update(proj=proj, grad_input=grads[0], grad_weight=grads[1], grad_bias=grads[2])
        tensors[f"running_mean{i}"] = bn.running_mean.clone()
        tensors[f"running_var{i}"] = bn.running_var.clone()
        tensors[f"num_batches_tracked{i}"] = bn.num_batches_tracked.clone()
    bn.eval()
    x = torch.randn(2, channels, 3, 4) * 1.5 + 0.5
    tensors["eval_input"] = x
    tensors["eval_output"] = bn(x)
    save(NN_DIR, "batchnorm2d", tensors, {"module": "BatchNorm2d", "args": json.dumps(
        {"num_features": channels, "eps": bn.eps, "momentum": bn.momentum})})


# ---------------------------------------------------------------------------------------------
# Activations and losses


def activation_case(name, module):
    seed(name)
    x = away_from(torch.randn(3, 5, 7), [0.0]).requires_grad_(True)
    out = module(x)
    proj = torch.randn(out.shape)
    (grad,) = projected_grads(out, proj, [x])
    save(NN_DIR, name, {"input": x, "output": out, "proj": proj, "grad_input": grad}, {"module": repr(module)})


def loss_case(name, loss_fn, kink):
    seed(name)
    target = torch.randn(4, 6)
    x = (target + away_from(torch.randn(4, 6), kink)).requires_grad_(True)
    target.requires_grad_(True)
    out = loss_fn(x, target)
    grad_input, grad_target = torch.autograd.grad(out, [x, target])
    save(NN_DIR, name, {"input": x, "target": target, "output": out, "grad_input": grad_input,
                        "grad_target": grad_target}, {"module": repr(loss_fn)})


# ---------------------------------------------------------------------------------------------
# Optimizer trajectories

STEPS = 20

OPTIMIZER_CASES = {  # name: (torch optimizer class, keyword arguments)
    "sgd_plain": (torch.optim.SGD, dict(lr=0.05)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.05, momentum=0.9)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    "sgd_momentum_dampening_decay": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1,
                                                           weight_decay=0.01)),
    "adam_default": (torch.optim.Adam, dict()),
    "adam_lr0.05_decay": (torch.optim.Adam, dict(lr=0.05, weight_decay=0.01)),
    "adam_betas_eps": (torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
}


def objective(w, a, b):
    """A quadratic fit plus a quartic term: curved enough that momentum and Adam's moments matter."""
    return ((w @ a - b) ** 2).mean() + (w ** 4).sum() * 0.01


# The hyperparameters a Claritas optimizer takes, read back from torch's resolved parameter group.
HYPERPARAMETERS = {torch.optim.SGD: ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
                   torch.optim.Adam: ["lr", "betas", "eps", "weight_decay", "amsgrad"]}


def trajectory(optimizer_class, kwargs, w0, a, b):
    """w after each of STEPS steps, and the optimizer's hyperparameters with torch's defaults filled in."""
    w = nn.Parameter(w0.clone())
    opt = optimizer_class([w], **kwargs)
    path = []
    for _ in range(STEPS):
        opt.zero_grad()
        objective(w, a, b).backward()
        opt.step()
        path.append(w.detach().clone())
    group = opt.param_groups[0]
    return torch.stack(path), {k: group[k] for k in HYPERPARAMETERS[optimizer_class]}


def optimizer_case(name, optimizer_class, kwargs):
    seed("optim__" + name)
    w0 = torch.randn(3, 4)
    a = torch.randn(4, 5)
    b = torch.randn(3, 5)
    path, hyper = trajectory(optimizer_class, kwargs, w0, a, b)
    # The Java test allows 1e-5 relative to |w|. That only tests the update rule if the trajectory is
    # not chaotic: replaying it in float64 must stay well inside that tolerance.
    exact, _ = trajectory(optimizer_class, kwargs, w0.double(), a.double(), b.double())
    drift = ((path.double() - exact).abs().amax(dim=(1, 2)) / exact.abs().amax(dim=(1, 2))).max().item()
    assert drift < 1e-6, f"{name}: float32 and float64 trajectories differ by {drift:.2e}"
    save(NN_DIR, "optim__" + name, {"w0": w0, "a": a, "b": b, "trajectory": path}, {
        "optimizer": optimizer_class.__name__,
        "args": json.dumps(hyper),
        "float64_drift": f"{drift:.3e}",
    })


# ---------------------------------------------------------------------------------------------
# DnCNN: the same architecture as dev.claritas.mri.models.DnCNN, with the same key names


class DnCNN(nn.Module):
    def __init__(self, depth, channels):
        super().__init__()
        layers = [nn.Conv2d(1, channels, 3, padding=1, bias=True), nn.ReLU()]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU()]
        layers.append(nn.Conv2d(channels, 1, 3, padding=1, bias=False))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return x - self.layers(x)


def dncnn_case(depth=4, channels=8):
    name = f"dncnn_d{depth}_c{channels}"
    seed(name)
    model = DnCNN(depth, channels)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(1 + 0.3 * torch.randn(channels))
                m.bias.copy_(0.2 * torch.randn(channels))
        # Train-mode passes give non-trivial running statistics (and num_batches_tracked = 3).
        model.train()
        for _ in range(3):
            model(torch.randn(2, 1, 12, 12) * 2 + 0.5)
    model.eval()
    state = model.state_dict()
    keys = {k: list(v.shape) for k, v in state.items()}
    save(MODELS_DIR, name, dict(state), {
        "architecture": "DnCNN", "depth": str(depth), "channels": str(channels),
        "pytorch_keys": json.dumps(keys),
    })
    x = torch.randn(2, 1, 11, 13)
    with torch.no_grad():
        out = model(x)
    save(MODELS_DIR, name + "_io", {"input": x, "output": out}, {"note": "eval-mode output of " + name})


# ---------------------------------------------------------------------------------------------

def main():
    for directory in (NN_DIR, MODELS_DIR):
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.safetensors"):
            stale.unlink()
    for name, (args, shape) in CONV_CASES.items():
        conv2d_case(name, args, shape)
    batchnorm_case()
    activation_case("relu", nn.ReLU())
    activation_case("leaky_relu_0.2", nn.LeakyReLU(0.2))
    loss_case("mse_loss", nn.MSELoss(), [])
    loss_case("l1_loss", nn.L1Loss(), [0.0])
    for name, (cls, kwargs) in OPTIMIZER_CASES.items():
        optimizer_case(name, cls, kwargs)
    dncnn_case()
    for directory in (NN_DIR, MODELS_DIR):
        files = list(directory.glob("*.safetensors"))
        print(f"wrote {len(files)} files, {sum(p.stat().st_size for p in files)} bytes, to {directory}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes PyTorch reference fixtures for the layers of Claritas' nn module (Linear, Conv1d,
ConvTranspose2d, the normalisations, dropout, activations, pooling, resampling, pixel shuffles,
containers, and the 3-D convolution, normalisation and pooling layers), forward and backward, in
training and evaluation mode.

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_layer_fixtures.py

Files go to nn/src/test/resources/fixtures/layers/ (one per layer and configuration) and its
containers/ folder (state-dict key names of ModuleList and ModuleDict). See tools/README.md for
what each file holds. The safetensors writer and input helpers are make_fixtures.py's, the seeding
and saving make_nn_fixtures.py's.
"""

import copy
import json
import sys
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import away_from, distinct, randn  # noqa: E402
from make_nn_fixtures import projected_grads, save, seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LAYERS_DIR = ROOT / "nn/src/test/resources/fixtures/layers"
CONTAINERS_DIR = LAYERS_DIR / "containers"


def kinked(*shape, scale=1.0, kinks=(0.0,)):
    """Standard normal values at least 0.05 from the points where the derivative jumps."""
    return away_from(torch.randn(shape) * scale, list(kinks))


def with_specials(x, extremes=False):
    """x with exact zeros, where the derivative jumps and torch's choice of one side must be matched,
    and optionally with +-100, where exp overflows float32 (the outputs then scale the tolerance, so
    cases with extremes are kept apart from the precise ones)."""
    flat = x.reshape(-1).clone()
    flat[::11] = 0.0
    if extremes:
        flat[5::17] = 100.0
        flat[8::17] = -100.0
    return flat.reshape(x.shape)


def per_channel(*shape):
    """Values with a different mean and scale in every channel (dim 1), as normalisation layers see."""
    stats_shape = [1, shape[1]] + [1] * (len(shape) - 2)
    return torch.randn(shape) * (0.5 + 2 * torch.rand(stats_shape)) + 2 * torch.randn(stats_shape)


def randomize_state(module):
    """Moves parameters and buffers away from their constant initial values (weight 1, bias 0,
    running mean 0, running variance 1, slope 0.25), so that loading them is actually tested."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.add_(torch.randn(p.shape) * (0.3 if name.endswith("weight") else 0.2))
        for name, b in module.named_buffers():
            if name.endswith("running_mean"):
                b.add_(torch.randn(b.shape) * 0.5)
            elif name.endswith("running_var"):
                b.mul_(0.5 + torch.rand(b.shape))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


# name: (torch.nn class, constructor keyword arguments, input maker, modes, randomize the state)
TRAIN = ("train",)
BOTH = ("train", "eval")
CASES = {
    "linear__default": ("Linear", dict(in_features=5, out_features=3), lambda: randn(4, 5), TRAIN, False),
    "linear__nobias_3d": ("Linear", dict(in_features=6, out_features=4, bias=False), lambda: randn(2, 3, 6), TRAIN, False),

    "conv1d__default": ("Conv1d", dict(in_channels=3, out_channels=5, kernel_size=3), lambda: randn(2, 3, 11), TRAIN, False),
    "conv1d__stride2_pad2_dil2_groups2_nobias": (
        "Conv1d", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=2, dilation=2, groups=2, bias=False),
        lambda: randn(2, 4, 13), TRAIN, False),

    "convtranspose2d__k2_s2": ("ConvTranspose2d", dict(in_channels=4, out_channels=3, kernel_size=2, stride=2),
                               lambda: randn(2, 4, 5, 6), TRAIN, False),
    "convtranspose2d__k3_s2_pad1_outpad1_groups2": (
        "ConvTranspose2d", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1,
                                groups=2), lambda: randn(2, 4, 4, 5), TRAIN, False),
    "convtranspose2d__rect_dil2_nobias": (
        "ConvTranspose2d", dict(in_channels=3, out_channels=2, kernel_size=(3, 2), stride=(1, 2), padding=(2, 0),
                                bias=False, dilation=(2, 1)), lambda: randn(1, 3, 5, 4), TRAIN, False),

    "batchnorm1d__2d": ("BatchNorm1d", dict(num_features=4), lambda: per_channel(8, 4), BOTH, True),
    "batchnorm1d__3d_eps_momentum": ("BatchNorm1d", dict(num_features=3, eps=1e-3, momentum=0.3),
                                     lambda: per_channel(4, 3, 7), BOTH, True),

    "instancenorm2d__default": ("InstanceNorm2d", dict(num_features=3), lambda: per_channel(2, 3, 5, 6), BOTH, False),
    "instancenorm2d__affine_tracking": (
        "InstanceNorm2d", dict(num_features=3, eps=1e-4, momentum=0.2, affine=True, track_running_stats=True),
        lambda: per_channel(2, 3, 4, 5), BOTH, True),

    "groupnorm__g2_c6": ("GroupNorm", dict(num_groups=2, num_channels=6), lambda: per_channel(3, 6, 4, 5), TRAIN, True),
    "groupnorm__g3_c3_noaffine_3d": ("GroupNorm", dict(num_groups=3, num_channels=3, eps=1e-3, affine=False),
                                     lambda: per_channel(2, 3, 7), TRAIN, False),

    "layernorm__last": ("LayerNorm", dict(normalized_shape=8), lambda: randn(3, 5, 8, scale=2), TRAIN, True),
    "layernorm__last2_noaffine": ("LayerNorm", dict(normalized_shape=[4, 5], eps=1e-6, elementwise_affine=False),
                                  lambda: randn(2, 3, 4, 5, scale=2), TRAIN, False),

    # Training mode draws a random mask, and torch's generator is not ours: DropoutTest covers it.
    "dropout__default": ("Dropout", dict(), lambda: randn(3, 4, 5), ("eval",), False),
    "dropout2d__p0.3": ("Dropout2d", dict(p=0.3), lambda: randn(2, 3, 4, 5), ("eval",), False),

    "prelu__default": ("PReLU", dict(), lambda: with_specials(kinked(3, 4, 5)), TRAIN, False),
    "prelu__channels_init": ("PReLU", dict(num_parameters=4, init=0.1), lambda: kinked(2, 4, 3, 3), TRAIN, True),
    "elu__default": ("ELU", dict(), lambda: kinked(3, 5, 7, scale=3), TRAIN, False),
    "elu__alpha0.5": ("ELU", dict(alpha=0.5), lambda: kinked(3, 5, 7, scale=3), TRAIN, False),
    "elu__zeros_extremes": ("ELU", dict(), lambda: with_specials(kinked(3, 5, 7), extremes=True), TRAIN, False),
    "gelu__default": ("GELU", dict(), lambda: randn(3, 5, 7, scale=3), TRAIN, False),
    "gelu__tanh": ("GELU", dict(approximate="tanh"), lambda: randn(3, 5, 7, scale=3), TRAIN, False),
    "silu": ("SiLU", dict(), lambda: randn(3, 5, 7, scale=3), TRAIN, False),
    "tanh": ("Tanh", dict(), lambda: randn(3, 5, 7, scale=2), TRAIN, False),
    "sigmoid": ("Sigmoid", dict(), lambda: randn(3, 5, 7, scale=3), TRAIN, False),
    # scale 12: some inputs pass the threshold of 20 and take the linear branch
    "softplus__default": ("Softplus", dict(), lambda: kinked(3, 5, 7, scale=12, kinks=(20.0,)), TRAIN, False),
    "softplus__beta2_threshold5": ("Softplus", dict(beta=2, threshold=5), lambda: kinked(3, 5, 7, scale=3, kinks=(2.5,)),
                                   TRAIN, False),
    # x = 100 takes the linear branch, but an implementation computing both branches must not let
    # exp(100) = inf in the other one turn the gradient into NaN
    "softplus__zeros_extremes": ("Softplus", dict(), lambda: with_specials(randn(3, 5, 7), extremes=True), TRAIN, False),

    "maxpool2d__k2": ("MaxPool2d", dict(kernel_size=2), lambda: distinct((2, 3, 6, 7)), TRAIN, False),
    "maxpool2d__k3_s2_pad1_ceil": ("MaxPool2d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
                                   lambda: distinct((1, 2, 8, 9)), TRAIN, False),
    "avgpool2d__k2": ("AvgPool2d", dict(kernel_size=2), lambda: randn(2, 3, 6, 7), TRAIN, False),
    "avgpool2d__k3_s2_pad1_ceil_nopad": (
        "AvgPool2d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
        lambda: randn(1, 2, 8, 9), TRAIN, False),
    "avgpool2d__rect_pad": ("AvgPool2d", dict(kernel_size=(3, 2), stride=(1, 2), padding=(1, 0)),
                            lambda: randn(1, 2, 5, 6), TRAIN, False),

    "adaptiveavgpool2d__divisible": ("AdaptiveAvgPool2d", dict(output_size=(3, 4)), lambda: randn(2, 3, 6, 8), TRAIN, False),
    "adaptiveavgpool2d__uneven": ("AdaptiveAvgPool2d", dict(output_size=(3, 5)), lambda: randn(2, 2, 7, 9), TRAIN, False),
    # H grows from 3 to 5 (overlapping windows of 1 and 2 rows); W shrinks 6 → 1 evenly
    "adaptiveavgpool2d__grow_h_global_w": ("AdaptiveAvgPool2d", dict(output_size=(5, 1)), lambda: randn(1, 2, 3, 6),
                                           TRAIN, False),
    "adaptiveavgpool2d__global": ("AdaptiveAvgPool2d", dict(output_size=1), lambda: randn(2, 3, 5, 7), TRAIN, False),

    "upsample__nearest_x2": ("Upsample", dict(scale_factor=2), lambda: randn(1, 2, 3, 4), TRAIN, False),
    "upsample__nearest_x1.5": ("Upsample", dict(scale_factor=1.5), lambda: randn(1, 2, 4, 6), TRAIN, False),
    "upsample__nearest_size": ("Upsample", dict(size=(5, 7)), lambda: randn(1, 2, 3, 4), TRAIN, False),
    "upsample__bilinear_x2": ("Upsample", dict(scale_factor=2, mode="bilinear"), lambda: randn(1, 2, 3, 4), TRAIN, False),
    "upsample__bilinear_align_size": ("Upsample", dict(size=(7, 5), mode="bilinear", align_corners=True),
                                      lambda: randn(1, 2, 4, 3), TRAIN, False),

    "pixelshuffle__r2": ("PixelShuffle", dict(upscale_factor=2), lambda: randn(2, 8, 3, 4), TRAIN, False),
    "pixelshuffle__r3_5d": ("PixelShuffle", dict(upscale_factor=3), lambda: randn(2, 1, 9, 2, 3), TRAIN, False),
    "pixelunshuffle__r2": ("PixelUnshuffle", dict(downscale_factor=2), lambda: randn(2, 2, 6, 4), TRAIN, False),
    "identity": ("Identity", dict(), lambda: randn(3, 4), TRAIN, False),

    # volumetric layers: [N, C, D, H, W]
    "conv3d__default": ("Conv3d", dict(in_channels=2, out_channels=3, kernel_size=3), lambda: randn(2, 2, 4, 5, 6),
                        TRAIN, False),
    "conv3d__k3_s1_pad1": ("Conv3d", dict(in_channels=2, out_channels=4, kernel_size=3, stride=1, padding=1),
                           lambda: randn(1, 2, 4, 5, 6), TRAIN, False),
    "conv3d__rect_stride_pad_dil_groups2_nobias": (
        "Conv3d", dict(in_channels=4, out_channels=6, kernel_size=(3, 3, 2), stride=(2, 1, 2), padding=(1, 1, 0),
                       dilation=(1, 2, 1), groups=2, bias=False), lambda: randn(1, 4, 5, 6, 7), TRAIN, False),
    "convtranspose3d__k2_s2": ("ConvTranspose3d", dict(in_channels=4, out_channels=2, kernel_size=2, stride=2),
                               lambda: randn(1, 4, 3, 4, 5), TRAIN, False),
    "convtranspose3d__k3_s2_pad1_outpad1_groups2": (
        "ConvTranspose3d", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1, output_padding=1,
                                groups=2), lambda: randn(1, 4, 3, 3, 4), TRAIN, False),
    "batchnorm3d__default": ("BatchNorm3d", dict(num_features=3), lambda: per_channel(2, 3, 4, 5, 6), BOTH, True),
    "batchnorm3d__eps_momentum": ("BatchNorm3d", dict(num_features=2, eps=1e-3, momentum=0.3),
                                  lambda: per_channel(3, 2, 3, 4, 5), BOTH, True),
    "instancenorm3d__default": ("InstanceNorm3d", dict(num_features=3), lambda: per_channel(2, 3, 4, 5, 6), BOTH, False),
    "instancenorm3d__affine_tracking": (
        "InstanceNorm3d", dict(num_features=2, eps=1e-4, momentum=0.2, affine=True, track_running_stats=True),
        lambda: per_channel(2, 2, 4, 5, 3), BOTH, True),
    "maxpool3d__k2": ("MaxPool3d", dict(kernel_size=2), lambda: distinct((2, 2, 4, 6, 7)), TRAIN, False),
    "maxpool3d__k3_s2_pad1_ceil": ("MaxPool3d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
                                   lambda: distinct((1, 2, 5, 6, 7)), TRAIN, False),
    "avgpool3d__k2": ("AvgPool3d", dict(kernel_size=2), lambda: randn(2, 2, 4, 6, 7), TRAIN, False),
    "avgpool3d__k3_s2_pad1_ceil_nopad": (
        "AvgPool3d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
        lambda: randn(1, 2, 5, 6, 7), TRAIN, False),
    "avgpool3d__inplane_pad": ("AvgPool3d", dict(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=(0, 1, 0)),
                               lambda: randn(1, 2, 3, 5, 6), TRAIN, False),
}


def layer_case(name, cls, kwargs, make_input, modes, randomize):
    """The layer's initial state dict and input; per mode, a fresh copy's output, the gradients of
    L = sum(output * proj) for the input and every parameter, and the buffers after the pass."""
    seed(name)
    module = getattr(nn, cls)(**kwargs)
    if randomize:
        randomize_state(module)
    tensors = {"state." + k: v.clone() for k, v in module.state_dict().items()}
    x0 = make_input()
    tensors["input"] = x0
    proj = None
    for mode in modes:
        m = copy.deepcopy(module)  # every mode starts from the initial state
        m.train(mode == "train")
        x = x0.clone().requires_grad_(True)
        out = m(x)
        if proj is None:
            proj = torch.randn(out.shape)
            tensors["proj"] = proj
        params = dict(m.named_parameters())
        grads = projected_grads(out, proj, [x] + list(params.values()))
        tensors[f"{mode}.output"] = out
        tensors[f"{mode}.grad.input"] = grads[0]
        for key, grad in zip(params, grads[1:]):
            tensors[f"{mode}.grad.{key}"] = grad
        for key, buffer in m.named_buffers():
            tensors[f"{mode}.state.{key}"] = buffer.clone()
    save(LAYERS_DIR, name, tensors, {"module": cls, "args": json.dumps(kwargs), "modes": json.dumps(list(modes)),
                                     "repr": repr(module)})


class Containers(nn.Module):
    """A ModuleList holding a layer and a Sequential, and a ModuleDict of two heads."""

    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(3, 4), nn.Sequential(nn.Linear(4, 4, bias=False), nn.BatchNorm1d(4))])
        self.heads = nn.ModuleDict({"mri": nn.Linear(4, 2), "ct": nn.Linear(4, 1)})


def containers_case():
    seed("modulelist_moduledict")
    model = Containers()
    state = model.state_dict()
    save(CONTAINERS_DIR, "modulelist_moduledict", dict(state), {"keys": json.dumps(list(state)), "repr": repr(model)})


def main():
    for directory in (LAYERS_DIR, CONTAINERS_DIR):
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.safetensors"):
            stale.unlink()
    for name, case in CASES.items():
        layer_case(name, *case)
    containers_case()
    for directory in (LAYERS_DIR, CONTAINERS_DIR):
        files = list(directory.glob("*.safetensors"))
        print(f"wrote {len(files)} files, {sum(p.stat().st_size for p in files)} bytes, to {directory}")


if __name__ == "__main__":
    main()

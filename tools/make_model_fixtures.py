#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Claritas' models and attention blocks: fastMRI's U-Net, and
squeeze-and-excitation, an attention gate, multi-head self-attention over images and spectral
normalisation.

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_model_fixtures.py

U-Net files go to mri/src/test/resources/fixtures/models/ (beside DnCNN's), the attention blocks'
to nn/src/test/resources/fixtures/attention/. See tools/README.md for what each file holds. Neither
fastmri nor torchvision is installed, so the reference modules are written here from their
published definitions, with their attribute names (which make the state-dict keys).

    /usr/bin/python3 tools/make_model_fixtures.py --check-unet FILE

loads a U-Net state dict written by Claritas (chans 8, 3 pools) strictly into the PyTorch U-Net and
compares its output with the one Claritas stored beside it: the reverse direction, run by hand.
"""

import json
import struct
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_nn_fixtures import projected_grads, save, seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "mri/src/test/resources/fixtures/models"
ATTENTION_DIR = ROOT / "nn/src/test/resources/fixtures/attention"


# ---------------------------------------------------------------------------------------------
# fastMRI's U-Net (fastmri/models/unet.py): same modules, same attribute names, same order


class ConvBlock(nn.Module):
    def __init__(self, in_chans, out_chans, drop_prob):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(in_chans, out_chans, kernel_size=3, padding=1, bias=False),
            nn.InstanceNorm2d(out_chans),
            nn.LeakyReLU(negative_slope=0.2),
            nn.Dropout2d(drop_prob),
            nn.Conv2d(out_chans, out_chans, kernel_size=3, padding=1, bias=False),
            nn.InstanceNorm2d(out_chans),
            nn.LeakyReLU(negative_slope=0.2),
            nn.Dropout2d(drop_prob),
        )

    def forward(self, x):
        return self.layers(x)


class TransposeConvBlock(nn.Module):
    def __init__(self, in_chans, out_chans):
        super().__init__()
        self.layers = nn.Sequential(
            nn.ConvTranspose2d(in_chans, out_chans, kernel_size=2, stride=2, bias=False),
            nn.InstanceNorm2d(out_chans),
            nn.LeakyReLU(negative_slope=0.2),
        )

    def forward(self, x):
        return self.layers(x)


class Unet(nn.Module):
    def __init__(self, in_chans, out_chans, chans=32, num_pool_layers=4, drop_prob=0.0):
        super().__init__()
        self.down_sample_layers = nn.ModuleList([ConvBlock(in_chans, chans, drop_prob)])
        ch = chans
        for _ in range(num_pool_layers - 1):
            self.down_sample_layers.append(ConvBlock(ch, ch * 2, drop_prob))
            ch *= 2
        self.conv = ConvBlock(ch, ch * 2, drop_prob)
        # up_conv is registered before up_transpose_conv, which decides the state-dict order
        self.up_conv = nn.ModuleList()
        self.up_transpose_conv = nn.ModuleList()
        for _ in range(num_pool_layers - 1):
            self.up_transpose_conv.append(TransposeConvBlock(ch * 2, ch))
            self.up_conv.append(ConvBlock(ch * 2, ch, drop_prob))
            ch //= 2
        self.up_transpose_conv.append(TransposeConvBlock(ch * 2, ch))
        self.up_conv.append(nn.Sequential(ConvBlock(ch * 2, ch, drop_prob),
                                          nn.Conv2d(ch, out_chans, kernel_size=1, stride=1)))

    def forward(self, image):
        stack = []
        output = image
        for layer in self.down_sample_layers:
            output = layer(output)
            stack.append(output)
            output = F.avg_pool2d(output, kernel_size=2, stride=2, padding=0)
        output = self.conv(output)
        for transpose_conv, conv in zip(self.up_transpose_conv, self.up_conv):
            skip = stack.pop()
            output = transpose_conv(output)
            padding = [0, 0, 0, 0]
            if output.shape[-1] != skip.shape[-1]:
                padding[1] = 1
            if output.shape[-2] != skip.shape[-2]:
                padding[3] = 1
            if sum(padding) != 0:
                output = F.pad(output, padding, "reflect")
            output = torch.cat([output, skip], dim=1)
            output = conv(output)
        return output


def unet_metadata(chans, pools, state):
    return {"architecture": "UNet", "in_chans": "1", "out_chans": "1", "chans": str(chans),
            "num_pool_layers": str(pools), "drop_prob": "0.0",
            "pytorch_keys": json.dumps({k: list(v.shape) for k, v in state.items()})}


def unet_cases():
    name = "unet_c8_p3"
    seed(name)
    model = Unet(1, 1, chans=8, num_pool_layers=3).eval()
    state = model.state_dict()
    save(MODELS_DIR, name, dict(state), unet_metadata(8, 3, state))
    tensors = {}
    # 44 x 36 pools to 22 x 18, 11 x 9, 5 x 4: on the way up both the bottom and the right need the pad
    for label, shape in (("square", (1, 1, 64, 64)), ("odd", (1, 1, 44, 36))):
        x = torch.randn(shape, requires_grad=True)
        out = model(x)
        proj = torch.randn(out.shape)
        first = model.down_sample_layers[0].layers[0].weight
        grad_input, grad_first = projected_grads(out, proj, [x, first])
        tensors.update({f"{label}.input": x, f"{label}.output": out, f"{label}.proj": proj,
                        f"{label}.grad.input": grad_input,
                        f"{label}.grad.down_sample_layers.0.layers.0.weight": grad_first})
    save(MODELS_DIR, name + "_io", tensors, {"note": "eval-mode outputs and projected gradients of " + name})

    # fastMRI's default size is 7.8 M parameters (31 MB): only its keys and shapes are kept
    name = "unet_c32_p4_keys"
    seed(name)
    big = Unet(1, 1, chans=32, num_pool_layers=4)
    state = big.state_dict()
    metadata = unet_metadata(32, 4, state)
    metadata["parameter_count"] = str(sum(p.numel() for p in big.parameters()))
    save(MODELS_DIR, name, {}, metadata)


# ---------------------------------------------------------------------------------------------
# Attention blocks


class SqueezeExcitation(nn.Module):
    """torchvision.ops.SqueezeExcitation: global average pool, fc1 (1x1 conv), ReLU, fc2 (1x1
    conv), sigmoid, scale."""

    def __init__(self, input_channels, squeeze_channels):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)

    def forward(self, x):
        scale = torch.sigmoid(self.fc2(torch.relu(self.fc1(self.avgpool(x)))))
        return scale * x


class AttentionGate(nn.Module):
    """Attention U-Net's gate (Oktay et al. 2018) as LeeJunHyun/Image_Segmentation's
    Attention_block writes it (1x1 conv + BatchNorm for W_g, W_x and psi), with the bilinear
    resize of the projected gate of Oktay's own code when the gate is coarser than the skip."""

    def __init__(self, f_g, f_l, f_int):
        super().__init__()
        self.W_g = nn.Sequential(nn.Conv2d(f_g, f_int, 1), nn.BatchNorm2d(f_int))
        self.W_x = nn.Sequential(nn.Conv2d(f_l, f_int, 1), nn.BatchNorm2d(f_int))
        self.psi = nn.Sequential(nn.Conv2d(f_int, 1, 1), nn.BatchNorm2d(1), nn.Sigmoid())

    def forward(self, g, x):
        g1 = self.W_g(g)
        if g1.shape[-2:] != x.shape[-2:]:
            g1 = F.interpolate(g1, size=x.shape[-2:], mode="bilinear", align_corners=False)
        return x * self.psi(torch.relu(g1 + self.W_x(x)))


def self_attention_2d(mha, x, patch):
    """torch.nn.MultiheadAttention (batch_first) over the pixels, or the p x p patches, of [N, C, H, W]:
    a patch's features are F.pixel_unshuffle's channels, tokens run row by row."""
    n = x.shape[0]
    t = F.pixel_unshuffle(x, patch) if patch > 1 else x
    e, h, w = t.shape[1:]
    tokens = t.flatten(2).transpose(1, 2)
    out, _ = mha(tokens, tokens, tokens, need_weights=False)
    out = out.transpose(1, 2).reshape(n, e, h, w)
    return F.pixel_shuffle(out, patch) if patch > 1 else out


def randomize(module):
    """Moves every parameter and buffer off its initial value (zero biases, unit BatchNorm weights,
    default running statistics), so that loading them is tested."""
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.add_(torch.randn(p.shape) * 0.2)
        for name, b in module.named_buffers():
            if name.endswith("running_mean"):
                b.add_(torch.randn(b.shape) * 0.3)
            elif name.endswith("running_var"):
                b.mul_(0.5 + torch.rand(b.shape))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


def module_case(name, module, inputs, forward, modes, args):
    """The module's initial state dict and inputs; per mode, the output, the gradients of
    L = sum(output * proj) for every input and parameter, and the buffers after the pass."""
    tensors = {"state." + k: v.clone() for k, v in module.state_dict().items()}
    tensors.update(inputs)
    proj = None
    initial = {k: v.clone() for k, v in module.state_dict().items()}
    for mode in modes:
        module.load_state_dict(initial)
        module.train(mode == "train")
        xs = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
        out = forward(module, xs)
        if proj is None:
            proj = torch.randn(out.shape)
            tensors["proj"] = proj
        params = dict(module.named_parameters())
        grads = projected_grads(out, proj, list(xs.values()) + list(params.values()))
        tensors[f"{mode}.output"] = out
        for key, grad in zip(list(xs) + list(params), grads):
            tensors[f"{mode}.grad.{key}"] = grad
        for key, buffer in module.named_buffers():
            tensors[f"{mode}.state.{key}"] = buffer.clone()
    save(ATTENTION_DIR, name, tensors, {"args": json.dumps(args), "modes": json.dumps(list(modes))})


def squeeze_excitation_cases():
    for name, (channels, squeeze, shape) in {"se__c8_s2": (8, 2, (2, 8, 5, 6)),
                                             "se__c6_s3": (6, 3, (3, 6, 4, 7))}.items():
        seed(name)
        module = SqueezeExcitation(channels, squeeze)
        randomize(module)
        module_case(name, module, {"input": torch.randn(shape) * 2}, lambda m, xs: m(xs["input"]), ("train",),
                    {"input_channels": channels, "squeeze_channels": squeeze})


def attention_gate_cases():
    cases = {  # name: (F_g, F_l, F_int, gate shape, skip shape)
        "attention_gate__same_size": (6, 4, 3, (2, 6, 5, 7), (2, 4, 5, 7)),
        "attention_gate__gate_x2": (6, 4, 3, (2, 6, 3, 4), (2, 4, 6, 8)),
        "attention_gate__gate_odd": (5, 3, 4, (2, 5, 3, 4), (2, 3, 7, 9)),
    }
    for name, (f_g, f_l, f_int, g_shape, x_shape) in cases.items():
        seed(name)
        module = AttentionGate(f_g, f_l, f_int)
        randomize(module)
        inputs = {"gate": torch.randn(g_shape), "skip": torch.randn(x_shape)}
        module_case(name, module, inputs, lambda m, xs: m(xs["gate"], xs["skip"]), ("train", "eval"),
                    {"F_g": f_g, "F_l": f_l, "F_int": f_int})


def self_attention_cases():
    cases = {  # name: (channels, heads, patch, input shape)
        "mhsa2d__pixels_c8_h2": (8, 2, 1, (2, 8, 3, 5)),
        "mhsa2d__pixels_c6_h1": (6, 1, 1, (1, 6, 4, 4)),
        "mhsa2d__patch2_c3_h3": (3, 3, 2, (2, 3, 6, 4)),
    }
    for name, (channels, heads, patch, shape) in cases.items():
        seed(name)
        embed = channels * patch * patch
        module = nn.MultiheadAttention(embed, heads, batch_first=True)
        randomize(module)
        module_case(name, module, {"input": torch.randn(shape)},
                    lambda m, xs, p=patch: self_attention_2d(m, xs["input"], p), ("train",),
                    {"channels": channels, "num_heads": heads, "patch_size": patch, "embed_dim": embed})


def spectral_norm_cases():
    """Three training passes (each a power iteration that moves weight_u and weight_v), then one in
    evaluation mode, which uses the stored vectors."""
    cases = {  # name: (layer, constructor arguments, input shape)
        "spectral_norm__conv2d": (nn.Conv2d, dict(in_channels=3, out_channels=4, kernel_size=3, stride=1, padding=1,
                                                  bias=True), (2, 3, 5, 6)),
        "spectral_norm__linear": (nn.Linear, dict(in_features=5, out_features=3, bias=True), (4, 5)),
        "spectral_norm__conv_transpose2d": (nn.ConvTranspose2d, dict(in_channels=4, out_channels=3, kernel_size=3,
                                                                     stride=2, padding=1, bias=False), (2, 4, 3, 4)),
    }
    for name, (cls, args, shape) in cases.items():
        seed(name)
        module = nn.utils.spectral_norm(cls(**args))
        tensors = {"state." + k: v.clone() for k, v in module.state_dict().items()}
        module.train()
        for i in range(3):
            x = torch.randn(shape, requires_grad=True)
            out = module(x)
            proj = torch.randn(out.shape)
            params = dict(module.named_parameters())
            grads = projected_grads(out, proj, [x] + list(params.values()))
            tensors.update({f"pass{i}.input": x, f"pass{i}.output": out, f"pass{i}.proj": proj,
                            f"pass{i}.grad.input": grads[0],
                            f"pass{i}.weight_u": module.weight_u.clone(), f"pass{i}.weight_v": module.weight_v.clone()})
            for key, grad in zip(params, grads[1:]):
                tensors[f"pass{i}.grad.{key}"] = grad
        module.eval()
        x = torch.randn(shape)
        with torch.no_grad():
            tensors.update({"eval.input": x, "eval.output": module(x)})
        save(ATTENTION_DIR, name, tensors, {"module": cls.__name__, "args": json.dumps(args)})


# ---------------------------------------------------------------------------------------------
# The reverse direction, by hand: a Claritas-written U-Net in PyTorch


def read_safetensors(path):
    """The tensors and metadata of a safetensors file (F32 and I64 only: what a U-Net needs)."""
    data = Path(path).read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    dtypes = {"F32": torch.float32, "I64": torch.int64}
    tensors = {}
    for key, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + length + begin:8 + length + end])
        tensors[key] = torch.frombuffer(raw, dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
    return tensors, metadata


def check_unet(path):
    """Loads Claritas' U-Net state dict strictly into fastMRI's U-Net and compares outputs with the
    `<file>_io` companion (input, output) Claritas wrote."""
    state, metadata = read_safetensors(path)
    model = Unet(1, 1, chans=int(metadata["chans"]), num_pool_layers=int(metadata["num_pool_layers"])).eval()
    model.load_state_dict(state, strict=True)
    io, _ = read_safetensors(str(path).replace(".safetensors", "_io.safetensors"))
    for label in sorted({k.split(".")[0] for k in io}):
        with torch.no_grad():
            out = model(io[label + ".input"])
        diff = (out - io[label + ".output"]).abs().max().item()
        print(f"{label}: input {list(io[label + '.input'].shape)}, max |PyTorch - Claritas| = {diff:.3e}, "
              f"output magnitude {out.abs().max().item():.3f}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check-unet":
        check_unet(sys.argv[2])
        return
    ATTENTION_DIR.mkdir(parents=True, exist_ok=True)
    for stale in ATTENTION_DIR.glob("*.safetensors"):
        stale.unlink()
    for stale in MODELS_DIR.glob("unet_*.safetensors"):
        stale.unlink()
    unet_cases()
    squeeze_excitation_cases()
    attention_gate_cases()
    self_attention_cases()
    spectral_norm_cases()
    for directory, pattern in ((MODELS_DIR, "unet_*.safetensors"), (ATTENTION_DIR, "*.safetensors")):
        files = list(directory.glob(pattern))
        print(f"wrote {len(files)} files, {sum(p.stat().st_size for p in files)} bytes, to {directory}")


if __name__ == "__main__":
    main()

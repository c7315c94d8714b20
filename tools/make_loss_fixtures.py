#!/usr/bin/python3
"""Writes PyTorch reference fixtures for Claritas' losses (SmoothL1, Charbonnier, BCE with logits,
SSIM with a Gaussian and with fastMRI's window, MS-SSIM, total variation, adversarial losses) and
for the VGG feature extractor and the perceptual loss built on it.

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_loss_fixtures.py

Files go to nn/src/test/resources/fixtures/losses/. See tools/README.md for what each holds. The
references are computed in float64 from inputs that float32 (or float16, for the large ones)
represents exactly, then stored as float32: the tests then measure Claritas' float32 rounding
alone, not the sum of two float32 roundings. The safetensors writer and input helpers are
make_fixtures.py's, the seeding make_nn_fixtures.py's; pytorch_msssim, MONAI, fastMRI and
torchvision are not installed, so their definitions are written out here from torch.nn pieces.
"""

import json
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import away_from, randn, write_safetensors  # noqa: E402
from make_nn_fixtures import seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOSSES_DIR = ROOT / "nn/src/test/resources/fixtures/losses"
MAX_BYTES = 1_500_000


def save(name, tensors, metadata):
    """Float64 results are stored as float32; float32 and float16 inputs keep their dtype."""
    stored = {k: (v.float() if v.dtype == torch.float64 else v).detach().contiguous() for k, v in tensors.items()}
    write_safetensors(LOSSES_DIR / f"{name}.safetensors", stored, metadata)


def half_exact(t):
    """t rounded to float16 (stored as such: half the bytes), as float64 for the reference."""
    return t.half().double()


def grads_of(out, wrt):
    """The gradients of out itself when it is a scalar, else of sum(out * proj) for a random proj."""
    if out.dim() == 0:
        return None, torch.autograd.grad(out, wrt)
    proj = torch.randn(out.shape, dtype=torch.float64)
    return proj, torch.autograd.grad((out * proj).sum(), wrt)


def pair_case(name, loss, args, fn, x, y, extra=None):
    """A loss of (input, target): both, the output, and the gradients of both."""
    x = x.double().requires_grad_(True)
    y = y.double().requires_grad_(True)
    out = fn(x, y)
    proj, (gx, gy) = grads_of(out, [x, y])
    tensors = {"input": x.float(), "target": y.float(), "output": out, "grad_input": gx, "grad_target": gy}
    if proj is not None:
        tensors["proj"] = proj
    tensors.update(extra or {})
    save(name, tensors, {"loss": loss, "args": json.dumps(args)})


def reduce(values, reduction):
    return {"mean": values.mean, "sum": values.sum, "none": lambda: values}[reduction]()


# ---------------------------------------------------------------------------------------------
# Elementwise losses: PyTorch's own functions where it has them

def smooth_l1_cases():
    for beta, reduction in ((1.0, "mean"), (0.5, "sum"), (2.0, "none"), (0.0, "mean")):
        name = f"smoothl1__beta{beta:g}_{reduction}"
        seed(name)
        y = randn(4, 6)
        # |x - y| crosses beta in both directions, but stays 0.05 from beta and from 0
        x = y + away_from(randn(4, 6, scale=1.5), [0.0, beta, -beta])
        pair_case(name, "SmoothL1Loss", {"beta": beta, "reduction": reduction},
                  lambda a, b, r=reduction, bt=beta: F.smooth_l1_loss(a, b, reduction=r, beta=bt), x, y)


def charbonnier_cases():
    for eps, reduction in ((None, "mean"), (0.1, "sum"), (1e-3, "none")):
        name = f"charbonnier__eps{eps if eps is not None else 'default'}_{reduction}"
        seed(name)
        y = randn(3, 5)
        x = y + randn(3, 5)
        x[0, 0] = y[0, 0]  # equal values: where |x - y| has no derivative, the Charbonnier loss has 0
        e = 1e-3 if eps is None else eps
        args = {"reduction": reduction} if eps is None else {"eps": eps, "reduction": reduction}
        pair_case(name, "CharbonnierLoss", args,
                  lambda a, b, r=reduction, ee=e: reduce(torch.sqrt((a - b) ** 2 + ee * ee), r), x, y)


def bce_cases():
    for reduction, pos_weight in (("mean", False), ("sum", False), ("none", False), ("mean", True),
                                  ("none", True)):
        name = f"bcewithlogits__{reduction}" + ("_posweight" if pos_weight else "")
        seed(name)
        x = randn(4, 5, scale=3)
        x[0, :] = torch.tensor([-100.0, -20.0, 0.0, 20.0, 100.0])  # exp(100) overflows float32
        y = torch.rand(4, 5)
        y[1, :2] = torch.tensor([0.0, 1.0])
        pw = (torch.rand(5) * 3 + 0.2).double() if pos_weight else None
        args = {"reduction": reduction}
        extra = {}
        if pos_weight:
            extra["pos_weight"] = pw.float()
        pair_case(name, "BCEWithLogitsLoss", args,
                  lambda a, b, r=reduction, p=pw: F.binary_cross_entropy_with_logits(a, b, reduction=r, pos_weight=p),
                  x, y, extra)


def total_variation_case():
    """Anisotropic L1 TV, averaged over all elements: (sum |dh| + sum |dw|) / numel."""
    name = "totalvariation__2x3x5x6"
    seed(name)
    x = randn(2, 3, 5, 6).double().requires_grad_(True)
    out = ((x[..., 1:, :] - x[..., :-1, :]).abs().sum() + (x[..., :, 1:] - x[..., :, :-1]).abs().sum()) / x.numel()
    (gx,) = torch.autograd.grad(out, [x])
    save(name, {"input": x.float(), "output": out, "grad_input": gx}, {"loss": "TotalVariationLoss", "args": "{}"})


# ---------------------------------------------------------------------------------------------
# SSIM

K1, K2 = 0.01, 0.03
MS_SSIM_WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]


def gaussian_1d(size=11, sigma=1.5):
    d = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    g = torch.exp(-d ** 2 / (2 * sigma ** 2))
    return g / g.sum()


def depthwise(t, kernel):
    c = t.shape[1]
    return F.conv2d(t, kernel.expand(c, 1, *kernel.shape), groups=c)


def ssim_maps(x, y, filters, data_range, cov_norm=1.0):
    """SSIM and contrast-structure maps over valid windows; filters are 2-D kernels applied in turn."""
    def f(t):
        for k in filters:
            t = depthwise(t, k)
        return t
    c1, c2 = (K1 * data_range) ** 2, (K2 * data_range) ** 2
    ux, uy = f(x), f(y)
    vx = cov_norm * (f(x * x) - ux * ux)
    vy = cov_norm * (f(y * y) - uy * uy)
    vxy = cov_norm * (f(x * y) - ux * uy)
    cs = (2 * vxy + c2) / (vx + vy + c2)
    return (2 * ux * uy + c1) / (ux ** 2 + uy ** 2 + c1) * cs, cs


def monai_ssim_loss(x, y, data_range):
    """MONAI's SSIMLoss (Gaussian 11x11, sigma 1.5, 2-D kernel, population statistics); its mean
    over pixels and channels equals pytorch_msssim's SSIM, whose window is the same kernel applied
    as two 1-D passes."""
    g = gaussian_1d()
    s, _ = ssim_maps(x, y, [torch.outer(g, g)], data_range)
    return 1 - s.mean()


class FastMriSSIMLoss(nn.Module):
    """fastMRI's SSIMLoss (fastmri/losses.py), written out: uniform 7x7 window, sample covariance."""

    def __init__(self, win_size=7, k1=0.01, k2=0.03):
        super().__init__()
        self.k1, self.k2 = k1, k2
        self.register_buffer("w", torch.ones(1, 1, win_size, win_size, dtype=torch.float64) / win_size ** 2)
        np_ = win_size ** 2
        self.cov_norm = np_ / (np_ - 1)

    def forward(self, X, Y, data_range):
        data_range = data_range[:, None, None, None]
        C1 = (self.k1 * data_range) ** 2
        C2 = (self.k2 * data_range) ** 2
        ux = F.conv2d(X, self.w)
        uy = F.conv2d(Y, self.w)
        uxx = F.conv2d(X * X, self.w)
        uyy = F.conv2d(Y * Y, self.w)
        uxy = F.conv2d(X * Y, self.w)
        vx = self.cov_norm * (uxx - ux * ux)
        vy = self.cov_norm * (uyy - uy * uy)
        vxy = self.cov_norm * (uxy - ux * uy)
        A1, A2, B1, B2 = 2 * ux * uy + C1, 2 * vxy + C2, ux ** 2 + uy ** 2 + C1, vx + vy + C2
        S = (A1 * A2) / (B1 * B2)
        return 1 - S.mean()


def ms_ssim(x, y, data_range, weights=MS_SSIM_WEIGHTS):
    """pytorch_msssim's ms_ssim with its defaults: per level the channel means of the cs map (ReLU'd),
    then 2x2 average pooling padded by size % 2; at the last level the channel means of the SSIM
    map (ReLU'd); the product of the levels raised to their weights, averaged over batch and channels."""
    g = gaussian_1d()
    filters = [g.view(-1, 1), g.view(1, -1)]
    mcs = []
    for level in range(len(weights)):
        s, cs = ssim_maps(x, y, filters, data_range)
        if level < len(weights) - 1:
            mcs.append(torch.relu(cs.flatten(2).mean(-1)))
            padding = [d % 2 for d in x.shape[2:]]
            x = F.avg_pool2d(x, kernel_size=2, padding=padding)
            y = F.avg_pool2d(y, kernel_size=2, padding=padding)
    values = torch.stack(mcs + [torch.relu(s.flatten(2).mean(-1))], dim=0)
    w = torch.tensor(weights, dtype=values.dtype).view(-1, 1, 1)
    return torch.prod(values ** w, dim=0).mean()


def smooth_image(n, c, h, w, scale=1.0):
    """A blurry random image in [0, scale] (coarse noise upsampled, plus finer detail), with a
    noisy copy: SSIM well above 0 at every scale, as between a reconstruction and its target."""
    coarse = F.interpolate(torch.rand(n, c, max(h // 16, 2), max(w // 16, 2)), size=(h, w), mode="bilinear",
                           align_corners=False)
    fine = F.interpolate(torch.rand(n, c, max(h // 4, 2), max(w // 4, 2)), size=(h, w), mode="bilinear",
                         align_corners=False)
    target = (0.7 * coarse + 0.3 * fine) * scale
    noisy = (target + 0.05 * scale * torch.randn(n, c, h, w)).clamp(0, scale)
    return noisy, target


def ssim_case(name, loss, args, x, y, fn, extra=None, half=False):
    """A SSIM-type loss of (input, target): gradients for the input only (the target is data)."""
    x = (half_exact(x) if half else x.double()).requires_grad_(True)
    y = half_exact(y) if half else y.double()
    out = fn(x, y)
    (gx,) = torch.autograd.grad(out, [x])
    stored = (lambda t: t.half()) if half else (lambda t: t.float())
    tensors = {"input": stored(x), "target": stored(y), "output": out, "grad_input": gx}
    tensors.update(extra or {})
    save(name, tensors, {"loss": loss, "args": json.dumps(args)})


def ssim_cases():
    for shape, data_range in (((2, 3, 24, 28), 1.0), ((1, 1, 17, 11), 2.0)):
        name = f"ssim_gaussian__{'x'.join(map(str, shape))}_range{data_range:g}"
        seed(name)
        x, y = smooth_image(*shape, scale=data_range)
        ssim_case(name, "SSIMLoss", {"window": "gaussian", "data_range": data_range}, x, y,
                  lambda a, b, r=data_range: monai_ssim_loss(a, b, r))

    fastmri = FastMriSSIMLoss()
    # fastMRI passes one data range per image (the volume's maximum); here each image's own scale
    name = "ssim_fastmri__3x1x20x24_per_image"
    seed(name)
    scales = torch.tensor([1.0, 0.02, 350.0])
    x, y = smooth_image(3, 1, 20, 24)
    x, y = x * scales.view(-1, 1, 1, 1), y * scales.view(-1, 1, 1, 1)
    data_range = y.flatten(1).max(dim=1).values.double()
    ssim_case(name, "SSIMLoss", {"window": "fastmri", "data_range": "per_image"}, x, y,
              lambda a, b: fastmri(a, b, data_range), {"data_range": data_range.float()})

    name = "ssim_fastmri__2x1x9x7_range1"
    seed(name)
    x, y = smooth_image(2, 1, 9, 7)
    ssim_case(name, "SSIMLoss", {"window": "fastmri", "data_range": 1.0}, x, y,
              lambda a, b: fastmri(a, b, torch.ones(2, dtype=torch.float64)))

    name = "msssim__1x1x192x192_range1"
    seed(name)
    x, y = smooth_image(1, 1, 192, 192)
    ssim_case(name, "MSSSIMLoss", {"data_range": 1.0, "weights": MS_SSIM_WEIGHTS}, x, y,
              lambda a, b: 1 - ms_ssim(a, b, 1.0), half=True)

    name = "msssim__1x1x163x161_range255"
    seed(name)
    x, y = smooth_image(1, 1, 163, 161, scale=255.0)  # odd sizes: the pooling pads; 161 is the least allowed
    ssim_case(name, "MSSSIMLoss", {"data_range": 255.0, "weights": MS_SSIM_WEIGHTS}, x, y,
              lambda a, b: 1 - ms_ssim(a, b, 255.0), half=True)


# ---------------------------------------------------------------------------------------------
# Adversarial losses

def adversarial(kind, real, fake):
    """(discriminator loss, generator loss) for logits of real and generated samples."""
    bce = F.binary_cross_entropy_with_logits
    if kind == "vanilla":
        return (bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake)),
                bce(fake, torch.ones_like(fake)))  # the non-saturating generator loss
    if kind == "lsgan":
        return F.mse_loss(real, torch.ones_like(real)) + F.mse_loss(fake, torch.zeros_like(fake)), \
            F.mse_loss(fake, torch.ones_like(fake))
    if kind == "hinge":
        return torch.relu(1 - real).mean() + torch.relu(1 + fake).mean(), -fake.mean()
    raise ValueError(kind)


def adversarial_cases():
    for kind in ("vanilla", "lsgan", "hinge"):
        name = f"adversarial__{kind}"
        seed(name)
        real = away_from(randn(3, 1, 4, 4, scale=1.5, shift=0.5), [1.0, -1.0]).double().requires_grad_(True)
        fake = away_from(randn(3, 1, 4, 4, scale=1.5, shift=-0.5), [1.0, -1.0]).double().requires_grad_(True)
        d, g = adversarial(kind, real, fake)
        d_real, d_fake = torch.autograd.grad(d, [real, fake])
        (g_fake,) = torch.autograd.grad(g, [fake])
        save(name, {"real": real.float(), "fake": fake.float(), "discriminator": d, "discriminator.grad_real": d_real,
                    "discriminator.grad_fake": d_fake, "generator": g, "generator.grad_fake": g_fake},
             {"loss": "AdversarialLoss", "args": json.dumps({"kind": kind})})


# ---------------------------------------------------------------------------------------------
# VGG: torchvision's definition (torchvision is not installed), keys and shapes of the whole
# model, and features of its first ten layers with random weights

VGG_CONFIGS = {
    "vgg16": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "vgg19": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
VGG_LAYERS = 10  # features[:10]: conv1_1 .. pool2
VGG_OUTPUTS = [3, 8, 9]  # relu1_2, relu2_2, pool2
PERCEPTUAL_LAYERS = [3, 8]
PERCEPTUAL_WEIGHTS = [1.0, 0.5]


def vgg_features(config, device=None):
    """torchvision's make_layers without batch norm: conv3x3 (padding 1) + ReLU, MaxPool2d(2, 2) for "M"."""
    layers, channels = [], 3
    for v in config:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers += [nn.Conv2d(channels, v, kernel_size=3, padding=1, device=device), nn.ReLU(inplace=True)]
            channels = v
    return nn.Sequential(*layers)


class TorchvisionVGG(nn.Module):
    """torchvision.models.VGG as vgg16()/vgg19() build it: features, avgpool, classifier."""

    def __init__(self, config, device=None):
        super().__init__()
        self.features = vgg_features(config, device)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096, device=device), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, 4096, device=device), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, 1000, device=device))


def imagenet_input(x):
    """1 channel repeated to 3, then normalised with ImageNet's mean and standard deviation."""
    x = x.expand(-1, 3, -1, -1)
    mean = torch.tensor(IMAGENET_MEAN, dtype=x.dtype).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, dtype=x.dtype).view(1, 3, 1, 1)
    return (x - mean) / std


def activations(features, x, indices):
    out = []
    for i, layer in enumerate(features):
        x = layer(x)
        if i in indices:
            out.append(x)
    return out


def vgg_case():
    name = "vgg16__features10"
    seed(name)
    # The whole models on the meta device: keys and shapes without 528 MB of weights.
    keys = {arch: [[k, list(v.shape)] for k, v in TorchvisionVGG(cfg, device="meta").state_dict().items()]
            for arch, cfg in VGG_CONFIGS.items()}
    model = vgg_features(VGG_CONFIGS["vgg16"])[:VGG_LAYERS]  # keeps the indices 0..9
    with torch.no_grad():
        for m in model:
            if isinstance(m, nn.Conv2d):
                fan_in = m.weight[0].numel()
                # He-scaled weights and non-zero biases keep activations O(1) and test the bias;
                # float16 values halve the file and are exact in float32 and float64
                m.weight.copy_((torch.randn(m.weight.shape) * (2 / fan_in) ** 0.5).half().float())
                m.bias.copy_((torch.randn(m.bias.shape) * 0.1).half().float())
            elif isinstance(m, nn.ReLU):
                m.inplace = False  # keep the activations returned by activations() intact
    state = {"features." + k: v.half() for k, v in model.state_dict().items()}
    model = model.double()

    x = half_exact(torch.randn(1, 3, 16, 20))
    with torch.no_grad():
        outs = activations(model, x, VGG_OUTPUTS)
    tensors = {"state." + k: v for k, v in state.items()}
    tensors["input"] = x.half()
    for i, out in zip(VGG_OUTPUTS, outs):
        tensors[f"features.{i}"] = out

    # Perceptual loss on a 1-channel image pair in [0, 1]: sum of weighted L1 distances between the
    # features of input and target, the target's features taken without gradient.
    p_in, p_target = smooth_image(1, 1, 16, 20)
    p_in = half_exact(p_in).requires_grad_(True)
    p_target = half_exact(p_target)
    with torch.no_grad():
        target_features = activations(model, imagenet_input(p_target), PERCEPTUAL_LAYERS)
    input_features = activations(model, imagenet_input(p_in), PERCEPTUAL_LAYERS)
    loss = sum(w * F.l1_loss(a, b) for w, a, b in zip(PERCEPTUAL_WEIGHTS, input_features, target_features))
    (grad,) = torch.autograd.grad(loss, [p_in])
    tensors.update({"perceptual.input": p_in.half(), "perceptual.target": p_target.half(), "perceptual.output": loss,
                    "perceptual.grad_input": grad})
    save(name, tensors, {
        "torchvision_vgg16": json.dumps(keys["vgg16"]), "torchvision_vgg19": json.dumps(keys["vgg19"]),
        "layers": str(VGG_LAYERS), "outputs": json.dumps(VGG_OUTPUTS),
        "perceptual": json.dumps({"layers": PERCEPTUAL_LAYERS, "weights": PERCEPTUAL_WEIGHTS, "distance": "l1",
                                  "mean": IMAGENET_MEAN, "std": IMAGENET_STD}),
    })


# ---------------------------------------------------------------------------------------------

def main():
    LOSSES_DIR.mkdir(parents=True, exist_ok=True)
    for stale in LOSSES_DIR.glob("*.safetensors"):
        stale.unlink()
    smooth_l1_cases()
    charbonnier_cases()
    bce_cases()
    total_variation_case()
    ssim_cases()
    adversarial_cases()
    vgg_case()
    files = list(LOSSES_DIR.glob("*.safetensors"))
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {total} bytes, to {LOSSES_DIR}")
    assert total < MAX_BYTES, f"fixtures take {total} bytes, more than {MAX_BYTES}"


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes PyTorch reference fixtures for every Claritas op.

Run with Debian's python, which has torch 1.13 (CPU):

    /usr/bin/python3 tools/make_fixtures.py

Each case becomes kernels/src/test/resources/fixtures/ops/<op>__<case>.safetensors holding the
inputs, torch's outputs, random projections of the outputs and the gradients of
L = sum_k sum(out_k * proj_k) with respect to the inputs. See tools/README.md for the layout.
The script writes the safetensors format itself, so it needs no package beyond torch.
"""

import json
import struct
import sys
import zlib
from pathlib import Path

import torch
import torch.nn.functional as F

OUT_DIR = Path(__file__).resolve().parent.parent / "kernels/src/test/resources/fixtures/ops"

# ---------------------------------------------------------------------------------------------
# safetensors writer

SAFETENSORS_DTYPES = {
    torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
    torch.int32: "I32", torch.int64: "I64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.float32: "F32", torch.float64: "F64",
}


def tensor_bytes(t):
    """The elements of t, little-endian, row-major."""
    assert sys.byteorder == "little", "numpy's tobytes() writes native order"
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16; the bits are the same as an int16's
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata):
    """Writes tensors (a dict, kept in its order) and string metadata as a safetensors file."""
    header = {"__metadata__": metadata} if metadata else {}
    chunks, offset = [], 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # pad so the buffer starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for data in chunks:
            f.write(data)


# ---------------------------------------------------------------------------------------------
# Input helpers. All draw from torch's global generator, which is seeded per case.

def randn(*shape, scale=1.0, shift=0.0):
    return torch.randn(shape) * scale + shift


def positive(*shape, low=0.1, high=2.5):
    """Uniform in [low, high): for log, sqrt, rsqrt, pow bases and the like."""
    return torch.rand(shape) * (high - low) + low


def nonzero(*shape, low=0.5, high=2.0):
    """Magnitude in [low, high) with a random sign: denominators."""
    sign = torch.where(torch.rand(shape) < 0.5, -1.0, 1.0)
    return sign * positive(*shape, low=low, high=high)


def away_from(x, points, margin=0.05):
    """x with every value closer than margin to one of points pushed out to distance margin,
    so that finite differences and kinks (abs at 0, clamp bounds) cannot disagree with torch."""
    for p in points:
        d = x - p
        near = d.abs() < margin
        x = torch.where(near, p + torch.where(d < 0, -margin, margin), x)
    return x


def integerish(*shape, low=-2, high=3):
    """Small integers as float32, so that comparisons see ties."""
    return torch.randint(low, high, shape).float()


def distinct(*shapes):
    """Tensors of the given shapes whose values are all different from each other (no ties for
    max, min, pooling, maximum, minimum), spread like a standard normal's bulk."""
    sizes = [torch.Size(s).numel() for s in shapes]
    total = sum(sizes)
    values = (torch.randperm(total).float() - total / 2) * (4.0 / total)
    values = values + torch.rand(total) * (1.0 / total)  # break the regular grid, keep the order
    out, start = [], 0
    for shape, n in zip(shapes, sizes):
        out.append(values[start:start + n].reshape(shape).clone())
        start += n
    return out[0] if len(out) == 1 else out


def index(high, *shape):
    """int64 indices in [0, high), with repeats."""
    return torch.randint(0, high, shape)


# ---------------------------------------------------------------------------------------------
# Ops: how each op name is called. Tensor inputs come positionally, in order; args as keywords.

def fft2c(x):
    dims = (-2, -1)
    k = torch.fft.fftn(torch.fft.ifftshift(torch.view_as_complex(x), dim=dims), dim=dims, norm="ortho")
    return torch.view_as_real(torch.fft.fftshift(k, dim=dims))


def ifft2c(x):
    dims = (-2, -1)
    k = torch.fft.ifftn(torch.fft.ifftshift(torch.view_as_complex(x), dim=dims), dim=dims, norm="ortho")
    return torch.view_as_real(torch.fft.fftshift(k, dim=dims))


OPS = {
    # unary
    "neg": torch.neg, "abs": torch.abs, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
    "rsqrt": torch.rsqrt, "sin": torch.sin, "cos": torch.cos, "tanh": torch.tanh,
    "sigmoid": torch.sigmoid, "relu": torch.relu, "leaky_relu": F.leaky_relu, "gelu": F.gelu,
    "pow_scalar": torch.pow, "clamp": torch.clamp,
    # binary
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum, "eq": torch.eq, "ne": torch.ne,
    "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge, "where": torch.where,
    # reductions
    "sum": torch.sum, "mean": torch.mean, "var": torch.var, "std": torch.std, "max": torch.max,
    "min": torch.min, "amax": torch.amax, "amin": torch.amin, "argmax": torch.argmax,
    "argmin": torch.argmin,
    "softmax": torch.softmax, "log_softmax": torch.log_softmax,
    "matmul": torch.matmul, "bmm": torch.bmm,
    # neural-network layers
    "conv2d": F.conv2d, "conv_transpose2d": F.conv_transpose2d, "max_pool2d": F.max_pool2d,
    "avg_pool2d": F.avg_pool2d, "interpolate": F.interpolate, "pad": F.pad,
    "conv3d": F.conv3d, "conv_transpose3d": F.conv_transpose3d, "max_pool3d": F.max_pool3d,
    "avg_pool3d": F.avg_pool3d,
    # joining and splitting
    "cat": lambda *xs, **kw: torch.cat(xs, **kw),
    "stack": lambda *xs, **kw: torch.stack(xs, **kw),
    "split": torch.split, "chunk": torch.chunk,
    # indexing
    "index_select": lambda x, i, dim: torch.index_select(x, dim, i),
    "gather": lambda x, i, dim: torch.gather(x, dim, i),
    "scatter_add": lambda x, i, src, dim: torch.scatter_add(x, dim, i, src),
    # views
    "reshape": torch.reshape, "permute": torch.permute, "transpose": torch.transpose,
    "narrow": torch.narrow, "expand": lambda x, size: x.expand(size), "squeeze": torch.squeeze,
    "unsqueeze": torch.unsqueeze, "flatten": torch.flatten, "contiguous": lambda x: x.contiguous(),
    # MRI
    "fft2c": fft2c, "ifft2c": ifft2c,
    # losses
    "mse_loss": F.mse_loss, "l1_loss": F.l1_loss,
}


def apply_views(t, transforms):
    """Applies view transforms, each a list [name, *arguments], in order."""
    for name, *a in transforms:
        if name == "permute":
            t = t.permute(*a[0])
        elif name == "transpose":
            t = t.transpose(a[0], a[1])
        elif name == "narrow":
            t = t.narrow(a[0], a[1], a[2])
        elif name == "expand":
            t = t.expand(*a[0])
        elif name == "unsqueeze":
            t = t.unsqueeze(a[0])
        else:
            raise ValueError("unknown view transform " + name)
    return t


# ---------------------------------------------------------------------------------------------
# Cases

CASES = []  # (op, case name, function returning the case's fields)


def case(op, name, make):
    """Registers a case. make() runs after seeding and returns a dict with:
    inputs (list of base tensors), and optionally args (keyword arguments of the op),
    views ({input index: [transforms]}), grad (input indices to differentiate; default every
    float32 input) and note (free text)."""
    CASES.append((op, name, make))


def run_case(op, name, make):
    torch.manual_seed(zlib.crc32(f"{op}__{name}".encode()))
    spec = make()
    inputs = [t.contiguous() for t in spec["inputs"]]
    args = spec.get("args", {})
    views = spec.get("views", {})
    grad = spec.get("grad")
    if grad is None:
        grad = [i for i, t in enumerate(inputs) if t.dtype == torch.float32]
    bases = [t.clone().requires_grad_(i in grad) for i, t in enumerate(inputs)]
    viewed = [apply_views(b, views.get(i, [])) for i, b in enumerate(bases)]
    result = OPS[op](*viewed, **args)
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    single = len(outs) == 1

    tensors = {f"in{i}": t for i, t in enumerate(inputs)}
    loss = 0
    for k, out in enumerate(outs):
        suffix = "" if single else str(k)
        tensors["out" + suffix] = out.detach().contiguous()
        if out.dtype == torch.float32:
            proj = torch.randn(out.shape)
            tensors["proj" + suffix] = proj
            loss = loss + (out * proj).sum()
    if grad:
        grads = torch.autograd.grad(loss, [bases[i] for i in grad])
        for i, g in zip(grad, grads):
            tensors[f"grad{i}"] = g.contiguous()

    metadata = {
        "op": op,
        "args": json.dumps(args),
        "views": json.dumps({str(i): v for i, v in views.items()}),
        "grad_inputs": json.dumps(grad),
        "note": spec.get("note", ""),
    }
    write_safetensors(OUT_DIR / f"{op}__{name}.safetensors", tensors, metadata)


# --- unary -----------------------------------------------------------------------------------

UNARY = {  # op: (input maker for a shape, kinks to stay away from)
    "neg": (randn, []), "abs": (randn, [0.0]), "exp": (randn, []), "log": (positive, []),
    "sqrt": (positive, []), "rsqrt": (lambda *s: positive(*s, low=0.3), []), "sin": (randn, []),
    "cos": (randn, []), "tanh": (randn, []), "sigmoid": (randn, []), "relu": (randn, [0.0]),
    "gelu": (lambda *s: randn(*s, scale=2.0), []),
}

for _op, (_make, _kinks) in UNARY.items():
    case(_op, "3x5x7", lambda m=_make, k=_kinks: {"inputs": [away_from(m(3, 5, 7), k)]})
    case(_op, "transposed", lambda m=_make, k=_kinks: {
        "inputs": [away_from(m(7, 5, 3), k)], "views": {0: [["transpose", 0, 2]]}})
    case(_op, "expanded", lambda m=_make, k=_kinks: {
        "inputs": [away_from(m(5, 1), k)], "views": {0: [["expand", [3, 5, 4]]]},
        "note": "the gradient sums over the expanded dimensions"})

for _slope in (0.01, 0.2):
    case("leaky_relu", f"slope_{_slope}", lambda s=_slope: {
        "inputs": [away_from(randn(3, 5, 7), [0.0])], "args": {"negative_slope": s}})
case("leaky_relu", "slope_0.2_narrowed", lambda: {
    "inputs": [away_from(randn(4, 9, 6), [0.0])], "args": {"negative_slope": 0.2},
    "views": {0: [["narrow", 1, 2, 5]]}})

case("gelu", "approximate_none_explicit", lambda: {
    "inputs": [randn(5, 7, scale=2.0)], "args": {"approximate": "none"}})

for _name, _exp, _make in (("square", 2.0, randn), ("cube", 3.0, randn),
                           ("sqrt", 0.5, positive), ("neg_1.5", -1.5, lambda *s: positive(*s, low=0.3))):
    case("pow_scalar", _name, lambda e=_exp, m=_make: {
        "inputs": [m(3, 5, 7)], "args": {"exponent": e},
        "note": "torch.pow(input, exponent) with a Python float exponent"})
case("pow_scalar", "square_permuted", lambda: {
    "inputs": [randn(7, 3, 5)], "args": {"exponent": 2.0}, "views": {0: [["permute", [1, 2, 0]]]}})

for _name, _args in (("min", {"min": -0.5}), ("max", {"max": 0.5}), ("both", {"min": -0.3, "max": 0.8})):
    case("clamp", _name, lambda a=_args: {
        "inputs": [away_from(randn(3, 5, 7), list(a.values()))], "args": a,
        "note": "inputs stay 0.05 away from the bounds"})
case("clamp", "both_transposed", lambda: {
    "inputs": [away_from(randn(7, 5), [-0.3, 0.8])], "args": {"min": -0.3, "max": 0.8},
    "views": {0: [["transpose", 0, 1]]}})

# --- binary ----------------------------------------------------------------------------------

BINARY = {  # op: maker of (first, second) for two shapes
    "add": lambda a, b: (randn(*a), randn(*b)),
    "sub": lambda a, b: (randn(*a), randn(*b)),
    "mul": lambda a, b: (randn(*a), randn(*b)),
    "div": lambda a, b: (randn(*a), nonzero(*b)),
    "pow": lambda a, b: (positive(*a, low=0.5, high=2.0), randn(*b)),
    "maximum": lambda a, b: distinct(a, b),
    "minimum": lambda a, b: distinct(a, b),
}

for _op, _make in BINARY.items():
    case(_op, "3x5x7", lambda m=_make: {"inputs": list(m((3, 5, 7), (3, 5, 7)))})
    case(_op, "broadcast_3x5x7_5x1", lambda m=_make: {"inputs": list(m((3, 5, 7), (5, 1)))})
    case(_op, "broadcast_both_4x1x6_5x1", lambda m=_make: {"inputs": list(m((4, 1, 6), (5, 1)))})
    case(_op, "views", lambda m=_make: {
        "inputs": list(m((5, 3, 7), (7, 6))),
        "views": {0: [["permute", [1, 0, 2]]], 1: [["narrow", 1, 1, 5], ["transpose", 0, 1]]},
        "note": "in0 is permuted to 3x5x7, in1 narrowed and transposed to 5x7"})
    case(_op, "scalar_tensor", lambda m=_make: {
        "inputs": list(m((3, 4), ())), "note": "in1 is a 0-dimensional tensor"})

for _op in ("eq", "ne", "lt", "le", "gt", "ge"):
    case(_op, "3x5x7", lambda: {"inputs": [integerish(3, 5, 7), integerish(3, 5, 7)], "grad": [],
                                "note": "integer-valued floats so that there are ties"})
    case(_op, "broadcast_3x5x7_5x1", lambda: {
        "inputs": [integerish(3, 5, 7), integerish(5, 1)], "grad": []})
    case(_op, "views", lambda: {
        "inputs": [integerish(7, 5), integerish(5, 1)], "grad": [],
        "views": {0: [["transpose", 0, 1]], 1: [["expand", [5, 7]]]}})

case("where", "same_shape", lambda: {
    "inputs": [torch.rand(3, 5, 7) < 0.5, randn(3, 5, 7), randn(3, 5, 7)]})
case("where", "broadcast", lambda: {
    "inputs": [torch.rand(5, 1) < 0.5, randn(3, 5, 7), randn(7)],
    "note": "condition 5x1, x 3x5x7, y 7"})
case("where", "views", lambda: {
    "inputs": [torch.rand(7, 5) < 0.5, randn(5, 7), randn(4, 7, 5)],
    "views": {0: [["transpose", 0, 1]], 2: [["narrow", 0, 1, 3], ["transpose", 1, 2]]}})

# --- reductions ------------------------------------------------------------------------------

for _op in ("sum", "mean"):
    case(_op, "all", lambda: {"inputs": [randn(3, 5, 7)]})
    case(_op, "dim1", lambda: {"inputs": [randn(3, 5, 7)], "args": {"dim": 1}})
    case(_op, "dim1_keepdim", lambda: {"inputs": [randn(3, 5, 7)], "args": {"dim": 1, "keepdim": True}})
    case(_op, "dims_0_2", lambda: {"inputs": [randn(3, 5, 7)], "args": {"dim": [0, 2]}})
    case(_op, "dims_0_2_keepdim_permuted", lambda: {
        "inputs": [randn(5, 7, 3)], "args": {"dim": [0, 2], "keepdim": True},
        "views": {0: [["permute", [2, 0, 1]]]}})

for _op in ("var", "std"):
    case(_op, "dim1_unbiased", lambda: {"inputs": [randn(3, 5, 7)], "args": {"dim": 1, "unbiased": True}})
    case(_op, "dim1_biased_keepdim", lambda: {
        "inputs": [randn(3, 5, 7)], "args": {"dim": 1, "unbiased": False, "keepdim": True}})
    case(_op, "dims_0_2_unbiased", lambda: {
        "inputs": [randn(3, 5, 7)], "args": {"dim": [0, 2], "unbiased": True}})
    case(_op, "dim_last_biased_transposed", lambda: {
        "inputs": [randn(7, 5)], "args": {"dim": -1, "unbiased": False},
        "views": {0: [["transpose", 0, 1]]}})

for _op in ("max", "min"):
    case(_op, "all", lambda: {"inputs": [distinct((3, 5, 7))], "note": "no ties"})
    case(_op, "dim1", lambda: {"inputs": [distinct((3, 5, 7))], "args": {"dim": 1},
                               "note": "returns values (out0) and int64 indices (out1); no ties"})
    case(_op, "dim_last_keepdim", lambda: {"inputs": [distinct((3, 5, 7))],
                                           "args": {"dim": -1, "keepdim": True}})
    case(_op, "dim0_transposed", lambda: {"inputs": [distinct((7, 5))], "args": {"dim": 0},
                                          "views": {0: [["transpose", 0, 1]]}})

for _op in ("amax", "amin"):
    case(_op, "dims_0_2", lambda: {"inputs": [distinct((3, 5, 7))], "args": {"dim": [0, 2]}})
    case(_op, "dims_1_2_keepdim", lambda: {"inputs": [distinct((3, 5, 7))],
                                           "args": {"dim": [1, 2], "keepdim": True}})
    case(_op, "dim_last", lambda: {"inputs": [distinct((4, 6))], "args": {"dim": -1}})

for _op in ("argmax", "argmin"):
    case(_op, "dim1", lambda: {"inputs": [distinct((3, 5, 7))], "args": {"dim": 1}, "grad": []})
    case(_op, "dim_last_keepdim", lambda: {"inputs": [distinct((3, 5, 7))],
                                           "args": {"dim": -1, "keepdim": True}, "grad": []})
    case(_op, "dim0_permuted", lambda: {"inputs": [distinct((5, 7, 3))], "args": {"dim": 0}, "grad": [],
                                        "views": {0: [["permute", [2, 0, 1]]]}})

for _op in ("softmax", "log_softmax"):
    case(_op, "dim_last", lambda: {"inputs": [randn(3, 5, 7, scale=2.0)], "args": {"dim": -1}})
    case(_op, "dim1", lambda: {"inputs": [randn(3, 5, 7, scale=2.0)], "args": {"dim": 1}})
    case(_op, "dim_last_transposed", lambda: {"inputs": [randn(7, 5, 3, scale=2.0)], "args": {"dim": -1},
                                              "views": {0: [["transpose", 0, 2]]}})

# --- matrix products -------------------------------------------------------------------------

case("matmul", "2d_2d", lambda: {"inputs": [randn(5, 7), randn(7, 3)]})
case("matmul", "3d_3d_batched", lambda: {"inputs": [randn(2, 5, 7), randn(2, 7, 3)]})
case("matmul", "4d_3d_broadcast", lambda: {"inputs": [randn(2, 3, 4, 5), randn(3, 5, 6)]})
case("matmul", "matrix_vector", lambda: {"inputs": [randn(5, 7), randn(7)]})
case("matmul", "vector_matrix", lambda: {"inputs": [randn(7), randn(7, 3)]})
case("matmul", "2d_2d_transposed", lambda: {
    "inputs": [randn(5, 7), randn(3, 7)], "views": {1: [["transpose", 0, 1]]}})
case("bmm", "4x5x7_4x7x3", lambda: {"inputs": [randn(4, 5, 7), randn(4, 7, 3)]})
case("bmm", "transposed", lambda: {
    "inputs": [randn(4, 7, 5), randn(4, 7, 3)], "views": {0: [["transpose", 1, 2]]}})

# --- convolution -----------------------------------------------------------------------------


def per_axis(v, rank):
    """A tuple as a list, or one number repeated for each of rank spatial axes."""
    return list(v) if isinstance(v, tuple) else [v] * rank


def conv_args(stride=1, padding=0, dilation=1, groups=1, rank=2):
    return {"stride": per_axis(stride, rank), "padding": per_axis(padding, rank),
            "dilation": per_axis(dilation, rank), "groups": groups}


case("conv2d", "bias_pad1", lambda: {
    "inputs": [randn(2, 3, 9, 11), randn(4, 3, 3, 3, scale=0.3), randn(4)], "args": conv_args(padding=1)})
case("conv2d", "nobias_stride2_pad1", lambda: {
    "inputs": [randn(2, 3, 9, 11), randn(5, 3, 3, 3, scale=0.3)], "args": conv_args(stride=2, padding=1)})
case("conv2d", "bias_pad2_dilation2", lambda: {
    "inputs": [randn(1, 2, 9, 11), randn(3, 2, 3, 3, scale=0.3), randn(3)],
    "args": conv_args(padding=2, dilation=2)})
case("conv2d", "groups2", lambda: {
    "inputs": [randn(2, 4, 7, 9), randn(6, 2, 3, 3, scale=0.3), randn(6)], "args": conv_args(groups=2)})
case("conv2d", "depthwise", lambda: {
    "inputs": [randn(1, 4, 8, 7), randn(4, 1, 3, 3, scale=0.3)], "args": conv_args(padding=1, groups=4)})
case("conv2d", "kernel3x1_stride_1x2", lambda: {
    "inputs": [randn(2, 3, 9, 11), randn(4, 3, 3, 1, scale=0.3), randn(4)],
    "args": conv_args(stride=(1, 2), padding=(1, 0))})
case("conv2d", "nhwc_input_view", lambda: {
    "inputs": [randn(2, 9, 11, 3), randn(4, 3, 3, 3, scale=0.3), randn(4)], "args": conv_args(padding=1),
    "views": {0: [["permute", [0, 3, 1, 2]]]}, "note": "in0 is stored channels-last and permuted"})


def conv_t_args(stride=1, padding=0, output_padding=0, groups=1, dilation=1, rank=2):
    return {"stride": per_axis(stride, rank), "padding": per_axis(padding, rank),
            "output_padding": per_axis(output_padding, rank), "groups": groups, "dilation": per_axis(dilation, rank)}


case("conv_transpose2d", "unet_up_k2_s2_bias", lambda: {
    "inputs": [randn(2, 4, 5, 7), randn(4, 2, 2, 2, scale=0.3), randn(2)], "args": conv_t_args(stride=2),
    "note": "weight is [in_channels, out_channels/groups, kH, kW]"})
case("conv_transpose2d", "k3_s2_p1_outpad1", lambda: {
    "inputs": [randn(1, 3, 5, 6), randn(3, 4, 3, 3, scale=0.3)],
    "args": conv_t_args(stride=2, padding=1, output_padding=1)})
case("conv_transpose2d", "groups2_bias", lambda: {
    "inputs": [randn(2, 4, 5, 5), randn(4, 3, 3, 3, scale=0.3), randn(6)],
    "args": conv_t_args(padding=1, groups=2)})
case("conv_transpose2d", "dilation2", lambda: {
    "inputs": [randn(1, 2, 6, 5), randn(2, 3, 3, 3, scale=0.3)], "args": conv_t_args(padding=1, dilation=2)})

# --- 3-D convolution: [N, C, D, H, W] volumes --------------------------------------------------

case("conv3d", "bias_pad1", lambda: {
    "inputs": [randn(2, 2, 5, 6, 7), randn(3, 2, 3, 3, 3, scale=0.3), randn(3)], "args": conv_args(padding=1, rank=3)})
case("conv3d", "nobias_stride2_pad1", lambda: {
    "inputs": [randn(1, 2, 5, 6, 7), randn(4, 2, 3, 3, 3, scale=0.3)], "args": conv_args(stride=2, padding=1, rank=3)})
case("conv3d", "bias_pad2_dilation2", lambda: {
    "inputs": [randn(1, 2, 5, 6, 7), randn(3, 2, 3, 3, 3, scale=0.3), randn(3)],
    "args": conv_args(padding=2, dilation=2, rank=3)})
case("conv3d", "groups2_bias", lambda: {
    "inputs": [randn(2, 4, 4, 5, 6), randn(6, 2, 3, 3, 3, scale=0.3), randn(6)], "args": conv_args(groups=2, rank=3)})
case("conv3d", "kernel1x3x3_stride_1x2x2", lambda: {
    "inputs": [randn(1, 3, 4, 7, 8), randn(4, 3, 1, 3, 3, scale=0.3), randn(4)],
    "args": conv_args(stride=(1, 2, 2), padding=(0, 1, 1), rank=3),
    "note": "an in-plane kernel, as anisotropic MRI volumes use"})
case("conv3d", "ndhwc_input_view", lambda: {
    "inputs": [randn(1, 5, 6, 7, 2), randn(3, 2, 3, 3, 3, scale=0.3), randn(3)], "args": conv_args(padding=1, rank=3),
    "views": {0: [["permute", [0, 4, 1, 2, 3]]]}, "note": "in0 is stored channels-last and permuted"})

case("conv_transpose3d", "k2_s2_bias", lambda: {
    "inputs": [randn(2, 4, 3, 4, 5), randn(4, 2, 2, 2, 2, scale=0.3), randn(2)], "args": conv_t_args(stride=2, rank=3),
    "note": "weight is [in_channels, out_channels/groups, kD, kH, kW]"})
case("conv_transpose3d", "k3_s2_p1_outpad1", lambda: {
    "inputs": [randn(1, 2, 3, 4, 3), randn(2, 3, 3, 3, 3, scale=0.3)],
    "args": conv_t_args(stride=2, padding=1, output_padding=1, rank=3)})
case("conv_transpose3d", "groups2_bias", lambda: {
    "inputs": [randn(1, 4, 3, 4, 4), randn(4, 2, 3, 3, 3, scale=0.3), randn(4)],
    "args": conv_t_args(padding=1, groups=2, rank=3)})
case("conv_transpose3d", "dilation2", lambda: {
    "inputs": [randn(1, 2, 3, 4, 3), randn(2, 2, 3, 3, 3, scale=0.3)],
    "args": conv_t_args(padding=1, dilation=2, rank=3)})

# --- pooling ---------------------------------------------------------------------------------


def pool_args(op, kernel, stride, padding=0, ceil_mode=False, rank=2, **extra):
    args = {"kernel_size": [kernel] * rank, "stride": [stride] * rank, "padding": [padding] * rank}
    if op.startswith("max_pool"):
        args["dilation"] = [1] * rank
    args["ceil_mode"] = ceil_mode
    args.update(extra)
    return args


for _op in ("max_pool2d", "avg_pool2d"):
    case(_op, "k2_s2", lambda o=_op: {"inputs": [distinct((2, 3, 8, 10))], "args": pool_args(o, 2, 2)})
    case(_op, "k3_s2_p1", lambda o=_op: {"inputs": [distinct((2, 3, 9, 11))], "args": pool_args(o, 3, 2, 1)})
    case(_op, "k2_s2_ceil_odd", lambda o=_op: {
        "inputs": [distinct((1, 2, 9, 11))], "args": pool_args(o, 2, 2, ceil_mode=True),
        "note": "the last window in each direction hangs over the edge"})
    case(_op, "k3_s2_p1_ceil_transposed", lambda o=_op: {
        "inputs": [distinct((1, 2, 10, 9))], "args": pool_args(o, 3, 2, 1, ceil_mode=True),
        "views": {0: [["transpose", 2, 3]]}})
case("avg_pool2d", "k3_s2_p1_exclude_pad", lambda: {
    "inputs": [randn(2, 3, 9, 11)], "args": pool_args("avg_pool2d", 3, 2, 1, count_include_pad=False),
    "note": "count_include_pad False: padding does not count in the divisor"})

for _op in ("max_pool3d", "avg_pool3d"):
    case(_op, "k2_s2", lambda o=_op: {"inputs": [distinct((2, 2, 4, 6, 6))], "args": pool_args(o, 2, 2, rank=3)})
    case(_op, "k3_s2_p1", lambda o=_op: {"inputs": [distinct((1, 2, 5, 6, 7))], "args": pool_args(o, 3, 2, 1, rank=3)})
    case(_op, "k2_s2_ceil_odd", lambda o=_op: {
        "inputs": [distinct((1, 2, 5, 6, 7))], "args": pool_args(o, 2, 2, ceil_mode=True, rank=3),
        "note": "the last window along each axis hangs over the edge"})
    case(_op, "k3_s2_p1_ceil_transposed", lambda o=_op: {
        "inputs": [distinct((1, 2, 5, 7, 6))], "args": pool_args(o, 3, 2, 1, ceil_mode=True, rank=3),
        "views": {0: [["transpose", 3, 4]]}})
case("avg_pool3d", "k3_s2_p1_exclude_pad", lambda: {
    "inputs": [randn(1, 2, 5, 6, 7)], "args": pool_args("avg_pool3d", 3, 2, 1, rank=3, count_include_pad=False),
    "note": "count_include_pad False: padding does not count in the divisor"})
case("avg_pool3d", "k3_s2_p1_ceil_exclude_pad", lambda: {
    "inputs": [randn(1, 2, 6, 5, 7)],
    "args": pool_args("avg_pool3d", 3, 2, 1, ceil_mode=True, rank=3, count_include_pad=False)})

# --- interpolation ---------------------------------------------------------------------------

case("interpolate", "nearest_scale2", lambda: {
    "inputs": [randn(2, 3, 4, 5)], "args": {"scale_factor": [2.0, 2.0], "mode": "nearest"}})
case("interpolate", "nearest_size_7x5", lambda: {
    "inputs": [randn(1, 2, 3, 4)], "args": {"size": [7, 5], "mode": "nearest"},
    "note": "torch's legacy nearest: source index floor(dst * in / out)"})
case("interpolate", "bilinear_up_scale2", lambda: {
    "inputs": [randn(2, 3, 4, 5)], "args": {"scale_factor": [2.0, 2.0], "mode": "bilinear", "align_corners": False}})
case("interpolate", "bilinear_up_size_align_corners", lambda: {
    "inputs": [randn(1, 2, 4, 5)], "args": {"size": [7, 9], "mode": "bilinear", "align_corners": True}})
case("interpolate", "bilinear_down_size", lambda: {
    "inputs": [randn(1, 2, 7, 9)], "args": {"size": [3, 4], "mode": "bilinear", "align_corners": False}})
case("interpolate", "bilinear_down_size_align_corners", lambda: {
    "inputs": [randn(1, 2, 9, 7)], "args": {"size": [4, 3], "mode": "bilinear", "align_corners": True}})

# --- padding ---------------------------------------------------------------------------------

case("pad", "constant_0", lambda: {
    "inputs": [randn(2, 3, 5, 6)], "args": {"pad": [1, 2, 3, 0], "mode": "constant", "value": 0.0},
    "note": "pad lists (left, right, top, bottom) for the last two dimensions"})
case("pad", "constant_1.5", lambda: {
    "inputs": [randn(2, 3, 5, 6)], "args": {"pad": [2, 0, 1, 3], "mode": "constant", "value": 1.5}})
case("pad", "reflect", lambda: {
    "inputs": [randn(2, 3, 5, 6)], "args": {"pad": [1, 2, 3, 0], "mode": "reflect"}})
case("pad", "replicate", lambda: {
    "inputs": [randn(2, 3, 5, 6)], "args": {"pad": [1, 2, 3, 0], "mode": "replicate"}})
case("pad", "reflect_transposed", lambda: {
    "inputs": [randn(2, 3, 6, 5)], "args": {"pad": [2, 1, 0, 3], "mode": "reflect"},
    "views": {0: [["transpose", 2, 3]]}})

# --- joining and splitting -------------------------------------------------------------------

case("cat", "dim0", lambda: {"inputs": [randn(2, 3, 4), randn(1, 3, 4), randn(3, 3, 4)], "args": {"dim": 0}})
case("cat", "dim1", lambda: {"inputs": [randn(2, 3, 4), randn(2, 1, 4), randn(2, 5, 4)], "args": {"dim": 1}})
case("cat", "dim_last_views", lambda: {
    "inputs": [randn(2, 3, 4), randn(2, 3, 5), randn(3, 2, 2)], "args": {"dim": -1},
    "views": {1: [["narrow", 2, 1, 3]], 2: [["transpose", 0, 1]]}})
case("stack", "dim0", lambda: {"inputs": [randn(3, 4), randn(3, 4), randn(3, 4)], "args": {"dim": 0}})
case("stack", "dim2_views", lambda: {
    "inputs": [randn(3, 4), randn(4, 3), randn(3, 4)], "args": {"dim": 2},
    "views": {1: [["transpose", 0, 1]]}})
case("split", "size2_remainder", lambda: {
    "inputs": [randn(3, 5, 4)], "args": {"split_size_or_sections": 2, "dim": 1},
    "note": "pieces of 2, 2 and 1 along dim 1"})
case("split", "sections_1_3_2", lambda: {
    "inputs": [randn(3, 6, 4)], "args": {"split_size_or_sections": [1, 3, 2], "dim": 1}})
case("chunk", "3_of_7", lambda: {"inputs": [randn(3, 7, 2)], "args": {"chunks": 3, "dim": 1},
                                 "note": "pieces of 3, 3 and 1"})
case("chunk", "3_of_4_gives_2", lambda: {"inputs": [randn(4, 5)], "args": {"chunks": 3, "dim": 0},
                                         "note": "torch uses pieces of ceil(4/3) = 2, so only two come out"})
case("chunk", "3_of_5_dim_last", lambda: {"inputs": [randn(2, 3, 5)], "args": {"chunks": 3, "dim": -1}})

# --- indexing --------------------------------------------------------------------------------

case("index_select", "dim0_repeats", lambda: {
    "inputs": [randn(4, 5), torch.tensor([2, 0, 2, 3, 2])], "args": {"dim": 0},
    "note": "repeated indices accumulate in the gradient"})
case("index_select", "dim1_repeats", lambda: {
    "inputs": [randn(3, 5, 4), torch.tensor([4, 1, 1, 0])], "args": {"dim": 1}})
case("gather", "dim1", lambda: {"inputs": [randn(3, 5, 4), index(5, 3, 6, 4)], "args": {"dim": 1}})
case("gather", "dim_last_smaller_index", lambda: {
    "inputs": [randn(3, 5, 4), index(4, 2, 4, 7)], "args": {"dim": -1},
    "note": "the index is smaller than the input in the other dimensions"})
case("scatter_add", "dim0", lambda: {
    "inputs": [randn(3, 5), index(3, 4, 5), randn(4, 5)], "args": {"dim": 0},
    "note": "torch.scatter_add(input, dim, index, src), out of place"})
case("scatter_add", "dim1_smaller_index", lambda: {
    "inputs": [randn(3, 6), index(6, 2, 8), randn(2, 8)], "args": {"dim": 1},
    "note": "index and src cover only the first 2 of 3 rows; torch 1.13 cannot differentiate a src larger "
            "than index, so src has index's shape"})

# --- views as ops ----------------------------------------------------------------------------

case("reshape", "3x5x4_to_5x12", lambda: {"inputs": [randn(3, 5, 4)], "args": {"shape": [5, 12]}})
case("reshape", "infer_dim", lambda: {"inputs": [randn(3, 5, 4)], "args": {"shape": [-1, 4]},
                                      "note": "-1 is inferred"})
case("reshape", "of_transposed", lambda: {"inputs": [randn(3, 5, 4)], "args": {"shape": [20, 3]},
                                          "views": {0: [["transpose", 0, 2]]}})
case("permute", "2_0_1", lambda: {"inputs": [randn(3, 5, 4)], "args": {"dims": [2, 0, 1]}})
case("permute", "4d", lambda: {"inputs": [randn(2, 3, 4, 5)], "args": {"dims": [0, 2, 3, 1]}})
case("transpose", "0_2", lambda: {"inputs": [randn(3, 5, 4)], "args": {"dim0": 0, "dim1": 2}})
case("transpose", "negative_dims", lambda: {"inputs": [randn(3, 5, 4)], "args": {"dim0": -1, "dim1": -2}})
case("narrow", "dim1", lambda: {"inputs": [randn(3, 5, 4)], "args": {"dim": 1, "start": 1, "length": 3}})
case("narrow", "dim_last", lambda: {"inputs": [randn(3, 5, 4)], "args": {"dim": -1, "start": 2, "length": 2}})
case("expand", "new_and_size1_dims", lambda: {"inputs": [randn(3, 1, 4)], "args": {"size": [2, 3, 5, 4]}})
case("expand", "minus_one", lambda: {"inputs": [randn(3, 1)], "args": {"size": [-1, 6]},
                                     "note": "-1 keeps the size of that dimension"})
case("squeeze", "dim1", lambda: {"inputs": [randn(3, 1, 4)], "args": {"dim": 1}})
case("squeeze", "all", lambda: {"inputs": [randn(1, 3, 1, 4)]})
case("squeeze", "dim_not_size1", lambda: {"inputs": [randn(3, 2, 4)], "args": {"dim": 1},
                                          "note": "squeezing a dimension of size 2 changes nothing"})
case("unsqueeze", "dim0", lambda: {"inputs": [randn(3, 4)], "args": {"dim": 0}})
case("unsqueeze", "dim_last", lambda: {"inputs": [randn(3, 4)], "args": {"dim": -1}})
case("flatten", "1_2", lambda: {"inputs": [randn(2, 3, 4, 5)], "args": {"start_dim": 1, "end_dim": 2}})
case("flatten", "all", lambda: {"inputs": [randn(2, 3, 4)]})
case("flatten", "of_permuted", lambda: {"inputs": [randn(2, 3, 4)], "args": {"start_dim": 1},
                                        "views": {0: [["permute", [2, 0, 1]]]}})
case("contiguous", "of_permuted", lambda: {"inputs": [randn(3, 5, 4)], "views": {0: [["permute", [2, 0, 1]]]}})
case("contiguous", "of_narrowed", lambda: {"inputs": [randn(3, 5, 4)], "views": {0: [["narrow", 1, 1, 3]]}})

# --- MRI: centered orthonormal 2-D FFTs -------------------------------------------------------

for _op in ("fft2c", "ifft2c"):
    case(_op, "4x6", lambda: {"inputs": [randn(4, 6, 2)],
                              "note": "complex values as a trailing dimension of 2 (real, imaginary)"})
    case(_op, "batch2_coils3_4x6", lambda: {"inputs": [randn(2, 3, 4, 6, 2)]})
    case(_op, "5x7", lambda: {"inputs": [randn(5, 7, 2)], "note": "odd sizes: fftshift and ifftshift differ"})
    case(_op, "batch2_5x7", lambda: {"inputs": [randn(2, 5, 7, 2)]})

# --- losses ----------------------------------------------------------------------------------

def l1_inputs():
    """Input and target at least 0.05 apart everywhere, away from the kink of |x - y|."""
    x = randn(3, 5, 7)
    return [x, x + away_from(randn(3, 5, 7), [0.0])]


for _reduction in ("mean", "sum"):
    case("mse_loss", _reduction, lambda r=_reduction: {
        "inputs": [randn(3, 5, 7), randn(3, 5, 7)], "args": {"reduction": r}})
    case("l1_loss", _reduction, lambda r=_reduction: {"inputs": l1_inputs(), "args": {"reduction": r}})
case("mse_loss", "mean_transposed_target", lambda: {
    "inputs": [randn(5, 7), randn(7, 5)], "args": {"reduction": "mean"}, "views": {1: [["transpose", 0, 1]]}})


# ---------------------------------------------------------------------------------------------

def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for stale in OUT_DIR.glob("*.safetensors"):
        stale.unlink()
    names = set()
    for op, name, make in CASES:
        assert (op, name) not in names, f"duplicate case {op}__{name}"
        names.add((op, name))
        run_case(op, name, make)
    total = sum(p.stat().st_size for p in OUT_DIR.glob("*.safetensors"))
    print(f"wrote {len(CASES)} fixtures, {total} bytes, to {OUT_DIR}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes reference fixtures for Claritas' k-space toolkit (package dev.claritas.mri.kspace).

Run with Debian's python (numpy; torch 1.13 only for the safetensors writer) and BART on PATH:

    /usr/bin/python3 tools/make_kspace_fixtures.py

Two files go to mri/src/test/resources/fixtures/kspace/ (see tools/README.md):

masks.safetensors
    The deterministic parts of fastMRI's undersampling masks (fastmri/data/subsample.py, v0.3):
    centre lines, equispaced and offset ("magic") lines for a given offset, and the adjusted
    accelerations of the *Fraction* variants. fastMRI is not installed here, so its mask classes
    are written out below from their definition (same arithmetic: Python's round-half-even
    `round`, `np.arange` with a float step, `np.around`, slicing, `np.fft.fftshift`); only the
    offset is passed explicitly, which is what makes a mask deterministic. Claritas draws the
    random parts (the offset, the random lines) with its own generator, so those are tested
    statistically in Java, not here.

bart_phantom.safetensors
    BART's multi-coil Shepp-Logan k-space (`bart phantom -k -s 8 -x 64`) and BART's unitary
    centred inverse FFT of it (`bart fft -u -i 3`), to check Claritas' ifft2c against BART.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "mri/src/test/resources/fixtures/kspace"
MAX_BYTES = 1_000_000


# ---------------------------------------------------------------------------------------------
# fastMRI's mask functions, written out from fastmri/data/subsample.py (v0.3). Each returns the
# 1-D mask over the sampled dimension (shape[-2]) and the number of centre lines; fastMRI then
# reshapes the mask to [1, ..., num_cols, 1].

class MaskFunc:
    def __init__(self, center_fractions, accelerations, allow_any_combination=False, seed=None):
        if len(center_fractions) != len(accelerations) and not allow_any_combination:
            raise ValueError("center_fractions and accelerations differ in length")
        self.center_fractions = center_fractions
        self.accelerations = accelerations
        self.allow_any_combination = allow_any_combination
        self.rng = np.random.RandomState(seed)

    def __call__(self, shape, offset=None, seed=None):
        state = self.rng.get_state()
        if seed is not None:
            self.rng.seed(seed)
        try:
            center, accel, num_low = self.sample_mask(shape, offset)
        finally:
            if seed is not None:
                self.rng.set_state(state)
        return np.maximum(center, accel).astype(np.float32), num_low

    def choose_acceleration(self):
        if self.allow_any_combination:
            return self.rng.choice(self.center_fractions), self.rng.choice(self.accelerations)
        choice = self.rng.randint(len(self.center_fractions))
        return self.center_fractions[choice], self.accelerations[choice]

    def sample_mask(self, shape, offset):
        num_cols = shape[-2]
        center_fraction, acceleration = self.choose_acceleration()
        num_low = round(num_cols * center_fraction)
        return (self.center_mask(num_cols, num_low),
                self.acceleration_mask(num_cols, acceleration, offset, num_low), num_low)

    @staticmethod
    def center_mask(num_cols, num_low):
        mask = np.zeros(num_cols, dtype=np.float32)
        pad = (num_cols - num_low + 1) // 2
        mask[pad:pad + num_low] = 1
        assert mask.sum() == num_low
        return mask

    def acceleration_mask(self, num_cols, acceleration, offset, num_low):
        raise NotImplementedError


class RandomMaskFunc(MaskFunc):
    @staticmethod
    def probability(num_cols, acceleration, num_low):
        return (num_cols / acceleration - num_low) / (num_cols - num_low)

    def acceleration_mask(self, num_cols, acceleration, offset, num_low):
        return self.rng.uniform(size=num_cols) < self.probability(num_cols, acceleration, num_low)


class EquispacedMaskFunc(MaskFunc):  # fastMRI spells it EquiSpacedMaskFunc
    def acceleration_mask(self, num_cols, acceleration, offset, num_low):
        if offset is None:
            offset = self.rng.randint(0, high=round(acceleration))
        mask = np.zeros(num_cols, dtype=np.float32)
        mask[offset::acceleration] = 1
        return mask


class EquispacedMaskFractionFunc(MaskFunc):
    @staticmethod
    def adjusted_acceleration(num_cols, acceleration, num_low):
        return (acceleration * (num_low - num_cols)) / (num_low * acceleration - num_cols)

    def acceleration_mask(self, num_cols, acceleration, offset, num_low):
        adjusted = self.adjusted_acceleration(num_cols, acceleration, num_low)
        if offset is None:
            offset = self.rng.randint(0, high=round(adjusted))
        mask = np.zeros(num_cols)
        samples = np.around(np.arange(offset, num_cols - 1, adjusted)).astype(np.uint)
        mask[samples] = 1.0
        return mask


class MagicMaskFunc(MaskFunc):
    def acceleration_mask(self, num_cols, acceleration, offset, num_low):
        if offset is None:
            offset = self.rng.randint(0, high=acceleration)
        if offset % 2 == 0:
            offset_pos, offset_neg = offset + 1, offset + 2
        else:
            offset_pos, offset_neg = offset - 1 + 3, offset - 1 + 0
        poslen = (num_cols + 1) // 2
        neglen = num_cols - (num_cols + 1) // 2
        positive = np.zeros(poslen, dtype=np.float32)
        negative = np.zeros(neglen, dtype=np.float32)
        positive[offset_pos::acceleration] = 1
        negative[offset_neg::acceleration] = 1
        return np.fft.fftshift(np.concatenate((positive, np.flip(negative))))


class MagicMaskFractionFunc(MagicMaskFunc):
    @staticmethod
    def fraction_parameters(num_cols, center_fraction, acceleration):
        num_low = round(num_cols * center_fraction)
        target = round(num_cols / acceleration)
        num_low = max(min(num_low, target), 1)
        adjusted_target = target - num_low
        adjusted = round(num_cols / adjusted_target) if adjusted_target > 0 else 0
        return num_low, adjusted

    def sample_mask(self, shape, offset):
        num_cols = shape[-2]
        center_fraction, acceleration = self.choose_acceleration()
        num_low, adjusted = self.fraction_parameters(num_cols, center_fraction, acceleration)
        return (self.center_mask(num_cols, num_low),
                self.acceleration_mask(num_cols, adjusted, offset, num_low), num_low)


# ---------------------------------------------------------------------------------------------
# Mask cases: (kind, num_cols, center_fraction, acceleration); every offset the kind can draw.

MASK_CASES = [
    # fastMRI's standard settings for knee (368 and 320 columns) and brain (396)
    ("equispaced", 368, 0.08, 4), ("equispaced", 320, 0.04, 8), ("equispaced", 33, 0.1, 3),
    ("equispaced_fraction", 368, 0.08, 4), ("equispaced_fraction", 396, 0.04, 8),
    ("equispaced_fraction", 37, 0.1, 4), ("equispaced_fraction", 100, 0.125, 5),
    ("magic", 368, 0.08, 4), ("magic", 320, 0.04, 8), ("magic", 35, 0.1, 4), ("magic", 33, 0.1, 3),
    ("magic_fraction", 368, 0.08, 4), ("magic_fraction", 396, 0.04, 8), ("magic_fraction", 37, 0.1, 4),
    ("magic_fraction", 100, 0.2, 4), ("magic_fraction", 16, 0.01, 4),
    # centre lines only; 100 * 0.125 = 12.5 and 45 * 0.1 = 4.5 round half to even
    ("random", 368, 0.08, 4), ("random", 100, 0.125, 4), ("random", 45, 0.1, 4), ("random", 35, 0.1, 4),
    ("random", 31, 0.5, 2),
]

CLASSES = {"equispaced": EquispacedMaskFunc, "equispaced_fraction": EquispacedMaskFractionFunc,
           "magic": MagicMaskFunc, "magic_fraction": MagicMaskFractionFunc}


def offsets_of(kind, num_cols, center_fraction, acceleration):
    """The offsets fastMRI draws from when none is given: randint(0, high)."""
    if kind == "equispaced":
        return range(round(acceleration))
    if kind == "equispaced_fraction":
        num_low = round(num_cols * center_fraction)
        return range(round(EquispacedMaskFractionFunc.adjusted_acceleration(num_cols, acceleration, num_low)))
    if kind == "magic":
        return range(acceleration)
    return range(MagicMaskFractionFunc.fraction_parameters(num_cols, center_fraction, acceleration)[1])


def mask_fixture():
    tensors, cases = {}, []
    for kind, num_cols, center_fraction, acceleration in MASK_CASES:
        shape = (15, 7, num_cols, 2)  # k-space [coils, rows, columns, complex]: columns are sampled
        if kind == "random":
            num_low = round(num_cols * center_fraction)
            name = f"case{len(cases)}"
            tensors[name] = torch.from_numpy(MaskFunc.center_mask(num_cols, num_low))
            cases.append(dict(name=name, kind=kind, num_cols=num_cols, center_fraction=center_fraction,
                              acceleration=acceleration, offset=None, num_low_frequencies=num_low,
                              probability=RandomMaskFunc.probability(num_cols, acceleration, num_low)))
            continue
        for offset in offsets_of(kind, num_cols, center_fraction, acceleration):
            mask, num_low = CLASSES[kind]([center_fraction], [acceleration], seed=0)(shape, offset=offset)
            name = f"case{len(cases)}"
            tensors[name] = torch.from_numpy(mask)
            case = dict(name=name, kind=kind, num_cols=num_cols, center_fraction=center_fraction,
                        acceleration=acceleration, offset=offset, num_low_frequencies=num_low)
            if kind == "equispaced_fraction":
                case["adjusted_acceleration"] = EquispacedMaskFractionFunc.adjusted_acceleration(
                    num_cols, acceleration, num_low)
            if kind == "magic_fraction":
                case["adjusted_acceleration"] = MagicMaskFractionFunc.fraction_parameters(
                    num_cols, center_fraction, acceleration)[1]
            cases.append(case)
    write_safetensors(OUT_DIR / "masks.safetensors", tensors,
                      {"source": "fastmri/data/subsample.py v0.3, written out in tools/make_kspace_fixtures.py",
                       "cases": json.dumps(cases)})
    return len(cases)


# ---------------------------------------------------------------------------------------------
# BART: .cfl is raw little-endian complex64 in column-major (Fortran) order of the dimensions in
# .hdr, dimension 0 fastest. BART's dims are [x (read), y, z, coil, ...], so a C-order numpy view
# of the same bytes, reshape(dims[::-1]), is [..., coil, z, y, x]; with z = 1 that is
# [coil][y][x], which is Claritas' [coil, H, W] with H = y and W = x.

def read_cfl(base):
    dims = [int(d) for d in Path(f"{base}.hdr").read_text().splitlines()[1].split()]
    data = np.fromfile(f"{base}.cfl", dtype="<c8")
    assert data.size == int(np.prod(dims)), f"{base}: {data.size} values for dims {dims}"
    return data.reshape(dims[::-1]), dims


def as_claritas(c):
    """[coil, 1, y, x] complex64 -> [coil, y, x, 2] float32."""
    c = c.reshape(c.shape[-4], c.shape[-2], c.shape[-1])
    return torch.from_numpy(np.ascontiguousarray(np.stack((c.real, c.imag), axis=-1)).astype(np.float32))


def bart_fixture():
    bart = shutil.which("bart")
    if bart is None:
        sys.exit("bart is not on PATH (Debian package 'bart'); it is needed for bart_phantom.safetensors")
    version = subprocess.run([bart, "version"], capture_output=True, text=True, check=True).stdout.strip()
    commands = [["phantom", "-k", "-s", "8", "-x", "64", "ph"], ["fft", "-u", "-i", "3", "ph", "img"]]
    with tempfile.TemporaryDirectory() as tmp:
        for command in commands:
            subprocess.run([bart, *command], cwd=tmp, check=True, capture_output=True)
        kspace, kdims = read_cfl(f"{tmp}/ph")
        image, idims = read_cfl(f"{tmp}/img")
    assert kdims[:4] == [64, 64, 1, 8] and idims == kdims, (kdims, idims)
    write_safetensors(OUT_DIR / "bart_phantom.safetensors",
                      {"kspace": as_claritas(kspace), "image": as_claritas(image)},
                      {"bart_version": version, "commands": json.dumps([" ".join(c) for c in commands]),
                       "layout": "[coil, y, x, re/im]: BART dims (x, y, z=1, coil) read in C order, z dropped"})


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    cases = mask_fixture()
    bart_fixture()
    total = sum(f.stat().st_size for f in OUT_DIR.glob("*.safetensors"))
    print(f"{cases} mask cases and the BART phantom written to {OUT_DIR} ({total} bytes)")
    if total > MAX_BYTES:
        sys.exit(f"fixtures take {total} bytes, more than {MAX_BYTES}")


if __name__ == "__main__":
    main()

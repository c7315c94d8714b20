#!/usr/bin/python3
"""Writes ITK's N4 results on the shipped T1 scan, the reference Claritas' N4 is tested against.

Needs Debian's ITK 5.2 headers and libraries and a C++ compiler, plus Debian's python (numpy, nibabel;
torch only for the safetensors writer):

    apt-get install libinsighttoolkit5-dev g++
    /usr/bin/python3 tools/make_n4_fixtures.py

It compiles tools/n4_itk_reference.cxx (ITK's N4BiasFieldCorrectionImageFilter run as SimpleITK's N4
example runs it: Otsu mask with 200 bins, shrink, 4 control points, convergence threshold 0.001) and writes
mri/src/test/resources/fixtures/n4/itk_n4.safetensors with two cases:

t1
    examples/data/t1-brain.nii.gz (128 x 128 x 62), shrink 4, 4 levels of at most 50 iterations (the
    defaults of `claritas n4`). `t1.log_field` is ITK's log bias field at every 4th voxel along x and y and
    every 2nd along z, starting at voxel 0, shape [31, 32, 32] (z, y, x: x varies fastest, as in Claritas).
slice
    the axial plane z = 31 of the same scan as a 2-D image (128 x 128), shrink 2, 3 levels of at most 50
    iterations; `slice.log_field` is ITK's whole 2-D log field, shape [128, 128] (y, x).

Metadata per case (strings): `<case>.threshold` (ITK's Otsu threshold), `<case>.mask_voxels` (voxels above
it), `<case>.iterations` (JSON list: iterations ITK ran at each level), `<case>.step` (JSON list: the
subsampling of the stored field along x, y, z).
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nibabel as nib
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools/n4_itk_reference.cxx"
T1 = ROOT / "examples/data/t1-brain.nii.gz"
OUT = ROOT / "mri/src/test/resources/fixtures/n4/itk_n4.safetensors"
ITK_INCLUDE = Path("/usr/include/ITK-5.2")
SLICE_Z = 31


def build(work):
    if not ITK_INCLUDE.is_dir() or shutil.which("g++") is None:
        sys.exit("needs ITK 5.2 and g++: apt-get install libinsighttoolkit5-dev g++")
    libs = sorted({p.name[3:].split(".so")[0] for p in Path("/usr/lib").glob("lib[Ii][Tt][Kk]*-5.2.so")})
    exe = work / "n4_itk_reference"
    # --no-as-needed: the NIfTI reader is found through a factory, not a symbol the program uses
    subprocess.run(["g++", "-O2", "-std=c++17", f"-I{ITK_INCLUDE}", str(SOURCE), "-o", str(exe),
                    "-L/usr/lib", "-Wl,--no-as-needed"] + [f"-l{lib}" for lib in libs],
                   check=True, stderr=subprocess.DEVNULL)
    return exe


def run(exe, image, dim, shrink, levels, iterations, work):
    field_path = work / f"field{dim}.nii"
    out = subprocess.run([str(exe), str(image), str(dim), str(shrink), str(levels), str(iterations),
                          str(field_path)], check=True, capture_output=True, text=True).stdout
    facts = dict(line.split(" ", 1) for line in out.strip().splitlines())
    field = np.asarray(nib.load(str(field_path)).dataobj, dtype=np.float32)  # nibabel: [x, y(, z)]
    return facts, field


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        exe = build(work)
        tensors, metadata = {}, {}

        facts, field = run(exe, T1, 3, 4, 4, 50, work)
        step = [4, 4, 2]
        sub = field[::step[0], ::step[1], ::step[2]].transpose(2, 1, 0)  # -> [z, y, x]
        tensors["t1.log_field"] = torch.from_numpy(np.ascontiguousarray(sub))
        add_facts(metadata, "t1", facts, step)

        scan = np.asarray(nib.load(str(T1)).dataobj, dtype=np.float32)
        plane = work / "slice.nii"
        nib.save(nib.Nifti1Image(scan[:, :, SLICE_Z], np.eye(4)), str(plane))
        facts, field = run(exe, plane, 2, 2, 3, 50, work)
        tensors["slice.log_field"] = torch.from_numpy(np.ascontiguousarray(field.transpose(1, 0)))
        add_facts(metadata, "slice", facts, [1, 1, 1])

        metadata["itk"] = "5.2.1 (Debian libinsighttoolkit5-dev)"
        OUT.parent.mkdir(parents=True, exist_ok=True)
        write_safetensors(OUT, tensors, metadata)
        print(f"wrote {OUT.relative_to(ROOT)}: {json.dumps(metadata)}")


def add_facts(metadata, case, facts, step):
    metadata[f"{case}.threshold"] = facts["threshold"]
    metadata[f"{case}.mask_voxels"] = facts["mask_voxels"]
    metadata[f"{case}.iterations"] = json.dumps([int(n) for n in facts["iterations"].split()])
    metadata[f"{case}.step"] = json.dumps(step)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes reference fixtures for Claritas' preprocessing and degradation (dev.claritas.mri.preprocess,
dev.claritas.mri.degrade).

Run with Debian's python (numpy, scipy 1.10, scikit-image 0.19, torch 1.13):

    /usr/bin/python3 tools/make_preprocess_fixtures.py

It writes mri/src/test/resources/fixtures/preprocess/preprocess.safetensors (see tools/README.md).
Inputs are float32; the histogram-based references (Otsu, equalisation, percentiles) are computed on
the float64 copy of those float32 values, which is what the Java code computes in.
"""

import sys
from pathlib import Path

import numpy as np
import scipy.ndimage as ndi
import torch
import torch.nn.functional as F
from skimage import exposure, filters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mri/src/test/resources/fixtures/preprocess/preprocess.safetensors"


def f32(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))


def f64(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64))


def main():
    rng = np.random.default_rng(20261121)
    # A skewed, two-class image (background and tissue) so that Otsu and the histograms have work to do.
    img2 = np.where(rng.random((1, 1, 13, 10)) < 0.4, rng.gamma(2.0, 5.0, (1, 1, 13, 10)),
                    100 + 20 * rng.standard_normal((1, 1, 13, 10))).astype(np.float32)
    vol3 = rng.gamma(3.0, 10.0, (1, 1, 6, 7, 5)).astype(np.float32)
    d2 = img2.astype(np.float64)
    d3 = vol3.astype(np.float64)

    out = {"img2": f32(img2), "vol3": f32(vol3)}

    # Normalisation and percentiles.
    out["percentiles"] = f64(np.percentile(d2, [0.5, 2, 37.3, 50, 98, 99.5], method="linear"))
    mean, std = d2.mean(), d2.std(ddof=1)  # fastMRI normalize_instance: torch.std, unbiased
    out["instance_norm"] = f64((d2 - mean) / std)
    out["instance_mean_std"] = f64([mean, std])

    # Otsu (256 bins), equalisation, contrast stretching with the 2nd and 98th percentiles.
    for name, d in (("img2", d2), ("vol3", d3)):
        t = filters.threshold_otsu(d, nbins=256)
        out[f"otsu_threshold_{name}"] = f64([t])
        out[f"equalize_{name}"] = f64(exposure.equalize_hist(d, nbins=256))
        p2, p98 = np.percentile(d, (2, 98))
        out[f"stretch_{name}"] = f64(exposure.rescale_intensity(d, in_range=(p2, p98), out_range=(0.0, 1.0)))

    # Resampling to a spacing. Linear: scipy zoom order 1, grid_mode=False (sample i of n_out at input
    # coordinate i·(n_in−1)/(n_out−1)); checked equal to torch trilinear align_corners=True.
    # Cubic: Keys' kernel a = −0.75 on the same grid, torch bicubic align_corners=True, applied per
    # axis pair (it is separable) for 3-D.
    zoom3 = (6 / 9, 7 / 4, 5 / 8)  # output sizes 9, 4, 8 from spacings below
    sizes3 = (9, 4, 8)
    lin3 = ndi.zoom(d3[0, 0], [s / n for s, n in zip(sizes3, d3.shape[2:])], order=1, mode="nearest", grid_mode=False)
    assert lin3.shape == sizes3, lin3.shape
    tlin3 = F.interpolate(torch.from_numpy(d3), size=sizes3, mode="trilinear", align_corners=True)
    assert np.abs(tlin3.numpy()[0, 0] - lin3).max() < 1e-10
    out["resample_linear_vol3"] = f64(lin3[None, None])
    t = torch.from_numpy(d3)  # [1, 1, D, H, W]
    hw = F.interpolate(t[0].permute(1, 0, 2, 3), size=sizes3[1:], mode="bicubic", align_corners=True)  # [D,1,H',W']
    dh = hw.permute(1, 0, 2, 3)  # [1, D, H', W'] -> treat (D, H') as the plane with W' as batch
    dh = dh.permute(3, 0, 1, 2)  # [W', 1, D, H']
    dh = F.interpolate(dh, size=(sizes3[0], sizes3[1]), mode="bicubic", align_corners=True)  # H' unchanged
    out["resample_cubic_vol3"] = f64(dh.permute(1, 2, 3, 0)[None])  # [1, 1, D', H', W']
    t2 = torch.from_numpy(d2)
    out["resample_linear_img2"] = f64(F.interpolate(t2, size=(20, 7), mode="bilinear", align_corners=True))
    out["resample_cubic_img2"] = f64(F.interpolate(t2, size=(20, 7), mode="bicubic", align_corners=True))

    # Downsampling for degradation: PyTorch's bicubic (a = −0.75, align_corners=False) and area.
    big = torch.from_numpy(rng.random((2, 1, 16, 12)).astype(np.float32))
    out["down_input"] = big
    out["down_bicubic"] = F.interpolate(big.double(), size=(8, 5), mode="bicubic", align_corners=False)
    out["down_bilinear"] = F.interpolate(big.double(), size=(8, 5), mode="bilinear", align_corners=False)
    out["down_area"] = F.interpolate(big.double(), size=(8, 6), mode="area")

    # Gaussian blur (TorchIO's RandomBlur calls scipy's gaussian_filter, border "reflect").
    out["blur_vol3"] = f64(ndi.gaussian_filter(d3, sigma=(0, 0, 0.8, 1.3, 0.5), mode="reflect"))

    write_safetensors(OUT, out, {"generator": "tools/make_preprocess_fixtures.py",
                                 "skimage": __import__("skimage").__version__, "scipy": __import__("scipy").__version__,
                                 "torch": torch.__version__})
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

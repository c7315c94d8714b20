#!/usr/bin/python3
"""Reference numbers for mri/src/test/java/dev/claritas/mri/metrics/ImageMetricsTest.java.

Computes the fastMRI evaluate.py metrics (mse, nmse, psnr, ssim) and mae with numpy and scikit-image 0.19
on small deterministic images that the Java test generates with the same integer recipe, so both sides see
bit-identical float32 values. Run with Debian's python (it has scikit-image):

    /usr/bin/python3 tools/metrics_reference.py

and paste the output into the test. Arrays are float32 values promoted to float64 before scikit-image sees
them: scikit-image 0.19 would otherwise compute SSIM in float32, while the Java code accumulates in double.
"""
import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def lcg(n, seed):
    """n pseudo-random integers in [0, 1000) from a 31-bit linear congruential generator."""
    out = np.empty(n, dtype=np.int64)
    s = seed
    for i in range(n):
        s = (s * 1103515245 + 12345) % (1 << 31)
        out[i] = (s >> 7) % 1000
    return out


def ground_truth(nx, ny, nz, seed):
    """A smooth ramp plus texture, in steps of 1/4 so that float32 holds it exactly. Shape (nz, ny, nx)."""
    z, y, x = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    texture = lcg(nx * ny * nz, seed).reshape(nz, ny, nx)
    return ((3 * x + 2 * y + 5 * z) % 97 + texture / 8.0).astype(np.float32)


def prediction(gt, seed):
    """Ground truth plus noise in [-50, 50), rounded to float32."""
    noise = lcg(gt.size, seed).reshape(gt.shape) / 10.0 - 50.0
    return (gt + noise).astype(np.float32)


def fastmri_ssim(gt, pred, maxval):
    """fastMRI evaluate.py ssim: mean over the first axis of 2-D SSIM with one data range."""
    return np.mean([structural_similarity(gt[i], pred[i], data_range=maxval) for i in range(gt.shape[0])])


def report(name, nx, ny, nz, gt_seed, pred_seed):
    gt = ground_truth(nx, ny, nz, gt_seed).astype(np.float64)
    pred = prediction(ground_truth(nx, ny, nz, gt_seed), pred_seed).astype(np.float64)
    print(f"// {name}: {nx}x{ny}x{nz}, gt seed {gt_seed}, pred seed {pred_seed}")
    print(f"mse  = {np.mean((gt - pred) ** 2)!r}")
    print(f"mae  = {np.mean(np.abs(gt - pred))!r}")
    print(f"nmse = {np.linalg.norm(gt - pred) ** 2 / np.linalg.norm(gt) ** 2!r}")
    print(f"psnr(max gt) = {peak_signal_noise_ratio(gt, pred, data_range=gt.max())!r}")
    print(f"psnr(255)    = {peak_signal_noise_ratio(gt, pred, data_range=255.0)!r}")
    print(f"ssim volume(max gt) = {fastmri_ssim(gt, pred, gt.max())!r}")
    print(f"ssim slice 0 (range 255) = {structural_similarity(gt[0], pred[0], data_range=255.0)!r}")


print(f"// scikit-image {skimage.__version__}, numpy {np.__version__}")
report("rectangular image", 20, 15, 1, 7, 11)
report("smallest image", 7, 7, 1, 3, 5)
report("volume", 16, 12, 5, 42, 99)

#!/usr/bin/python3
"""Reference numbers for the tests in mri/src/test/java/dev/claritas/mri/metrics/.

Computes the fastMRI evaluate.py metrics (mse, nmse, psnr, ssim) and mae (ImageMetricsTest), Wang's
Gaussian-window SSIM (GaussianSsimTest), their foreground-masked variants (MaskedMetricsTest) and SNR, CNR and
CJV (RegionMetricsTest) with numpy and scikit-image 0.19 on small deterministic images and masks that the Java
tests generate with the same integer recipe, so both sides see bit-identical float32 values. Run with Debian's
python (it has scikit-image):

    /usr/bin/python3 tools/metrics_reference.py

and paste the output into the test. Arrays are float32 values promoted to float64 before scikit-image sees
them: scikit-image 0.19 would otherwise compute SSIM in float32, while the Java code accumulates in double.
"""
import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.util import crop


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


# --- Gaussian SSIM, foreground-masked metrics and region metrics -------------------------------------------
# Read by GaussianSsimTest, MaskedMetricsTest and RegionMetricsTest, which build the same masks.

WANG = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
"""Wang et al. 2004. scikit-image 0.19 keeps use_sample_covariance=True even with gaussian_weights, so it must be
turned off explicitly; the window is then 11×11 (truncate 3.5, radius int(3.5 * 1.5 + 0.5) = 5)."""


def ellipse(nx, ny, nz, shrink_per_slice):
    """Voxels inside an ellipse centred in each slice, with semi-axes sqrt((16 - shrink * z) / 25) of the
    half-sizes, in integer arithmetic so that Java gets the same mask. Shape (nz, ny, nx), bool."""
    z, y, x = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    lhs = 25 * ((2 * x + 1 - nx) ** 2 * ny * ny + (2 * y + 1 - ny) ** 2 * nx * nx)
    return lhs <= (16 - shrink_per_slice * z) * nx * nx * ny * ny


def left_half(nx, ny, nz):
    """Voxels with 2x < nx. Shape (nz, ny, nx), bool."""
    return np.broadcast_to(2 * np.arange(nx) < nx, (nz, ny, nx))


def masked_ssim(gt, pred, mask, data_range, **kwargs):
    """The SSIM map of each slice (scikit-image's full=True), cropped to the pixels whose window lies inside the
    slice, as scikit-image's own mean does; then averaged over the mask voxels left, pooled over all slices."""
    total, count = 0.0, 0
    for z in range(gt.shape[0]):
        _, s = structural_similarity(gt[z], pred[z], data_range=data_range, full=True, **kwargs)
        win = 11 if kwargs.get("gaussian_weights") else 7
        pad = (win - 1) // 2
        inside = crop(mask[z], pad)
        total += crop(s, pad)[inside].sum(dtype=np.float64)
        count += int(inside.sum())
    return total / count


def report_gaussian(name, nx, ny, nz, gt_seed, pred_seed):
    gt = ground_truth(nx, ny, nz, gt_seed).astype(np.float64)
    pred = prediction(ground_truth(nx, ny, nz, gt_seed), pred_seed).astype(np.float64)
    volume = np.mean([structural_similarity(gt[i], pred[i], data_range=gt.max(), **WANG) for i in range(nz)])
    print(f"// {name}: {nx}x{ny}x{nz}, gt seed {gt_seed}, pred seed {pred_seed}")
    print(f"gaussian ssim volume(max gt) = {volume!r}")
    print(f"gaussian ssim slice 0 (range 255) = {structural_similarity(gt[0], pred[0], data_range=255.0, **WANG)!r}")


def report_masked(name, nx, ny, nz, gt_seed, pred_seed, shrink):
    gt = ground_truth(nx, ny, nz, gt_seed).astype(np.float64)
    pred = prediction(ground_truth(nx, ny, nz, gt_seed), pred_seed).astype(np.float64)
    fg = ellipse(nx, ny, nz, shrink)
    g, p = gt[fg], pred[fg]
    print(f"// {name}: {nx}x{ny}x{nz}, gt seed {gt_seed}, pred seed {pred_seed}, ellipse shrink {shrink}")
    print(f"mask voxels = {int(fg.sum())}")
    print(f"masked mse  = {np.mean((g - p) ** 2)!r}")
    print(f"masked nmse = {np.linalg.norm(g - p) ** 2 / np.linalg.norm(g) ** 2!r}")
    print(f"masked psnr(max gt) = {peak_signal_noise_ratio(g, p, data_range=gt.max())!r}")
    print(f"masked ssim fastmri(max gt) = {masked_ssim(gt, pred, fg, gt.max())!r}")
    gaussian = masked_ssim(gt, pred, fg, gt.max(), **WANG) if min(nx, ny) >= 11 else None
    print(f"masked ssim gaussian(max gt) = {gaussian!r}")


def report_regions(name, nx, ny, nz, gt_seed, pred_seed, shrink):
    """SNR = mean(foreground) / std(background), CNR and CJV between the two halves of the foreground; numpy's
    std (population, ddof 0), as MRIQC computes CJV."""
    pred = prediction(ground_truth(nx, ny, nz, gt_seed), pred_seed).astype(np.float64)
    fg = ellipse(nx, ny, nz, shrink)
    left, right = fg & left_half(nx, ny, nz), fg & ~left_half(nx, ny, nz)
    a, b = pred[left], pred[right]
    print(f"// {name}: {nx}x{ny}x{nz}, image = pred (gt seed {gt_seed}, pred seed {pred_seed}), ellipse shrink {shrink}")
    print(f"snr(ellipse / rest) = {pred[fg].mean() / pred[~fg].std()!r}")
    print(f"cnr(left, right) = {abs(a.mean() - b.mean()) / np.sqrt(a.var() + b.var())!r}")
    print(f"cjv(left, right) = {(a.std() + b.std()) / abs(a.mean() - b.mean())!r}")


print()
print("// Gaussian-window SSIM (Wang et al.)")
report_gaussian("rectangular image", 20, 15, 1, 7, 11)
report_gaussian("volume", 16, 12, 5, 42, 99)
report_gaussian("odd volume", 37, 29, 3, 5, 8)
print()
print("// Foreground-masked metrics")
report_masked("rectangular image", 20, 15, 1, 7, 11, 0)
report_masked("smallest image", 7, 7, 1, 3, 5, 0)
report_masked("volume", 16, 12, 5, 42, 99, 2)
report_masked("odd volume", 37, 29, 3, 5, 8, 3)
print()
print("// Region metrics")
report_regions("rectangular image", 20, 15, 1, 7, 11, 0)
report_regions("odd volume", 37, 29, 3, 5, 8, 3)

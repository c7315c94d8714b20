"""Classical baseline for the denoising demo: scikit-image's non-local means on the same slices.

Usage (Debian's Python, which has scikit-image):
    ./claritas demo                       # writes claritas-out/{noisy,reference}.nii.gz
    /usr/bin/python3 tools/nlmeans_baseline.py claritas-out

Prints PSNR and SSIM as fastMRI's evaluate.py defines them (data range = the reference maximum;
PSNR over the volume, SSIM per slice along the third axis, 7x7 window, then averaged), for the
noisy input and for denoise_nl_means with the true noise level and with an estimated one.
"""
import sys

import nibabel as nib
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.restoration import denoise_nl_means, estimate_sigma


def metrics(gt, pred):
    maxval = gt.max()
    psnr = peak_signal_noise_ratio(gt, pred, data_range=maxval)
    ssim = np.mean([structural_similarity(gt[:, :, z], pred[:, :, z], data_range=maxval)
                    for z in range(gt.shape[2])])
    return psnr, ssim


def main(folder, noise_fraction=0.05):
    gt = nib.load(f"{folder}/reference.nii.gz").get_fdata()
    noisy = nib.load(f"{folder}/noisy.nii.gz").get_fdata()
    sigma_true = noise_fraction * gt.max()  # the demo's noise is a fraction of the whole scan's max, equal here
    print("noisy:                    PSNR %6.2f dB  SSIM %.4f" % metrics(gt, noisy))
    for label, sigma in (("true sigma", sigma_true), ("estimated sigma", None)):
        out = np.empty_like(noisy)
        for z in range(noisy.shape[2]):
            s = sigma if sigma is not None else estimate_sigma(noisy[:, :, z])
            out[:, :, z] = denoise_nl_means(noisy[:, :, z], h=0.8 * s, sigma=s, patch_size=5,
                                            patch_distance=6, fast_mode=True)
        print("NL-means, %-15s PSNR %6.2f dB  SSIM %.4f" % ((label + ":",) + metrics(gt, out)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "claritas-out")

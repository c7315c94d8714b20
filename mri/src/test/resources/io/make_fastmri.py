"""Writes tiny HDF5 files in fastMRI's layout (fastMRI's data README: 'kspace', 'reconstruction_rss' or
'reconstruction_esc', an 'ismrmrd_header' XML string, and root attributes acquisition, max, norm, patient_id)
with Debian's h5py (/usr/bin/python3). k-space is complex64 like fastMRI's.

multicoil.h5, singlecoil.h5: with a reconstruction; k-space values are arithmetic:
kspace[s, c, y, x] = (s + 10 c + 100 y + 1000 x) + 1j * (-x - 1).

kspace_only_multicoil.h5, kspace_only_singlecoil.h5: laid out as fastMRI's test and challenge files, with
under-sampled k-space, its column 'mask' and no reconstruction; k-space values are seeded Gaussian noise times a
Gaussian bump at the centre, zero in the columns the mask leaves out. Beside each, <name>_rss.npy holds
fastMRI's image of it, rss(complex_abs(ifft2c(kspace))) over the coils (the plain magnitude for single-coil),
computed in float64 with numpy's orthonormal FFT and the centring shifts of fastmri.fft (ifftshift, ifft2,
fftshift), as float32 [slices, H, W]."""
import numpy as np
import h5py

HEADER = b'<?xml version="1.0" encoding="utf-8"?>\n<ismrmrdHeader><encoding><encodedSpace><matrixSize>' \
         b'<x>6</x><y>8</y><z>1</z></matrixSize></encodedSpace></encoding></ismrmrdHeader>'

def kspace(shape):
    ix = np.indices(shape)
    s, rest = ix[0], ix[1:]
    re = s.astype(np.float64)
    if len(shape) == 4:
        re = re + 10 * rest[0]
    y, x = rest[-2], rest[-1]
    re = re + 100 * y + 1000 * x
    return (re - 1j * (x + 1)).astype(np.complex64)

def write(name, k, recon_name, recon, acquisition):
    with h5py.File(f"h5/{name}", "w") as f:
        f.create_dataset("kspace", data=k)
        f.create_dataset(recon_name, data=recon)
        f.create_dataset("ismrmrd_header", data=HEADER)
        f.attrs["acquisition"] = acquisition
        f.attrs["max"] = float(recon.max())
        f.attrs["norm"] = float(np.linalg.norm(recon))
        f.attrs["patient_id"] = "0123abcd"

multi = kspace((2, 3, 8, 6))
rss = np.arange(2 * 4 * 4, dtype=np.float32).reshape(2, 4, 4) / 8
write("multicoil.h5", multi, "reconstruction_rss", rss, "CORPD_FBK")
single = kspace((2, 8, 6))
esc = (np.arange(2 * 4 * 4, dtype=np.float32).reshape(2, 4, 4) - 3) / 4
write("singlecoil.h5", single, "reconstruction_esc", esc, "CORPDFS_FBK")

def ifft2c(k):
    """fastmri.ifft2c over the last two axes, in float64."""
    shifted = np.fft.ifftshift(k.astype(np.complex128), axes=(-2, -1))
    return np.fft.fftshift(np.fft.ifft2(shifted, axes=(-2, -1), norm="ortho"), axes=(-2, -1))

def kspace_only(name, shape, seed, acquisition):
    rng = np.random.default_rng(seed)
    h, w = shape[-2], shape[-1]
    y, x = np.meshgrid(np.arange(h) - h // 2, np.arange(w) - w // 2, indexing="ij")
    bump = np.exp(-(x ** 2 + y ** 2) / 8.0)
    k = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * (0.2 + 5 * bump)
    mask = np.zeros(w, dtype=bool)
    mask[::2] = True
    mask[w // 2 - 1:w // 2 + 2] = True  # the centre lines, as fastMRI's masks keep them
    k = (k * mask).astype(np.complex64)
    images = np.abs(ifft2c(k))
    image = np.sqrt((images ** 2).sum(axis=1)) if len(shape) == 4 else images
    with h5py.File(f"h5/{name}.h5", "w") as f:
        f.create_dataset("kspace", data=k)
        f.create_dataset("mask", data=mask)
        f.create_dataset("ismrmrd_header", data=HEADER)
        f.attrs["acquisition"] = acquisition
        f.attrs["acceleration"] = 2
        f.attrs["num_low_frequency"] = 3
        f.attrs["patient_id"] = "4567cdef"
    np.save(f"h5/{name}_rss.npy", image.astype(np.float32))

kspace_only("kspace_only_multicoil", (3, 4, 10, 8), 5, "AXT2")
kspace_only("kspace_only_singlecoil", (2, 10, 8), 6, "CORPD_FBK")

with h5py.File("h5/multicoil.h5") as f:
    print({k: f.attrs[k] for k in f.attrs}, f["kspace"].dtype, f["ismrmrd_header"].dtype)

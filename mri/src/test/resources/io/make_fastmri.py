"""Writes two tiny HDF5 files in fastMRI's layout (fastMRI's data README: 'kspace', 'reconstruction_rss' or
'reconstruction_esc', an 'ismrmrd_header' XML string, and root attributes acquisition, max, norm, patient_id)
with Debian's h5py (/usr/bin/python3). k-space is complex64 like fastMRI's; values are arithmetic:
kspace[s, c, y, x] = (s + 10 c + 100 y + 1000 x) + 1j * (-x - 1)."""
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
with h5py.File("h5/multicoil.h5") as f:
    print({k: f.attrs[k] for k in f.attrs}, f["kspace"].dtype, f["ismrmrd_header"].dtype)

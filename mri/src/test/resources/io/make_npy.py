"""Writes the .npy test files with Debian's numpy (/usr/bin/python3). Values are arithmetic so tests can
recompute them: element [i, j, k] of a 3-D array is 100*i + 10*j + k (minus 50 for the signed types)."""
import numpy as np
from numpy.lib import format as npf

def grid(shape):
    return np.fromfunction(lambda *ix: sum(10 ** (len(shape) - 1 - a) * ix[a] for a in range(len(shape))), shape)

np.save("npy/f4_c.npy", grid((2, 3, 4)).astype("<f4"))
np.save("npy/f4_be.npy", grid((3, 5)).astype(">f4"))
np.save("npy/f8_fortran.npy", np.asfortranarray(grid((2, 3, 4)).astype("<f8") + 0.25))
np.save("npy/i2.npy", (grid((4, 5)) - 50).astype("<i2"))
np.save("npy/u1.npy", grid((2, 3, 4)).astype("|u1"))
np.save("npy/i4_fortran.npy", np.asfortranarray((grid((3, 4)) - 50).astype("<i4")))
c = grid((2, 3)).astype("<f4") + 1j * (-grid((2, 3)).astype("<f4"))
np.save("npy/c8.npy", c.astype("<c8"))
with open("npy/f4_v2.npy", "wb") as f:
    npf.write_array(f, np.arange(7, dtype="<f4"), version=(2, 0))
np.save("npy/scalar.npy", np.float32(3.5))
print("numpy", np.__version__)

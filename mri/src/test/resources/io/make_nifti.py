# Writes the NIfTI fixtures for NiftiVersion2Test with nibabel; run with Debian's /usr/bin/python3.
import numpy as np, nibabel as nib, hashlib
rng = np.random.default_rng(5)
aff = np.array([[-0.9, 0.1, 0.0, 90.5], [0.05, 1.1, -0.2, -120.25], [0.0, 0.15, 2.5, -60.0], [0, 0, 0, 1]])
# NIfTI-2, float32, sform and qform set
d = rng.normal(size=(5, 4, 3)).astype(np.float32)
img = nib.Nifti2Image(d, aff)
img.set_qform(aff, code=1); img.set_sform(aff, code=2)
img.header['descrip'] = b'claritas nifti2 fixture'
nib.save(img, 'nifti2_float32.nii')
# NIfTI-2, int16 with scl_slope/inter, big-endian, gzip
d16 = np.arange(4 * 3 * 2, dtype=np.int16).reshape(4, 3, 2) * 7 - 50
hdr = nib.Nifti2Header(endianness='>')
img = nib.Nifti2Image(d16, aff, header=hdr)
img.header.set_data_dtype('>i2')
img.header.set_slope_inter(0.5, -3.0)
nib.save(img, 'nifti2_int16_be.nii.gz')
# NIfTI-1 complex64
c = (rng.normal(size=(4, 3, 2)) + 1j * rng.normal(size=(4, 3, 2))).astype(np.complex64)
img = nib.Nifti1Image(c, aff)
nib.save(img, 'nifti1_complex64.nii')
for f in ['nifti2_float32.nii', 'nifti2_int16_be.nii.gz', 'nifti1_complex64.nii']:
    im = nib.load(f)
    x = np.asanyarray(im.get_fdata(dtype=np.complex128) if 'complex' in f else im.get_fdata())
    flat = x.ravel(order='F')
    print(f, im.header.get_data_dtype(), im.shape, 'sform', im.header.get_sform().tolist(), 'qform', im.header.get_qform().tolist())
    if 'complex' in f:
        print('  re sum %.9g im sum %.9g first %r last %r' % (flat.real.sum(), flat.imag.sum(), flat[0], flat[-1]))
    else:
        print('  sum %.9g first %r last %r v(1,2,1) %r' % (flat.sum(), flat[0], flat[-1], x[1, 2, 1]))

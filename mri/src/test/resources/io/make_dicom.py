# Makes the multi-frame and series DICOM fixtures from pydicom's MR_small.dcm and prints the values
# DicomTest expects; run with Debian's /usr/bin/python3 (pydicom 2.3).
import os, hashlib, numpy as np, pydicom
from pydicom.uid import ExplicitVRLittleEndian
src = pydicom.data.get_testdata_file('MR_small.dcm')
base = pydicom.dcmread(src)
px = base.pixel_array  # int16, 64x64
# multi-frame: 3 frames (the image, its transpose, its negative), slope 0.5 and intercept 10
mf = pydicom.dcmread(src)
frames = np.stack([px, px.T.copy(), (-px).astype(np.int16)])
mf.NumberOfFrames = 3
mf.RescaleSlope = '0.5'; mf.RescaleIntercept = '10'
mf.SpacingBetweenSlices = '2.5'
mf.PixelData = frames.astype('<i2').tobytes()
mf.save_as('MR_small_multiframe.dcm', write_like_original=False)
# series: 4 slices of an oblique orientation, written in shuffled order with shuffled instance numbers
os.makedirs('series', exist_ok=True)
iop = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]  # sagittal: rows go anterior->posterior? (LPS +y), columns go down
normal = np.cross(iop[:3], iop[3:])
origin = np.array([-20.0, -100.0, 50.0])
for k, name in zip([2, 0, 3, 1], ['a.dcm', 'b.dcm', 'c.dcm', 'd.dcm']):
    s = pydicom.dcmread(src)
    s.ImageOrientationPatient = [f'{v:g}' for v in iop]
    s.ImagePositionPatient = [f'{v:g}' for v in origin + 3.0 * k * normal]
    s.InstanceNumber = str(7 - k)
    s.PixelData = ((px // 4) + 100 * k).astype('<i2').tobytes()
    s.RescaleSlope = '2'; s.RescaleIntercept = '-1'
    s.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    s.save_as(os.path.join('series', name), write_like_original=False)
open(os.path.join('series', 'notes.txt'), 'w').write('not DICOM: the reader skips it\n')

def summary(values):
    v = np.asarray(values, dtype=np.float64)
    return 'sum %.6f min %g max %g' % (v.sum(), v.min(), v.max())
for f in ['MR_small.dcm', 'MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_multiframe.dcm']:
    d = pydicom.dcmread(f)
    arr = d.pixel_array * float(getattr(d, 'RescaleSlope', 1)) + float(getattr(d, 'RescaleIntercept', 0))
    print(f, d.file_meta.TransferSyntaxUID, arr.shape, summary(arr), 'first', arr.ravel()[:3], 'px[10,20]', arr.reshape(-1, *arr.shape[-2:])[0][10, 20])
d = pydicom.dcmread('MR_small.dcm')
print('IPP', d.ImagePositionPatient, 'IOP', d.ImageOrientationPatient, 'PS', d.PixelSpacing, 'ST', d.get('SliceThickness'), 'SBS', d.get('SpacingBetweenSlices'))
vol = []
for name in sorted(os.listdir('series')):
    if name.endswith('.dcm'):
        s = pydicom.dcmread(os.path.join('series', name))
        vol.append((float(np.dot(np.array(s.ImagePositionPatient, float), normal)), name, s.pixel_array * 2.0 - 1))
vol.sort()
print('series order', [n for _, n, _ in vol], summary(np.stack([v for _, _, v in vol])), 'slice means', [float(v.mean()) for _, _, v in vol])

"""Writes the small MetaImage test files with Debian's numpy and Python's zlib (/usr/bin/python3), and prints
the values the tests expect from them and from the ITK example files copied beside them.
Voxel (x, y, z) of the made files is x + 10 y + 100 z - 50, without the - 50 for unsigned types (x fastest, as
MetaIO stores it)."""
import zlib
import numpy as np

def grid(dims):  # dims x fastest; returns a numpy array indexed [z, y, x] so tobytes() is x fastest
    shape = tuple(reversed(dims))
    return np.fromfunction(lambda *ix: sum(10 ** (len(ix) - 1 - a) * ix[a] for a in range(len(ix))), shape) - 50

def header(**fields):
    return "".join(f"{k} = {v}\n" for k, v in fields.items()).encode("ascii")

def write(name, dims, dtype, met, msb=False, compress=False, separate=False, **geometry):
    values = grid(dims) + (50 if np.dtype(dtype).kind == "u" else 0)  # unsigned types hold x + 10 y + 100 z
    data = values.astype(dtype).tobytes()
    if compress:
        data = zlib.compress(data)
    fields = dict(ObjectType="Image", NDims=len(dims), BinaryData="True",
                  BinaryDataByteOrderMSB=str(msb), CompressedData=str(compress))
    if compress:
        fields["CompressedDataSize"] = len(data)
    fields.update(geometry)
    fields.update(DimSize=" ".join(map(str, dims)), ElementType=met)
    if separate:
        fields["ElementDataFile"] = name + ".raw"
        open(f"metaimage/{name}.mhd", "wb").write(header(**fields))
        open(f"metaimage/{name}.raw", "wb").write(data)
    else:
        fields["ElementDataFile"] = "LOCAL"
        open(f"metaimage/{name}.mha", "wb").write(header(**fields) + data)

write("short_msb", [4, 3, 2], ">i2", "MET_SHORT", msb=True, ElementSpacing="0.5 1 2", Offset="10 20 30",
      TransformMatrix="0 1 0 -1 0 0 0 0 1")
write("uchar", [3, 2], "u1", "MET_UCHAR")
write("char", [3, 2], "i1", "MET_CHAR")
write("ushort", [3, 2], "<u2", "MET_USHORT")
write("int", [3, 2], "<i4", "MET_INT")
write("float_pair", [3, 2], "<f4", "MET_FLOAT", separate=True)
write("double_zlib", [5, 4, 3], "<f8", "MET_DOUBLE", compress=True, ElementSpacing="1 1 1.5")

itk = np.frombuffer(zlib.decompress(open("metaimage/BrainProtonDensitySliceBorder20.zraw", "rb").read()), "u1")
print("Border20 zraw: n", itk.size, "sum", int(itk.sum()), "v[100 + 221*120]", itk[100 + 221 * 120])
raw = open("metaimage/CorpusCallosumMeanShape.mha", "rb").read()
cc = np.frombuffer(zlib.decompress(raw[raw.index(b"LOCAL\n") + 6:]), "<f4")
print("CorpusCallosum: n", cc.size, "sum %.6f" % cc.astype(np.float64).sum(), "v[10 + 58*15] %r" % cc[10 + 58 * 15])

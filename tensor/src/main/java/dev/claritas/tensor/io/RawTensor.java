package dev.claritas.tensor.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as safetensors stores it: a dtype name, a shape, and the elements as little-endian
 * bytes in row-major order.
 *
 * <p>Supported dtypes: {@code BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64}. The constructor
 * checks that the dtype is one of them, that no dimension is negative and that {@code data} holds
 * exactly {@code numel() × element size} bytes. The shape is copied; {@code data} is not, so that
 * large tensors are not held twice: treat it as read-only.
 *
 * <p>Equality compares dtype, shape and bytes. Conversions return fresh arrays.
 *
 * @param dtype the safetensors dtype name, such as {@code "F32"}
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param data  the elements, little-endian, row-major
 */
public record RawTensor(String dtype, int[] shape, byte[] data) {

    public RawTensor {
        ElementType type = ElementType.byName(dtype);
        if (type == null) {
            throw new IllegalArgumentException("unsupported dtype " + dtype + "; supported: "
                    + Arrays.toString(ElementType.values()));
        }
        shape = shape.clone();
        long bytes = byteCount(shape, type);
        if (bytes != data.length) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes, got " + data.length);
        }
    }

    /** A float32 tensor holding {@code values} in row-major order. */
    public static RawTensor ofFloats(int[] shape, float[] values) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return new RawTensor("F32", shape, b.array());
    }

    /** A float64 tensor holding {@code values} in row-major order. */
    public static RawTensor ofDoubles(int[] shape, double[] values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return new RawTensor("F64", shape, b.array());
    }

    /** An int64 tensor holding {@code values} in row-major order. */
    public static RawTensor ofLongs(int[] shape, long[] values) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return new RawTensor("I64", shape, b.array());
    }

    /** A BOOL tensor (one byte per element, 0 or 1) holding {@code values} in row-major order. */
    public static RawTensor ofBooleans(int[] shape, boolean[] values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) (values[i] ? 1 : 0);
        }
        return new RawTensor("BOOL", shape, data);
    }

    /**
     * Bytes that a tensor of this dtype and shape occupies.
     *
     * @throws IllegalArgumentException if a dimension is negative or the size overflows a long
     */
    static long byteCount(int[] shape, ElementType type) {
        long n = type.byteSize();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        for (int d : shape) {
            if (d == 0) {
                return 0; // checked first so that huge dimensions next to a zero do not overflow
            }
        }
        try {
            for (int d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int numel() {
        return data.length / type().byteSize();
    }

    /** Every element converted to float; integers and BOOL (0 or 1) convert exactly when they can. */
    public float[] toFloats() {
        ElementType type = type();
        ByteBuffer b = littleEndian();
        float[] out = new float[numel()];
        if (type == ElementType.F32) {
            b.asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case F16 -> Float.float16ToFloat(b.getShort(2 * i));
                // bfloat16 is the upper half of a float32: shifting left drops the sign extension
                case BF16 -> Float.intBitsToFloat(b.getShort(2 * i) << 16);
                case F64 -> (float) b.getDouble(8 * i);
                default -> (float) integerAt(type, b, i);
            };
        }
        return out;
    }

    /** Every element converted to double; exact for every dtype except I64 beyond 2^53. */
    public double[] toDoubles() {
        ElementType type = type();
        ByteBuffer b = littleEndian();
        double[] out = new double[numel()];
        switch (type) {
            case F64 -> b.asDoubleBuffer().get(out);
            case F16, BF16, F32 -> {
                float[] floats = toFloats();
                for (int i = 0; i < out.length; i++) {
                    out[i] = floats[i];
                }
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = integerAt(type, b, i);
                }
            }
        }
        return out;
    }

    /**
     * The elements of an integer or BOOL tensor as longs (BOOL: nonzero byte → 1).
     *
     * @throws IllegalStateException for a floating-point tensor
     */
    public long[] toLongs() {
        ElementType type = type();
        if (type.isFloatingPoint()) {
            throw new IllegalStateException("toLongs() needs an integer or BOOL tensor, got " + dtype);
        }
        ByteBuffer b = littleEndian();
        long[] out = new long[numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integerAt(type, b, i);
        }
        return out;
    }

    /**
     * The elements of a BOOL or U8 tensor as booleans: nonzero → true.
     *
     * @throws IllegalStateException for any other dtype
     */
    public boolean[] toBooleans() {
        if (!dtype.equals("BOOL") && !dtype.equals("U8")) {
            throw new IllegalStateException("toBooleans() needs a BOOL or U8 tensor, got " + dtype);
        }
        boolean[] out = new boolean[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] != 0;
        }
        return out;
    }

    private static long integerAt(ElementType type, ByteBuffer b, int i) {
        return switch (type) {
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            case U8 -> b.get(i) & 0xff;
            case I8 -> b.get(i);
            case I16 -> b.getShort(2 * i);
            case I32 -> b.getInt(4 * i);
            case I64 -> b.getLong(8 * i);
            default -> throw new IllegalStateException(type + " is not an integer type");
        };
    }

    ElementType type() {
        return ElementType.byName(dtype);
    }

    private ByteBuffer littleEndian() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer allocate(int count, int byteSize) {
        return ByteBuffer.allocate(Math.multiplyExact(count, byteSize)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTensor other && dtype.equals(other.dtype) && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTensor[" + dtype + " " + Arrays.toString(shape) + ", " + data.length + " bytes]";
    }
}

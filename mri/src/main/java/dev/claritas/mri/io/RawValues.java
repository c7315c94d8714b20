package dev.claritas.mri.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes and encodes the plain binary arrays of NumPy, BART and MetaImage files: fixed-size numbers back to back
 * in one byte order. Values become floats, the type the library computes in; complex items become two floats.
 */
final class RawValues {

    private RawValues() {}

    /**
     * Decodes {@code bytes.length / size} items.
     *
     * @param kind 'f' float, 'i' signed integer, 'u' unsigned integer, 'c' complex (two float32)
     * @param size bytes per item
     */
    static float[] decode(byte[] bytes, ByteOrder order, char kind, int size) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        int items = bytes.length / size;
        float[] out = new float[kind == 'c' ? 2 * items : items];
        switch (kind) {
            case 'c', 'f' -> {
                if (size == 8 && kind == 'f') {
                    for (int i = 0; i < items; i++) {
                        out[i] = (float) b.getDouble(8 * i);
                    }
                } else {
                    b.asFloatBuffer().get(out);
                }
            }
            case 'i' -> {
                for (int i = 0; i < items; i++) {
                    out[i] = switch (size) {
                        case 1 -> b.get(i);
                        case 2 -> b.getShort(2 * i);
                        case 4 -> b.getInt(4 * i);
                        default -> throw new IllegalArgumentException("int" + 8 * size);
                    };
                }
            }
            case 'u' -> {
                for (int i = 0; i < items; i++) {
                    out[i] = switch (size) {
                        case 1 -> b.get(i) & 0xff;
                        case 2 -> b.getShort(2 * i) & 0xffff;
                        case 4 -> b.getInt(4 * i) & 0xffffffffL;
                        default -> throw new IllegalArgumentException("uint" + 8 * size);
                    };
                }
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        }
        return out;
    }

    /**
     * Encodes floats as items of the given type; integers are rounded to nearest and clamped to the type's range,
     * NaN becoming 0, so that what is stored is the closest representable value.
     */
    static byte[] encode(float[] values, ByteOrder order, char kind, int size) {
        int items = kind == 'c' ? values.length / 2 : values.length;
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(items, size)).order(order);
        switch (kind) {
            case 'c' -> b.asFloatBuffer().put(values);
            case 'f' -> {
                for (float v : values) {
                    if (size == 8) {
                        b.putDouble(v);
                    } else {
                        b.putFloat(v);
                    }
                }
            }
            case 'i', 'u' -> {
                long min = kind == 'u' ? 0 : -(1L << (8 * size - 1));
                long max = kind == 'u' ? (1L << (8 * size)) - 1 : (1L << (8 * size - 1)) - 1;
                for (float v : values) {
                    long q = Float.isNaN(v) ? 0 : Math.max(min, Math.min(max, Math.round((double) v)));
                    switch (size) {
                        case 1 -> b.put((byte) q);
                        case 2 -> b.putShort((short) q);
                        case 4 -> b.putInt((int) q);
                        default -> throw new IllegalArgumentException("size " + size);
                    }
                }
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        }
        return b.array();
    }
}

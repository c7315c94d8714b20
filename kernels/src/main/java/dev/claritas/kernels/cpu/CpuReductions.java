package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.ReduceOp;
import dev.claritas.tensor.spi.View;

/**
 * Reduces the middle axis of a contiguous [outer, n, inner] array. Sums accumulate in double, so
 * float32 sums are exact to rounding whatever their length, and every output element is summed in
 * one fixed order.
 */
final class CpuReductions {
    private CpuReductions() {}

    static void reduce(ReduceOp op, View src, int outer, int n, int inner, View dst) {
        Object s = Buffers.array(src), d = Buffers.array(dst);
        int so = src.offset(), dOff = dst.offset();
        Parallel.forRange(outer, (long) n * inner, (from, to) -> {
            double[] acc = new double[inner];
            long[] arg = new long[inner];
            for (int o = from; o < to; o++) {
                int base = so + o * n * inner;
                switch (op) {
                    case SUM -> sum(s, base, n, inner, acc);
                    case MAX, MIN, ARGMAX, ARGMIN -> extremum(op, s, base, n, inner, acc, arg);
                }
                boolean isArg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
                for (int i = 0; i < inner; i++) {
                    Buffers.set(d, dOff + o * inner + i, isArg ? arg[i] : acc[i]);
                }
            }
        });
    }

    private static void sum(Object s, int base, int n, int inner, double[] acc) {
        java.util.Arrays.fill(acc, 0);
        if (s instanceof float[] f && inner == 1 && Vectorization.ENABLED) {
            acc[0] = VectorElementwise.sum(f, base, n);
        } else if (s instanceof float[] f) {
            for (int j = 0; j < n; j++) {
                int row = base + j * inner;
                for (int i = 0; i < inner; i++) {
                    acc[i] += f[row + i];
                }
            }
        } else {
            for (int j = 0; j < n; j++) {
                int row = base + j * inner;
                for (int i = 0; i < inner; i++) {
                    acc[i] += Buffers.get(s, row + i);
                }
            }
        }
    }

    /** Max or min (and its first index); NaN wins, as in PyTorch. */
    private static void extremum(ReduceOp op, Object s, int base, int n, int inner, double[] best, long[] arg) {
        boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
        for (int i = 0; i < inner; i++) {
            best[i] = Buffers.get(s, base + i);
            arg[i] = 0;
        }
        for (int j = 1; j < n; j++) {
            int row = base + j * inner;
            for (int i = 0; i < inner; i++) {
                double v = Buffers.get(s, row + i);
                if (Double.isNaN(best[i])) {
                    continue;
                }
                if (Double.isNaN(v) || (max ? v > best[i] : v < best[i])) {
                    best[i] = v;
                    arg[i] = j;
                }
            }
        }
    }
}

package dev.claritas.kernels.gpu;

import java.util.Arrays;

/**
 * The threads of a launch: a global size per dimension, rounded up to whole work-groups (CUDA:
 * blocks) of the given local size. Kernels check their indices against the real sizes.
 */
public record Grid(long[] global, long[] local) {

    /** Work-group size of one-dimensional launches. */
    public static final int LINEAR_GROUP = 256;

    public Grid {
        if (global.length != local.length || global.length < 1 || global.length > 3) {
            throw new IllegalArgumentException("grid needs 1 to 3 dimensions: " + Arrays.toString(global) + " / " + Arrays.toString(local));
        }
        global = global.clone();
        for (int d = 0; d < global.length; d++) {
            global[d] = Math.max(1, Math.ceilDiv(global[d], local[d])) * local[d];
        }
    }

    /** At least {@code n} threads in one dimension. */
    public static Grid linear(long n) {
        return new Grid(new long[] {n}, new long[] {LINEAR_GROUP});
    }

    /** Exactly {@code groups} work-groups of {@code groupSize} threads in one dimension. */
    public static Grid groups(long groups, int groupSize) {
        return new Grid(new long[] {groups * groupSize}, new long[] {groupSize});
    }

    /** A two-dimensional launch of at least {@code x × y} threads in work-groups of {@code lx × ly}. */
    public static Grid of(long x, long y, int lx, int ly) {
        return new Grid(new long[] {x, y}, new long[] {lx, ly});
    }

    /** A three-dimensional launch of at least {@code x × y × z} threads in work-groups of {@code lx × ly × lz}. */
    public static Grid of(long x, long y, long z, int lx, int ly, int lz) {
        return new Grid(new long[] {x, y, z}, new long[] {lx, ly, lz});
    }

    public int dimensions() {
        return global.length;
    }
}

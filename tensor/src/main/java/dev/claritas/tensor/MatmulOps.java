package dev.claritas.tensor;

import java.util.Arrays;

/** Matrix products: one batched kernel, and PyTorch's {@code matmul} rules built from views around it. */
final class MatmulOps {
    private MatmulOps() {}

    static Tensor matmul(Tensor a, Tensor b) {
        Ops.checkSameDtype("matmul", a, b);
        Ops.checkSameDevice("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeMismatchException("matmul: both operands need at least one dimension, got " + a.describe() + " and " + b.describe());
        }
        // checked here, on the caller's shapes, before 1-D operands become matrices
        checkInner(a.size(-1), b.rank() == 1 ? b.size(0) : b.size(-2), a, b);
        if (a.rank() == 1 && b.rank() == 1) {
            return a.mul(b).sum();
        }
        if (a.rank() == 1) {
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return matmul(a, b.unsqueeze(-1)).squeeze(-1);
        }
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        int[] batchA = Arrays.copyOf(a.dims(), a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.dims(), b.rank() - 2);
        int[] batch = Shape.broadcast("matmul: batch dimensions of " + Arrays.toString(a.dims()) + " and "
                + Arrays.toString(b.dims()), batchA, batchB);
        int batchSize = Shape.numel(batch);
        Tensor a3 = a.expand(concat(batch, m, k)).reshape(batchSize, m, k);
        Tensor b3 = b.expand(concat(batch, k, n)).reshape(batchSize, k, n);
        return bmm(a3, b3).reshape(concat(batch, m, n));
    }

    private static void checkInner(int k1, int k2, Tensor a, Tensor b) {
        if (k1 != k2) {
            throw new ShapeMismatchException("matmul: shapes " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims())
                    + " cannot be multiplied (" + k1 + " vs " + k2 + ")");
        }
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (a.rank() != 3 || b.rank() != 3 || a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw new ShapeMismatchException("bmm: expects [B, n, m] and [B, m, p], got " + a.describe() + " and " + b.describe());
        }
        Ops.checkSameDtype("bmm", a, b);
        Ops.checkSameDevice("bmm", a, b);
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        boolean transA = isTransposedContiguous(a);
        boolean transB = isTransposedContiguous(b);
        Tensor ac = transA ? a : a.contiguous();
        Tensor bc = transB ? b : b.contiguous();
        Tensor out = Tensor.uninitialized(new int[] {batch, m, n}, a.dtype(), a.device());
        a.backend().matmul(ac.view(), bc.view(), out.view(), batch, m, k, n, transA, transB);
        return GradFn.record("bmm", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, needs) -> new Tensor[] {
            needs[0] ? bmm(g, b.transpose(1, 2)) : null,
            needs[1] ? bmm(a.transpose(1, 2), g) : null});
    }

    /** Whether the last two dims are swapped in an otherwise dense layout, so the kernel can read it as is. */
    private static boolean isTransposedContiguous(Tensor t) {
        if (t.isContiguous()) {
            return false;
        }
        int[] s = t.strides();
        int rows = t.size(1), cols = t.size(2);
        return s[1] == 1 && s[2] == rows && (t.size(0) == 1 || s[0] == rows * cols);
    }
}

package dev.claritas.tensor;

import java.util.Arrays;

/** Ops that return views of their input's storage, with their backward rules. */
final class ViewOps {
    private ViewOps() {}

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] dims = inferShape("reshape", x, newShape);
        Tensor base = x.isContiguous() ? x : x.copy();
        return viewContiguous("reshape", base, dims, x.dims());
    }

    static Tensor view(Tensor x, int[] newShape) {
        int[] dims = inferShape("view", x, newShape);
        if (!x.isContiguous()) {
            throw new IllegalStateException("view: the tensor " + x.describe() + " is not contiguous; use reshape(), which copies when it must");
        }
        return viewContiguous("view", x, dims, x.dims());
    }

    private static Tensor viewContiguous(String op, Tensor base, int[] dims, int[] originalShape) {
        Tensor out = base.asStrided(dims, Shape.contiguousStrides(dims), base.offset());
        return GradFn.record(op, out, new Tensor[] {base}, (g, needs) -> new Tensor[] {g.reshape(originalShape)});
    }

    private static int[] inferShape(String op, Tensor x, int[] newShape) {
        int[] dims = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (inferred >= 0) {
                    throw new ShapeMismatchException(op + ": only one dimension can be -1 in " + Arrays.toString(newShape));
                }
                inferred = i;
            } else if (dims[i] < 0) {
                throw new ShapeMismatchException(op + ": invalid size " + dims[i] + " in " + Arrays.toString(newShape));
            } else {
                known *= dims[i];
            }
        }
        int n = x.numel();
        if (inferred >= 0) {
            if (known == 0 || n % known != 0) {
                throw new ShapeMismatchException(op + ": shape " + Arrays.toString(newShape) + " is invalid for input of shape "
                        + Arrays.toString(x.dims()));
            }
            dims[inferred] = (int) (n / known);
        } else if (known != n) {
            throw new ShapeMismatchException(op + ": shape " + Arrays.toString(newShape) + " is invalid for input of shape "
                    + Arrays.toString(x.dims()) + " (" + n + " elements)");
        }
        return dims;
    }

    static Tensor permute(Tensor x, int[] order) {
        int rank = x.rank();
        if (order.length != rank) {
            throw new ShapeMismatchException("permute: " + Arrays.toString(order) + " does not list the " + rank + " dimensions of " + x.describe());
        }
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        int[] xs = x.strides();
        for (int i = 0; i < rank; i++) {
            int d = Shape.normalizeDim(order[i], rank);
            if (seen[d]) {
                throw new ShapeMismatchException("permute: dimension " + d + " repeated in " + Arrays.toString(order));
            }
            seen[d] = true;
            dims[i] = x.dims()[d];
            strides[i] = xs[d];
            inverse[d] = i;
        }
        Tensor out = x.asStrided(dims, strides, x.offset());
        return GradFn.record("permute", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] order = x.allDims();
        int a = Shape.normalizeDim(dim0, x.rank());
        int b = Shape.normalizeDim(dim1, x.rank());
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shape.normalizeDim(dim, x.rank());
        int size = x.dims()[d];
        if (start < 0 || length < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("narrow: [" + start + ", " + (start + length) + ") is outside dimension "
                    + d + " of " + x.describe());
        }
        int[] dims = x.dims().clone();
        dims[d] = length;
        int[] strides = x.strides();
        Tensor out = x.asStrided(dims, strides, x.offset() + start * strides[d]);
        int[] inputShape = x.dims();
        return GradFn.record("narrow", out, new Tensor[] {x}, (g, needs) -> {
            Tensor full = Tensor.zeros(inputShape, g.dtype(), g.device());
            full.narrow(d, start, length).copyFrom(g);
            return new Tensor[] {full};
        });
    }

    static Tensor expand(Tensor x, int[] sizes) {
        int rank = sizes.length;
        int[] xd = x.dims();
        if (rank < xd.length) {
            throw new ShapeMismatchException("expand: cannot expand " + x.describe() + " to fewer dimensions " + Arrays.toString(sizes));
        }
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        int[] xs = x.strides();
        int lead = rank - xd.length;
        for (int i = 0; i < rank; i++) {
            int want = sizes[i];
            if (i < lead) {
                if (want < 0) {
                    throw new ShapeMismatchException("expand: -1 is not allowed for a new leading dimension in " + Arrays.toString(sizes));
                }
                dims[i] = want;
                strides[i] = 0;
                continue;
            }
            int have = xd[i - lead];
            if (want == -1 || want == have) {
                dims[i] = have;
                strides[i] = xs[i - lead];
            } else if (have == 1) {
                dims[i] = want;
                strides[i] = 0;
            } else {
                throw new ShapeMismatchException("expand: cannot expand " + x.describe() + " to " + Arrays.toString(sizes)
                        + " (dimension " + i + " has size " + have + ", not 1)");
            }
        }
        if (Arrays.equals(dims, xd)) {
            return x;
        }
        Tensor out = x.asStrided(dims, strides, x.offset());
        return GradFn.record("expand", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {sumToShape(g, xd)});
    }

    /** Sums a broadcast gradient back down to {@code shape}. */
    static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gd = g.dims();
        if (Arrays.equals(gd, shape)) {
            return g;
        }
        int lead = gd.length - shape.length;
        int[] reduce = new int[gd.length];
        int count = 0;
        for (int i = 0; i < gd.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gd[i] != 1)) {
                reduce[count++] = i;
            }
        }
        Tensor summed = count == 0 ? g : g.sum(Arrays.copyOf(reduce, count), true);
        return summed.reshape(shape);
    }

    static Tensor squeeze(Tensor x) {
        int[] dims = Arrays.stream(x.dims()).filter(d -> d != 1).toArray();
        return reshape(x, dims);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shape.normalizeDim(dim, x.rank());
        if (x.dims()[d] != 1) {
            return x;
        }
        int[] dims = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != d) {
                dims[j++] = x.dims()[i];
            }
        }
        return stridedReshape(x, dims, removeAt(x.strides(), d));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.normalizeDim(dim, x.rank() + 1);
        int[] dims = new int[x.rank() + 1];
        int[] strides = new int[x.rank() + 1];
        int[] xs = x.strides();
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i == d) {
                dims[i] = 1;
                strides[i] = j < xs.length ? xs[j] * x.dims()[j] : 1;
            } else {
                dims[i] = x.dims()[j];
                strides[i] = xs[j++];
            }
        }
        return stridedReshape(x, dims, strides);
    }

    /** A view that only adds or removes size-1 dimensions, so the strides carry over. */
    private static Tensor stridedReshape(Tensor x, int[] dims, int[] strides) {
        int[] original = x.dims();
        Tensor out = x.asStrided(dims, strides, x.offset());
        return GradFn.record("reshape", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {g.reshape(original)});
    }

    private static int[] removeAt(int[] a, int index) {
        int[] r = new int[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) {
            if (i != index) {
                r[j++] = a[i];
            }
        }
        return r;
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.rank() == 0) {
            return reshape(x, new int[] {1});
        }
        int s = Shape.normalizeDim(startDim, x.rank());
        int e = Shape.normalizeDim(endDim, x.rank());
        if (s > e) {
            throw new ShapeMismatchException("flatten: start_dim " + startDim + " comes after end_dim " + endDim);
        }
        int[] xd = x.dims();
        int[] dims = new int[x.rank() - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) {
            dims[j++] = xd[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= xd[i];
        }
        dims[j++] = merged;
        for (int i = e + 1; i < xd.length; i++) {
            dims[j++] = xd[i];
        }
        return reshape(x, dims);
    }
}

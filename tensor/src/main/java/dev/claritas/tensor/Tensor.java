package dev.claritas.tensor;

import dev.claritas.autograd.Engine;
import dev.claritas.autograd.GradMode;
import dev.claritas.autograd.Node;
import dev.claritas.tensor.spi.Backend;
import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.Storage;
import dev.claritas.tensor.spi.View;
import java.util.Arrays;

/**
 * An n-dimensional array on one device, with reverse-mode automatic differentiation.
 *
 * <p>A tensor is a strided view of a {@link Storage}: views ({@link #reshape}, {@link #permute},
 * {@link #narrow}, {@link #expand}, ...) share the storage without copying. Ops follow PyTorch's
 * names and semantics (camelCase: {@code log_softmax} is {@link #logSoftmax}), broadcast their
 * operands, and record a backward rule when an input {@link #requiresGrad()}. Ops that take scalar
 * parameters or several tensors live in {@link Ops} too; this class carries the common ones as methods.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 4).requiresGrad(true);
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * Tensor dw = w.grad();
 * }</pre>
 */
public final class Tensor implements AutoCloseable {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node<Tensor> gradFn;
    private LeafAccumulator accumulator;

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation -------------------------------------------------------------------------------

    /** A zeroed tensor; used by ops to allocate outputs their kernels accumulate into. */
    static Tensor empty(int[] shape, DType dtype, Device device) {
        return owned(Backends.of(device).allocate(device, dtype, Shape.numel(shape)), shape);
    }

    /** A tensor of unspecified values, for an op's output that its kernel overwrites entirely. */
    static Tensor uninitialized(int[] shape, DType dtype, Device device) {
        return owned(Backends.of(device).allocateUninitialized(device, dtype, Shape.numel(shape)), shape);
    }

    /**
     * Like {@link #uninitialized(int[], DType, Device)}, laid out channels-last when {@code channelsLast}
     * (a 4-D shape): for ops whose output follows their input's {@link MemoryFormat}.
     */
    static Tensor uninitialized(int[] shape, DType dtype, Device device, boolean channelsLast) {
        Tensor t = uninitialized(shape, dtype, device);
        return channelsLast ? new Tensor(t.storage, t.shape, ChannelsLast.strides(shape), 0) : t;
    }

    private static Tensor owned(Storage s, int[] shape) {
        Scope.register(s);
        return new Tensor(s, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    /** A float32 CPU tensor holding {@code data} (copied), of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return fromHost(DType.FLOAT32, data, data.length, shape);
    }

    /** A float64 CPU tensor holding {@code data} (copied). */
    public static Tensor of(double[] data, int... shape) {
        return fromHost(DType.FLOAT64, data, data.length, shape);
    }

    /** An int64 CPU tensor holding {@code data} (copied). */
    public static Tensor of(long[] data, int... shape) {
        return fromHost(DType.INT64, data, data.length, shape);
    }

    /** A bool CPU tensor holding {@code data} (copied). */
    public static Tensor of(boolean[] data, int... shape) {
        return fromHost(DType.BOOL, data, data.length, shape);
    }

    private static Tensor fromHost(DType dtype, Object array, int length, int[] shape) {
        int[] dims = shape.length == 0 && length != 1 ? new int[] {length} : shape.clone();
        if (Shape.numel(dims) != length) {
            throw new ShapeMismatchException("Tensor.of: " + length + " values do not fill shape " + Arrays.toString(dims));
        }
        Storage s = Backends.of(Device.CPU).fromHost(Device.CPU, dtype, copyOf(array));
        return new Tensor(s, dims, Shape.contiguousStrides(dims), 0);
    }

    private static Object copyOf(Object array) {
        return switch (array) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            default -> throw new IllegalArgumentException("unsupported array type " + array.getClass());
        };
    }

    /** A 0-dimensional float32 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32, Device.CPU);
    }

    /** A 0-dimensional tensor of the given type and device. */
    public static Tensor scalar(double value, DType dtype, Device device) {
        return full(new int[0], value, dtype, device);
    }

    /** A float32 CPU tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(shape, DType.FLOAT32, Device.CPU);
    }

    public static Tensor zeros(int[] shape, DType dtype, Device device) {
        return empty(shape, dtype, device);
    }

    /** A float32 CPU tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(shape, 1, DType.FLOAT32, Device.CPU);
    }

    public static Tensor full(int[] shape, double value, DType dtype, Device device) {
        Tensor t = empty(shape, dtype, device);
        if (value != 0) {
            t.backend().fill(t.view(), value);
        }
        return t;
    }

    /** {@code [0, 1, ..., n-1]} as int64 (PyTorch's {@code arange}). */
    public static Tensor arange(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return of(v, n);
    }

    /** Zeros with this tensor's shape, dtype and device. */
    public Tensor zerosLike() {
        return empty(shape, dtype(), device());
    }

    /** Ones with this tensor's shape, dtype and device. */
    public Tensor onesLike() {
        return full(shape, 1, dtype(), device());
    }

    /** Uniform on [0, 1), float32 CPU, from the default generator. */
    public static Tensor rand(int... shape) {
        return RandomOps.uniform(shape, 0, 1, DType.FLOAT32, Device.CPU, Generator.defaultGenerator());
    }

    /** Standard normal, float32 CPU, from the default generator. */
    public static Tensor randn(int... shape) {
        return RandomOps.normal(shape, 0, 1, DType.FLOAT32, Device.CPU, Generator.defaultGenerator());
    }

    // ---- properties -------------------------------------------------------------------------------

    public Shape shape() {
        return Shape.of(shape);
    }

    /** Size of one dimension; negative counts from the end. */
    public int size(int dim) {
        return shape[Shape.normalizeDim(dim, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** The strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    public boolean isContiguous() {
        return view().isContiguous();
    }

    /**
     * Whether the elements lie densely in the order of {@code format}, ignoring the strides of
     * size-1 dimensions (so a one-channel image is dense in both orders).
     */
    public boolean isContiguous(MemoryFormat format) {
        return switch (format) {
            case CONTIGUOUS -> isContiguous();
            case CHANNELS_LAST -> {
                requireChannelsLastRank();
                yield ChannelsLast.isDense(shape, strides);
            }
        };
    }

    /** What kernels see of this tensor. */
    View view() {
        return new View(storage, shape, strides, offset);
    }

    int[] dims() {
        return shape;
    }

    Storage storage() {
        return storage;
    }

    Backend backend() {
        return storage.backend();
    }

    int offset() {
        return offset;
    }

    // ---- autograd -----------------------------------------------------------------------------------

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as a variable to differentiate with respect to; returns this tensor.
     * Only floating-point leaves can require gradients.
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad can only be changed on leaf tensors; use detach() to make a new leaf");
        }
        if (value && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only floating-point tensors can require gradients, not " + dtype());
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or {@code null} before any backward pass. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (optimizers and clipping use it); {@code null} clears it. */
    public void setGrad(Tensor g) {
        if (g != null && (!Arrays.equals(g.shape, shape) || g.dtype() != dtype())) {
            throw new ShapeMismatchException("setGrad: gradient " + g.describe() + " does not match tensor " + describe());
        }
        grad = g;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Whether this tensor was made by users rather than by a differentiable op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The name of the op that produced this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.name();
    }

    /** A new leaf sharing this tensor's storage, outside the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    Node<Tensor> gradNode() {
        if (gradFn != null) {
            return gradFn;
        }
        if (!requiresGrad) {
            return null;
        }
        if (accumulator == null) {
            accumulator = new LeafAccumulator(this);
        }
        return accumulator;
    }

    void setGradFn(Node<Tensor> fn) {
        gradFn = fn;
        requiresGrad = true;
    }

    void accumulateGrad(Tensor g) {
        if (!Arrays.equals(g.shape, shape)) {
            throw new IllegalStateException("a backward rule produced a gradient of shape " + Arrays.toString(g.shape)
                    + " for a tensor of shape " + Arrays.toString(shape));
        }
        Tensor contribution = g.dtype() == dtype() ? g : g.to(dtype());
        // As PyTorch's AccumulateGrad, the gradient takes this leaf's layout (channels-last for a
        // channels-last leaf, else row-major), so that an optimizer reads gradient and parameter in
        // the same order: a permuted view (the gradient of w.permute(…)) is copied into it.
        boolean channelsLast = ChannelsLast.suggested(this);
        boolean inLayout = channelsLast ? ChannelsLast.suggested(contribution) : contribution.isContiguous();
        if (grad != null) {
            grad = grad.add(inLayout ? contribution : copyInLayout(contribution, channelsLast));
        } else {
            // a conversion is this leaf's alone already
            boolean mine = contribution != g || BackwardMemory.canHandOver(g);
            grad = inLayout && mine ? contribution : copyInLayout(contribution, channelsLast);
        }
        Scope.escape(grad);
    }

    /** A copy of t, channels-last or row-major. */
    private static Tensor copyInLayout(Tensor t, boolean channelsLast) {
        Tensor out = uninitialized(t.shape, t.dtype(), t.device(), channelsLast);
        t.backend().copy(t.view(), out.view());
        return out;
    }

    /** Back-propagates from a scalar: the gradients of this value reach every leaf that requires one. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a scalar, but the tensor has shape "
                    + Arrays.toString(shape) + "; pass the gradient of the output, or reduce it first (e.g. sum())");
        }
        backward(full(shape, 1, dtype(), device()), false);
    }

    /** Back-propagates {@code gradient}, the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Node<Tensor> root = gradNode();
        if (root == null) {
            throw new IllegalStateException("this tensor does not require grad and has no grad_fn: nothing to differentiate");
        }
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new ShapeMismatchException("backward: gradient " + gradient.describe() + " does not match the output " + describe());
        }
        try (var noGrad = GradMode.disable(); var memory = new BackwardMemory()) {
            Engine.backward(root, gradient, memory::add, retainGraph, memory);
        }
    }

    // ---- data out -------------------------------------------------------------------------------

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).hostArray();
    }

    /** The elements in row-major order, converted to double. */
    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).hostArray();
    }

    /** The elements in row-major order, converted to long. */
    public long[] toLongArray() {
        return (long[]) to(DType.INT64).hostArray();
    }

    /** The elements in row-major order, converted to boolean (non-zero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) to(DType.BOOL).hostArray();
    }

    private Object hostArray() {
        return backend().toHost(view());
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, not shape " + Arrays.toString(shape));
        }
        return toDoubleArray()[0];
    }

    /** This tensor converted to {@code dtype} (itself when it already has it); differentiable between float types. */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        Tensor out = empty(shape, dtype, device());
        backend().copy(view(), out.view());
        if (dtype.isFloatingPoint()) {
            DType from = dtype();
            GradFn.record("to", out, new Tensor[] {this}, (g, needs) -> new Tensor[] {g.to(from)});
        }
        return out;
    }

    /** This tensor on {@code device} (itself when already there): the only way data moves between devices. */
    public Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        Object host = backend().toHost(view());
        Storage s = Backends.of(device).fromHost(device, dtype(), host);
        Scope.register(s);
        Tensor out = new Tensor(s, shape.clone(), Shape.contiguousStrides(shape), 0);
        Device from = device();
        return GradFn.record("to", out, new Tensor[] {this}, (g, needs) -> new Tensor[] {g.to(from)});
    }

    /** A contiguous copy of this tensor in new storage (differentiable). */
    public Tensor copy() {
        Tensor out = empty(shape, dtype(), device());
        backend().copy(view(), out.view());
        return GradFn.record("clone", out, new Tensor[] {this}, (g, needs) -> new Tensor[] {g});
    }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /**
     * This tensor laid out in {@code format}: itself when its strides are already that format's,
     * else a copy (differentiable). For {@link MemoryFormat#CHANNELS_LAST} (4-D tensors only) the
     * strides must match exactly, size-1 dimensions included, because they are what marks a
     * one-channel tensor as channels-last for the ops that follow.
     */
    public Tensor contiguous(MemoryFormat format) {
        if (format == MemoryFormat.CONTIGUOUS) {
            return contiguous();
        }
        requireChannelsLastRank();
        if (Arrays.equals(strides, ChannelsLast.strides(shape))) {
            return this;
        }
        Tensor out = uninitialized(shape, dtype(), device(), true);
        backend().copy(ChannelsLast.inMemoryOrder(view()), ChannelsLast.inMemoryOrder(out.view()));
        return GradFn.record("clone", out, new Tensor[] {this}, (g, needs) -> new Tensor[] {g});
    }

    private void requireChannelsLastRank() {
        if (rank() != 4) {
            throw new ShapeMismatchException("the channels-last memory format needs a 4-D [N, C, H, W] tensor, got " + describe());
        }
    }

    // ---- in-place (outside autograd) ------------------------------------------------------------

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        Ops.checkSameDevice("copyFrom", this, src);
        Tensor b = src.expand(shape);
        backend().copy(b.view(), view());
        storage.version().bump();
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(double value) {
        checkInPlace("fill");
        backend().fill(view(), value);
        storage.version().bump();
        return this;
    }

    /** {@code this += alpha * other}, in place ({@code other} broadcast to this shape). */
    public Tensor addInPlace(Tensor other, double alpha) {
        Tensor addend = other;
        if (alpha != 1) {
            try (var noGrad = GradMode.disable()) {
                addend = other.mul(alpha);
            }
        }
        return binaryInPlace("addInPlace", BinaryOp.ADD, addend);
    }

    /** {@code this += value}, in place. */
    public Tensor addInPlace(double value) {
        return binaryInPlace("addInPlace", BinaryOp.ADD, scalarLike(value));
    }

    /** {@code this *= factor}, in place. */
    public Tensor mulInPlace(double factor) {
        return binaryInPlace("mulInPlace", BinaryOp.MUL, scalarLike(factor));
    }

    /** {@code this /= divisor}, in place. */
    public Tensor divInPlace(double divisor) {
        return binaryInPlace("divInPlace", BinaryOp.DIV, scalarLike(divisor));
    }

    /** {@code this = this op other}, written over this tensor's elements with no new tensor. */
    private Tensor binaryInPlace(String name, BinaryOp op, Tensor other) {
        checkInPlace(name);
        Ops.checkSameDtype(name, this, other);
        Ops.checkSameDevice(name, this, other);
        Tensor operand = other.expand(shape);
        boolean overlaps = operand.storage == storage
                && !(operand.offset == offset && Arrays.equals(operand.strides, strides));
        if (offset != 0 || !isContiguous() || overlaps) {
            // kernels write only contiguous outputs, and must not read elements they have already written
            Tensor result = uninitialized(shape, dtype(), device());
            backend().binary(op, view(), operand.view(), result.view());
            return copyFrom(result);
        }
        backend().binary(op, view(), operand.view(), view());
        storage.version().bump();
        return this;
    }

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException(op + ": a tensor that requires grad cannot be modified in place while"
                    + " gradients are recorded; do it inside GradMode.disable() or on a detach()ed tensor");
        }
    }

    /** Releases device memory now; the tensor (and any view of its storage) must not be used afterwards. */
    @Override
    public void close() {
        storage.close();
    }

    // ---- views ----------------------------------------------------------------------------------

    /** The same elements with a new shape; one size may be -1. Copies only when the strides do not allow a view. */
    public Tensor reshape(int... newShape) {
        return ViewOps.reshape(this, newShape);
    }

    /** Like {@link #reshape} but refuses to copy. */
    public Tensor view(int... newShape) {
        return ViewOps.view(this, newShape);
    }

    /** Reorders the dimensions. */
    public Tensor permute(int... dims) {
        return ViewOps.permute(this, dims);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return ViewOps.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix ({@code t()} in PyTorch). */
    public Tensor t() {
        if (rank() != 2) {
            throw new ShapeMismatchException("t: expects a 2-D tensor, got shape " + Arrays.toString(shape));
        }
        return transpose(0, 1);
    }

    /** Elements {@code [start, start + length)} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return ViewOps.narrow(this, dim, start, length);
    }

    /** Broadcasts size-1 dimensions (and new leading ones) to {@code sizes}; -1 keeps a size. No copy. */
    public Tensor expand(int... sizes) {
        return ViewOps.expand(this, sizes);
    }

    /** Removes every dimension of size 1. */
    public Tensor squeeze() {
        return ViewOps.squeeze(this);
    }

    /** Removes {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return ViewOps.squeeze(this, dim);
    }

    /** Inserts a dimension of size 1 at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return ViewOps.unsqueeze(this, dim);
    }

    /** Merges dimensions {@code startDim..endDim} into one. */
    public Tensor flatten(int startDim, int endDim) {
        return ViewOps.flatten(this, startDim, endDim);
    }

    /** All dimensions merged into one. */
    public Tensor flatten() {
        return flatten(0, -1);
    }

    /** A view with the given layout over the same storage (the caller checks bounds). */
    Tensor asStrided(int[] newShape, int[] newStrides, int newOffset) {
        return new Tensor(storage, newShape, newStrides, newOffset);
    }

    // ---- elementwise ------------------------------------------------------------------------------

    public Tensor add(Tensor other) {
        return ElementwiseOps.add(this, other);
    }

    public Tensor add(double value) {
        return add(scalarLike(value));
    }

    public Tensor sub(Tensor other) {
        return ElementwiseOps.sub(this, other);
    }

    public Tensor sub(double value) {
        return sub(scalarLike(value));
    }

    public Tensor mul(Tensor other) {
        return ElementwiseOps.mul(this, other);
    }

    public Tensor mul(double value) {
        return mul(scalarLike(value));
    }

    public Tensor div(Tensor other) {
        return ElementwiseOps.div(this, other);
    }

    public Tensor div(double value) {
        return div(scalarLike(value));
    }

    /** {@code this ** exponent}, elementwise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return ElementwiseOps.pow(this, exponent);
    }

    /** {@code this ** exponent} with a scalar exponent. */
    public Tensor pow(double exponent) {
        return ElementwiseOps.powScalar(this, exponent);
    }

    public Tensor maximum(Tensor other) {
        return ElementwiseOps.maximum(this, other);
    }

    public Tensor minimum(Tensor other) {
        return ElementwiseOps.minimum(this, other);
    }

    public Tensor eq(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.EQ, this, other);
    }

    public Tensor ne(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.NE, this, other);
    }

    public Tensor lt(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.LT, this, other);
    }

    public Tensor le(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.LE, this, other);
    }

    public Tensor gt(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.GT, this, other);
    }

    public Tensor ge(Tensor other) {
        return ElementwiseOps.compare(dev.claritas.tensor.spi.BinaryOp.GE, this, other);
    }

    public Tensor gt(double value) {
        return gt(scalarLike(value));
    }

    public Tensor lt(double value) {
        return lt(scalarLike(value));
    }

    public Tensor neg() {
        return ElementwiseOps.neg(this);
    }

    public Tensor abs() {
        return ElementwiseOps.abs(this);
    }

    public Tensor exp() {
        return ElementwiseOps.exp(this);
    }

    public Tensor log() {
        return ElementwiseOps.log(this);
    }

    public Tensor sqrt() {
        return ElementwiseOps.sqrt(this);
    }

    public Tensor rsqrt() {
        return ElementwiseOps.rsqrt(this);
    }

    public Tensor sin() {
        return ElementwiseOps.sin(this);
    }

    public Tensor cos() {
        return ElementwiseOps.cos(this);
    }

    public Tensor tanh() {
        return ElementwiseOps.tanh(this);
    }

    public Tensor sigmoid() {
        return ElementwiseOps.sigmoid(this);
    }

    public Tensor relu() {
        return ElementwiseOps.relu(this);
    }

    public Tensor leakyRelu(double negativeSlope) {
        return ElementwiseOps.leakyRelu(this, negativeSlope);
    }

    /** The exact (erf) GELU, PyTorch's default. */
    public Tensor gelu() {
        return ElementwiseOps.gelu(this);
    }

    /** Clamps to {@code [min, max]}; pass NaN for an open side. */
    public Tensor clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max);
    }

    /** {@code this * this}. */
    public Tensor square() {
        return mul(this);
    }

    // ---- reductions ---------------------------------------------------------------------------

    /** Sum of all elements. */
    public Tensor sum() {
        return ReductionOps.sum(this, allDims(), false);
    }

    /** Sum over {@code dims}. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return ReductionOps.sum(this, dims, keepdim);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return sum(new int[] {dim}, keepdim);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return ReductionOps.mean(this, allDims(), false);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return ReductionOps.mean(this, dims, keepdim);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return mean(new int[] {dim}, keepdim);
    }

    /** Variance over {@code dims} with Bessel's correction {@code correction} (1 = unbiased, PyTorch's default). */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return ReductionOps.var(this, dims, correction, keepdim);
    }

    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return ReductionOps.var(this, dims, correction, keepdim).sqrt();
    }

    /** Largest element. */
    public Tensor max() {
        return ReductionOps.amax(this, allDims(), false);
    }

    /** Smallest element. */
    public Tensor min() {
        return ReductionOps.amin(this, allDims(), false);
    }

    /** Maxima over {@code dims} (PyTorch's {@code amax}); the gradient is shared among ties. */
    public Tensor amax(int[] dims, boolean keepdim) {
        return ReductionOps.amax(this, dims, keepdim);
    }

    public Tensor amin(int[] dims, boolean keepdim) {
        return ReductionOps.amin(this, dims, keepdim);
    }

    /** The maxima along {@code dim} and their indices (PyTorch's {@code max(dim)}). */
    public ValuesIndices max(int dim, boolean keepdim) {
        return ReductionOps.maxWithIndices(this, dim, keepdim, true);
    }

    public ValuesIndices min(int dim, boolean keepdim) {
        return ReductionOps.maxWithIndices(this, dim, keepdim, false);
    }

    public Tensor argmax(int dim, boolean keepdim) {
        return ReductionOps.argReduce(this, dim, keepdim, true);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return ReductionOps.argReduce(this, dim, keepdim, false);
    }

    public Tensor softmax(int dim) {
        return ReductionOps.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return ReductionOps.logSoftmax(this, dim);
    }

    /** Values with their int64 indices, as returned by {@link #max(int, boolean)}. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    // ---- linear algebra ------------------------------------------------------------------------

    /** Matrix product with PyTorch's rules for 1-D operands and broadcast batch dimensions. */
    public Tensor matmul(Tensor other) {
        return MatmulOps.matmul(this, other);
    }

    /** Batched matrix product of [B, n, m] and [B, m, p]. */
    public Tensor bmm(Tensor other) {
        return MatmulOps.bmm(this, other);
    }

    // ---- misc -----------------------------------------------------------------------------------

    /** A scalar of this tensor's dtype and device. */
    Tensor scalarLike(double value) {
        return scalar(value, dtype(), device());
    }

    int[] allDims() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    /** e.g. {@code float32[2, 3] on cpu}. */
    String describe() {
        return dtype() + Arrays.toString(shape) + (device().equals(Device.CPU) ? "" : " on " + device());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        int n = numel();
        if (n <= 64) {
            sb.append(dtype() == DType.BOOL ? Arrays.toString(toBooleanArray()) : Arrays.toString(toDoubleArray()));
        } else {
            sb.append("...").append(n).append(" elements...");
        }
        sb.append(", shape=").append(Arrays.toString(shape)).append(", dtype=").append(dtype());
        if (!device().equals(Device.CPU)) {
            sb.append(", device=").append(device());
        }
        if (gradFn != null) {
            sb.append(", grad_fn=").append(gradFn);
        } else if (requiresGrad) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }
}

package dev.claritas.kernels.gpu;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.spi.View;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one kernel launch, in the order the kernel declares them. Each runtime turns
 * them into its own calls (clSetKernelArg, or cuLaunchKernel's parameter array).
 */
public final class KernelArgs {

    /** One argument: device memory, a scalar, or a struct of ints passed by value. */
    public sealed interface Arg {}

    /** A pointer to device memory: the runtime's handle for it. */
    public record Memory(Object handle) implements Arg {}

    public record Int(int value) implements Arg {}

    public record Long(long value) implements Arg {}

    public record Float(float value) implements Arg {}

    public record Double(double value) implements Arg {}

    /** A struct of ints (e.g. {@code Shape}, {@code Strides}) passed by value. */
    public record IntStruct(int[] values) implements Arg {}

    private final List<Arg> args = new ArrayList<>();

    public List<Arg> list() {
        return args;
    }

    /** The device memory a view lives in (without its offset). */
    public KernelArgs memory(View v) {
        args.add(new Memory(GpuStorage.of(v).handle()));
        return this;
    }

    /** The device memory a view lives in, then its element offset as an int. */
    public KernelArgs view(View v) {
        return memory(v).i(v.offset());
    }

    public KernelArgs i(int value) {
        args.add(new Int(value));
        return this;
    }

    public KernelArgs l(long value) {
        args.add(new Long(value));
        return this;
    }

    public KernelArgs d(double value) {
        args.add(new Double(value));
        return this;
    }

    /** A scalar of the kernel's element type T: float for float32 programs, double for float64. */
    public KernelArgs scalar(DType dtype, double value) {
        if (dtype == DType.FLOAT32) {
            args.add(new Float((float) value));
        } else {
            args.add(new Double(value));
        }
        return this;
    }

    public KernelArgs struct(int[] values) {
        args.add(new IntStruct(values.clone()));
        return this;
    }
}

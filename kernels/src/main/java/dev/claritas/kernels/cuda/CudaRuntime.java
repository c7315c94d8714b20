package dev.claritas.kernels.cuda;

import static jcuda.driver.JCudaDriver.*;

import dev.claritas.kernels.gpu.Grid;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.kernels.gpu.KernelArgs;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.CudaException;

/**
 * One CUDA device through the driver API: its primary context, one stream, and the PTX modules
 * built from the kernel sources at build time, loaded (JIT-compiled by the driver) on first use.
 * The context is made current on every call, because JCuda binds it per thread.
 */
final class CudaRuntime extends GpuRuntime {
    static final String PTX_FOLDER = "/dev/claritas/kernels/cuda/ptx/";

    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String name;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    CudaRuntime(Device device, CUdevice cuDevice) {
        super(device, totalMemory(cuDevice));
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, cuDevice);
        this.name = new String(nameBytes, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
        cuDevicePrimaryCtxRetain(context, cuDevice);
        cuCtxSetCurrent(context);
        cuStreamCreate(stream, 0);
    }

    private static long totalMemory(CUdevice d) {
        long[] bytes = new long[1];
        cuDeviceTotalMem(bytes, d);
        return bytes[0];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected synchronized Object allocateRaw(long bytes) {
        cuCtxSetCurrent(context);
        CUdeviceptr p = new CUdeviceptr();
        try {
            cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            if (e.getMessage() != null && e.getMessage().contains(CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY))) {
                return null;
            }
            throw e;
        }
        return p;
    }

    @Override
    protected synchronized void freeRaw(Object handle) {
        cuCtxSetCurrent(context);
        cuMemFree((CUdeviceptr) handle);
    }

    @Override
    public synchronized void zero(Object handle, long bytes) {
        cuCtxSetCurrent(context);
        cuMemsetD8Async((CUdeviceptr) handle, (byte) 0, bytes, stream);
    }

    @Override
    public synchronized void write(Object handle, DType dtype, long offset, Object hostArray, int count) {
        if (count == 0) {
            return;
        }
        cuCtxSetCurrent(context);
        long size = dtype.byteSize();
        cuMemcpyHtoDAsync(((CUdeviceptr) handle).withByteOffset(offset * size), pointer(hostArray), count * size, stream);
        cuStreamSynchronize(stream);    // the host array may change as soon as this returns
    }

    @Override
    public synchronized void read(Object handle, DType dtype, long offset, Object hostArray, int count) {
        if (count == 0) {
            return;
        }
        cuCtxSetCurrent(context);
        long size = dtype.byteSize();
        cuMemcpyDtoHAsync(pointer(hostArray), ((CUdeviceptr) handle).withByteOffset(offset * size), count * size, stream);
        cuStreamSynchronize(stream);
    }

    private static Pointer pointer(Object array) {
        return switch (array) {
            case float[] a -> Pointer.to(a);
            case double[] a -> Pointer.to(a);
            case long[] a -> Pointer.to(a);
            case byte[] a -> Pointer.to(a);
            default -> throw new IllegalArgumentException("cannot transfer a " + array.getClass().getSimpleName());
        };
    }

    @Override
    public synchronized void launch(String source, DType dtype, String kernel, Grid grid, KernelArgs args) {
        cuCtxSetCurrent(context);
        CUfunction f = function(source, dtype, kernel);
        Pointer[] params = new Pointer[args.list().size()];
        int i = 0;
        for (KernelArgs.Arg arg : args.list()) {
            params[i++] = switch (arg) {
                case KernelArgs.Memory m -> Pointer.to((CUdeviceptr) m.handle());
                case KernelArgs.Int v -> Pointer.to(new int[] {v.value()});
                case KernelArgs.Long v -> Pointer.to(new long[] {v.value()});
                case KernelArgs.Float v -> Pointer.to(new float[] {v.value()});
                case KernelArgs.Double v -> Pointer.to(new double[] {v.value()});
                case KernelArgs.IntStruct v -> Pointer.to(v.values());
            };
        }
        long[] g = grid.global(), l = grid.local();
        int dims = grid.dimensions();
        cuLaunchKernel(f,
                (int) (g[0] / l[0]), dims > 1 ? (int) (g[1] / l[1]) : 1, dims > 2 ? (int) (g[2] / l[2]) : 1,
                (int) l[0], dims > 1 ? (int) l[1] : 1, dims > 2 ? (int) l[2] : 1,
                0, stream, Pointer.to(params), null);
    }

    @Override
    public synchronized void synchronize() {
        cuCtxSetCurrent(context);
        cuStreamSynchronize(stream);
    }

    @Override
    public long deviceNanos(Runnable work) {
        CUevent start = new CUevent(), end = new CUevent();
        synchronized (this) {
            cuCtxSetCurrent(context);
            cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
            cuEventCreate(end, CUevent_flags.CU_EVENT_DEFAULT);
            cuEventRecord(start, stream);
        }
        work.run();
        float[] ms = new float[1];
        synchronized (this) {
            cuCtxSetCurrent(context);
            cuEventRecord(end, stream);
            cuEventSynchronize(end);
            cuEventElapsedTime(ms, start, end);
            cuEventDestroy(start);
            cuEventDestroy(end);
        }
        return Math.round(ms[0] * 1e6);
    }

    private CUfunction function(String source, DType dtype, String kernel) {
        String moduleKey = source + "_" + cType(dtype);
        String key = moduleKey + "/" + kernel;
        CUfunction f = functions.get(key);
        if (f == null) {
            CUmodule module = modules.computeIfAbsent(moduleKey, CudaRuntime::load);
            f = new CUfunction();
            try {
                cuModuleGetFunction(f, module, kernel);
            } catch (CudaException e) {
                throw new IllegalStateException("kernel " + kernel + " is not in " + moduleKey + ".ptx", e);
            }
            functions.put(key, f);
        }
        return f;
    }

    private static CUmodule load(String moduleKey) {
        byte[] ptx = ptx(moduleKey);
        if (ptx == null) {
            throw new IllegalStateException("this build of claritas-kernels has no " + moduleKey + ".ptx: it was built without nvcc");
        }
        byte[] terminated = java.util.Arrays.copyOf(ptx, ptx.length + 1);   // cuModuleLoadData wants a C string
        CUmodule module = new CUmodule();
        try {
            cuModuleLoadData(module, terminated);
        } catch (CudaException e) {
            if (e.getMessage() != null && e.getMessage().contains("PTX")) {
                throw new IllegalStateException("the CUDA driver cannot load " + moduleKey + ".ptx (" + e.getMessage()
                        + "): PTX from nvcc 13 needs a CUDA 13 driver (580 or newer)", e);
            }
            throw e;
        }
        return module;
    }

    /** The PTX text of a module shipped in the jar, or null. */
    static byte[] ptx(String moduleKey) {
        try (InputStream in = CudaRuntime.class.getResourceAsStream(PTX_FOLDER + moduleKey + ".ptx")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

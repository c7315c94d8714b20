package dev.claritas.kernels.opencl;

import static org.jocl.CL.*;

import dev.claritas.kernels.gpu.Grid;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.kernels.gpu.KernelArgs;
import dev.claritas.kernels.gpu.KernelSources;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_queue_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/** One OpenCL device: a context, one in-order queue, programs built from the kernel sources on first use. */
final class OpenClRuntime extends GpuRuntime {
    private final cl_device_id deviceId;
    private final cl_context context;
    private final cl_command_queue queue;
    private final String name;
    private final long maxAllocation;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    OpenClRuntime(Device device, cl_device_id deviceId) {
        super(device, longInfo(deviceId, CL_DEVICE_GLOBAL_MEM_SIZE));
        this.deviceId = deviceId;
        this.name = stringInfo(deviceId, CL_DEVICE_NAME).trim();
        this.maxAllocation = longInfo(deviceId, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
        this.context = clCreateContext(null, 1, new cl_device_id[] {deviceId}, null, null, null);
        // profiling on: device timestamps for deviceNanos (the cost is a timestamp per command)
        cl_queue_properties properties = new cl_queue_properties();
        properties.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
        this.queue = clCreateCommandQueueWithProperties(context, deviceId, properties, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Object allocateRaw(long bytes) {
        if (bytes > maxAllocation) {
            throw new dev.claritas.kernels.gpu.DeviceMemoryException(device() + " (" + name + ") allocates at most "
                    + maxAllocation + " bytes in one buffer; " + bytes + " were asked for");
        }
        try {
            return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            if (e.getStatus() == CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL_OUT_OF_RESOURCES
                    || e.getStatus() == CL_OUT_OF_HOST_MEMORY) {
                return null;
            }
            throw e;
        }
    }

    @Override
    protected synchronized void freeRaw(Object handle) {
        clReleaseMemObject((cl_mem) handle);
    }

    @Override
    public synchronized void zero(Object handle, long bytes) {
        clEnqueueFillBuffer(queue, (cl_mem) handle, Pointer.to(new byte[] {0}), 1, 0, bytes, 0, null, null);
    }

    @Override
    public synchronized void write(Object handle, DType dtype, long offset, Object hostArray, int count) {
        if (count == 0) {
            return;
        }
        long size = dtype.byteSize();
        clEnqueueWriteBuffer(queue, (cl_mem) handle, CL_TRUE, offset * size, count * size, pointer(hostArray), 0, null, null);
    }

    @Override
    public synchronized void read(Object handle, DType dtype, long offset, Object hostArray, int count) {
        if (count == 0) {
            return;
        }
        long size = dtype.byteSize();
        clEnqueueReadBuffer(queue, (cl_mem) handle, CL_TRUE, offset * size, count * size, pointer(hostArray), 0, null, null);
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
    public synchronized void launch(String source, DType dtype, String kernelName, Grid grid, KernelArgs args) {
        cl_kernel kernel = kernel(source, dtype, kernelName);
        int i = 0;
        for (KernelArgs.Arg arg : args.list()) {
            switch (arg) {
                case KernelArgs.Memory m -> clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to((cl_mem) m.handle()));
                case KernelArgs.Int v -> clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v.value()}));
                case KernelArgs.Long v -> clSetKernelArg(kernel, i, Sizeof.cl_long, Pointer.to(new long[] {v.value()}));
                case KernelArgs.Float v -> clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v.value()}));
                case KernelArgs.Double v -> clSetKernelArg(kernel, i, Sizeof.cl_double, Pointer.to(new double[] {v.value()}));
                case KernelArgs.IntStruct v -> clSetKernelArg(kernel, i, (long) Sizeof.cl_int * v.values().length, Pointer.to(v.values()));
            }
            i++;
        }
        clEnqueueNDRangeKernel(queue, kernel, grid.dimensions(), null, grid.global(), grid.local(), 0, null, null);
    }

    @Override
    public synchronized void synchronize() {
        clFinish(queue);
    }

    @Override
    public long deviceNanos(Runnable work) {
        cl_event start = new cl_event(), end = new cl_event();
        synchronized (this) {
            clEnqueueMarkerWithWaitList(queue, 0, null, start);
        }
        work.run();
        synchronized (this) {
            clEnqueueMarkerWithWaitList(queue, 0, null, end);
            clWaitForEvents(1, new cl_event[] {end});
        }
        long[] t0 = new long[1], t1 = new long[1];
        clGetEventProfilingInfo(start, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(t0), null);
        clGetEventProfilingInfo(end, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(t1), null);
        clReleaseEvent(start);
        clReleaseEvent(end);
        return t1[0] - t0[0];
    }

    private cl_kernel kernel(String source, DType dtype, String kernelName) {
        String programKey = source + "/" + dtype;
        String key = programKey + "/" + kernelName;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            cl_program program = programs.computeIfAbsent(programKey, x -> build(source, dtype));
            try {
                k = clCreateKernel(program, kernelName, null);
            } catch (CLException e) {
                throw new IllegalStateException("kernel " + kernelName + " is not in " + source + ".cl (" + dtype + ")", e);
            }
            kernels.put(key, k);
        }
        return k;
    }

    private cl_program build(String source, DType dtype) {
        String text = KernelSources.program(source, typeDefines(dtype));
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {text}, null, null);
        try {
            clBuildProgram(program, 0, null, "-cl-std=CL1.2", null, null);
        } catch (CLException e) {
            throw new IllegalStateException("OpenCL could not build " + source + ".cl for " + dtype + " on " + name
                    + ":\n" + buildLog(program), e);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, deviceId, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, deviceId, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, 0, Math.max(0, log.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    static long longInfo(cl_device_id device, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(device, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    static String stringInfo(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, 0, Math.max(0, buffer.length - 1), java.nio.charset.StandardCharsets.UTF_8);
    }
}

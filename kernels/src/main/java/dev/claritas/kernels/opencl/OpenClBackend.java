package dev.claritas.kernels.opencl;

import static org.jocl.CL.*;

import dev.claritas.kernels.gpu.GpuBackend;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.tensor.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL backend (JOCL): every OpenCL device with double precision, GPUs first. Found through
 * the system's ICD loader, so PoCL makes a CPU usable as an OpenCL device — which runs the same
 * kernels as a GPU and is how they are tested without one; such a device is never chosen
 * automatically over the native CPU backend.
 */
public final class OpenClBackend extends GpuBackend {

    @Override
    public String type() {
        return "opencl";
    }

    /** 10 with an OpenCL GPU or accelerator, else below the CPU backend: PoCL on the CPU is for testing. */
    @Override
    public int priority() {
        List<Device> devices = devices();
        return !devices.isEmpty() && hasAccelerator ? 10 : -10;
    }

    private volatile boolean hasAccelerator;

    @Override
    protected List<GpuRuntime> discover() throws Throwable {
        try {
            CL.setExceptionsEnabled(true);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("no OpenCL runtime (libOpenCL.so.1); install a driver's ICD, or pocl-opencl-icd to run OpenCL on the CPU");
        }
        List<cl_device_id> found = new ArrayList<>();
        int[] count = new int[1];
        try {
            clGetPlatformIDs(0, null, count);
        } catch (org.jocl.CLException e) {
            return List.of();    // CL_PLATFORM_NOT_FOUND_KHR: an ICD loader without any ICD
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        for (cl_platform_id platform : platforms) {
            int[] n = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (org.jocl.CLException e) {
                continue;    // CL_DEVICE_NOT_FOUND
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                if (OpenClRuntime.stringInfo(id, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64")) {
                    found.add(id);
                }
            }
        }
        found.sort(Comparator.comparing(id -> isCpu(id) ? 1 : 0));
        List<GpuRuntime> runtimes = new ArrayList<>();
        for (cl_device_id id : found) {
            runtimes.add(new OpenClRuntime(new Device("opencl", runtimes.size()), id));
            hasAccelerator |= !isCpu(id);
        }
        return runtimes;
    }

    private static boolean isCpu(cl_device_id id) {
        return (OpenClRuntime.longInfo(id, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_CPU) != 0;
    }
}

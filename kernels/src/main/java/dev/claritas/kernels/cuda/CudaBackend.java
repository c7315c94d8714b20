package dev.claritas.kernels.cuda;

import static jcuda.driver.JCudaDriver.*;

import dev.claritas.kernels.gpu.GpuBackend;
import dev.claritas.kernels.gpu.GpuRuntime;
import dev.claritas.tensor.Device;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA backend (JCuda, driver API only: it needs the driver's libcuda.so.1 and no toolkit).
 * Its kernels are the same sources as the OpenCL backend's, compiled to PTX by nvcc when the
 * project was built.
 */
public final class CudaBackend extends GpuBackend {

    @Override
    public String type() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    protected List<GpuRuntime> discover() {
        if (CudaRuntime.ptx("copy_float") == null) {
            throw new IllegalStateException("this build of claritas-kernels has no CUDA kernels (nvcc was not found when it was built)");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("no CUDA driver (libcuda.so.1)");
        } catch (RuntimeException e) {
            throw new IllegalStateException("the CUDA driver found no usable GPU (" + e.getMessage() + ")");
        }
        int[] count = new int[1];
        cuDeviceGetCount(count);
        List<GpuRuntime> runtimes = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice d = new CUdevice();
            cuDeviceGet(d, i);
            runtimes.add(new CudaRuntime(new Device("cuda", i), d));
        }
        return runtimes;
    }
}

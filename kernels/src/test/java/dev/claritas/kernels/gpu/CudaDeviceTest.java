package dev.claritas.kernels.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.Backend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend on a real GPU: a smoke test of each kernel family against the CPU (the op suite
 * covers the rest, since it runs on every device), the out-of-memory path and device timing.
 * Without a usable GPU every test here is reported as skipped, with the backend's reason.
 */
class CudaDeviceTest {
    private static final Device CUDA = new Device("cuda", 0);

    @BeforeEach
    void requireGpu() {
        Backend cuda = Backends.all().stream().filter(b -> b.type().equals("cuda")).findFirst().orElseThrow();
        assumeTrue(cuda.devices().contains(CUDA), () -> "no CUDA device: " + cuda.unavailableReason());
    }

    @Test
    void eachKernelFamilyMatchesTheCpu() {
        Tensor x = Tensor.randn(2, 3, 16, 12);
        Tensor w = Tensor.randn(4, 3, 3, 3);
        Tensor k = Tensor.randn(2, 5, 8, 2);
        check(Ops.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1),
                Ops.conv2d(x.to(CUDA), w.to(CUDA), null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
        check(x.reshape(6, 192).matmul(x.reshape(6, 192).transpose(0, 1)),
                x.to(CUDA).reshape(6, 192).matmul(x.to(CUDA).reshape(6, 192).transpose(0, 1)));
        check(Ops.maxPool2d(x, 2), Ops.maxPool2d(x.to(CUDA), 2));
        check(Ops.fft2c(k), Ops.fft2c(k.to(CUDA)));
        check(x.exp().sum(1, false), x.to(CUDA).exp().sum(1, false));
        check(Ops.uniform(new int[] {1000}, 0, 1, DType.FLOAT32, Device.CPU, new dev.claritas.tensor.Generator(3)),
                Ops.uniform(new int[] {1000}, 0, 1, DType.FLOAT32, CUDA, new dev.claritas.tensor.Generator(3)));
    }

    private static void check(Tensor cpu, Tensor gpu) {
        float[] expected = cpu.toFloatArray(), actual = gpu.to(Device.CPU).toFloatArray();
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(expected, actual, 1e-5f * scale);
    }

    @Test
    void runningOutOfMemoryIsAClearErrorAndTheDeviceStaysUsable() {
        java.util.List<Tensor> held = new java.util.ArrayList<>();
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> {
            for (int i = 0; i < 1000; i++) {    // 4 GiB at a time, until the device is full
                held.add(Tensor.zeros(new int[] {1 << 30}, DType.FLOAT32, CUDA));
            }
        });
        assertTrue(e.getMessage().contains("out of memory") && e.getMessage().contains("GiB"), e.getMessage());
        held.forEach(Tensor::close);
        assertArrayEquals(new float[] {2, 2}, Tensor.ones(2).to(CUDA).mul(2).to(Device.CPU).toFloatArray());
    }

    @Test
    void deviceTimeIsMeasured() {
        Tensor a = Tensor.randn(512, 512).to(CUDA);
        long nanos = ((GpuBackend) Backends.of(CUDA)).runtime(CUDA).deviceNanos(() -> a.matmul(a));
        assertTrue(nanos > 0, "device time " + nanos);
    }
}

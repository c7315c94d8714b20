/**
 * The GPU benchmarks: the same kernels and training steps as the CPU comparison (conv forward and
 * forward+backward on the U-Net's layers, 2×2 pooling, fastMRI's centred FFT, GEMM, a U-Net and a
 * DnCNN training step) on any device — {@code cpu}, {@code opencl:N}, {@code cuda:N}.
 *
 * <p>Every measured call runs inside a {@link dev.claritas.tensor.Scope} (its device memory goes back
 * to the pool when it returns) and ends with the device's queue drained, so wall time covers the
 * kernels and not just their launch. Beside wall time each GPU measurement gives the device-event
 * time ({@link dev.claritas.kernels.gpu.GpuRuntime#deviceNanos}): timestamps enqueued before and
 * after the work, i.e. the device's own view, without the host's wait for the last kernel.
 *
 * <p>Two drivers: {@link dev.claritas.benchmarks.gpu.GpuRunner}, a plain main that prints one
 * tab-separated line per (benchmark, device) with medians (the Java half of
 * {@code benchmarks/gpu/run-on-device.sh}, whose Python peer prints the same lines for PyTorch), and
 * the JMH suites {@code Gpu*Benchmark}, best started through {@link dev.claritas.benchmarks.gpu.GpuJmh},
 * which skips devices this machine lacks and adds the device-time metric
 * ({@link dev.claritas.benchmarks.gpu.DeviceTimeProfiler}).
 */
package dev.claritas.benchmarks.gpu;

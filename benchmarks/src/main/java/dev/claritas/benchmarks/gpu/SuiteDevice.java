package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;

/** The device of a JMH suite's {@code device} parameter, checked once in its setup. */
final class SuiteDevice {
    /** Fork arguments: the CPU kernels need the Vector API module. */
    static final String ADD_MODULES = "--add-modules";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** JOCL and JCuda load native libraries; this keeps the JDK's warning about it out of the output. */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private SuiteDevice() {}

    /** The device named {@code spec}, or a one-line error saying why it cannot run here. */
    static Device open(String spec) {
        Device d = Device.parse(spec);
        String reason = Devices.unavailableReason(d);
        if (reason != null) {
            throw new IllegalStateException("device " + spec + " is not available here (" + reason
                    + "); start the suites through dev.claritas.benchmarks.gpu.GpuJmh, which skips such devices,"
                    + " or pass -p device=...");
        }
        return d;
    }
}

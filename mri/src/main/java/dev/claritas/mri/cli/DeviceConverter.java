package dev.claritas.mri.cli;

import dev.claritas.tensor.Backends;
import dev.claritas.tensor.Device;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code --device cpu|opencl[:N]|cuda[:N]}; an unavailable device is refused at once, with the reason.
 * Without the option, commands use {@link Backends#preferredDevice()}.
 */
final class DeviceConverter implements ITypeConverter<Device> {
    static final String DESCRIPTION = "cpu, opencl[:N] or cuda[:N] (default: -Dclaritas.device, CLARITAS_DEVICE,"
            + " else the best available)";

    @Override
    public Device convert(String value) {
        Device d = Device.parse(value);
        Backends.of(d);    // throws "device cuda:0 is not available: no CUDA driver (libcuda.so.1)"
        return d;
    }

    static Device orPreferred(Device chosen) {
        return chosen != null ? chosen : Backends.preferredDevice();
    }
}

package dev.claritas.tensor;

import dev.claritas.tensor.spi.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the backends on the class path ({@link ServiceLoader}) and picks the device to run on:
 * {@code -Dclaritas.device=cpu|opencl|cuda[:N]}, else the environment variable
 * {@code CLARITAS_DEVICE}, else the available device of the highest-priority backend.
 */
public final class Backends {
    private static final List<Backend> ALL = load();

    private Backends() {}

    private static List<Backend> load() {
        List<Backend> found = new ArrayList<>();
        for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
            found.add(b);
        }
        return List.copyOf(found);
    }

    /**
     * Releases the memory every backend keeps for reuse ({@link Backend#emptyCache}): between jobs
     * of different shapes, so that one job's cached arrays do not crowd the next one's heap.
     */
    public static void emptyCache() {
        ALL.forEach(Backend::emptyCache);
    }

    /** Every backend found, whether or not it has a usable device, in class-path order. */
    public static List<Backend> all() {
        return ALL;
    }

    /**
     * The backends, best first. Asking for priorities may probe native runtimes and hardware, which
     * is why it is done here, on demand, rather than when the class loads.
     */
    private static List<Backend> byPriority() {
        return ALL.stream().sorted(Comparator.comparingInt(Backend::priority).reversed()).toList();
    }

    /** The backend serving devices of {@code device.type()}, or an error saying what is missing. */
    public static Backend of(Device device) {
        for (Backend b : ALL) {
            if (b.type().equals(device.type())) {
                if (!b.devices().contains(device)) {
                    throw new IllegalStateException("device " + device + " is not available"
                            + (b.unavailableReason().isEmpty() ? "" : ": " + b.unavailableReason()));
                }
                return b;
            }
        }
        if (ALL.isEmpty()) {
            throw new IllegalStateException("no Claritas backend on the class path: add the dependency dev.claritas:claritas-kernels");
        }
        throw new IllegalStateException("no backend for device type '" + device.type() + "'; found: "
                + ALL.stream().map(Backend::type).toList());
    }

    /** Every usable device, best backend first. */
    public static List<Device> devices() {
        return byPriority().stream().flatMap(b -> b.devices().stream()).toList();
    }

    /** The device chosen by the user's setting, or the best available one. */
    public static Device preferredDevice() {
        String spec = System.getProperty("claritas.device");
        if (spec == null || spec.isBlank()) {
            spec = System.getenv("CLARITAS_DEVICE");
        }
        if (spec != null && !spec.isBlank()) {
            Device d = Device.parse(spec);
            of(d);
            return d;
        }
        for (Backend b : byPriority()) {
            if (!b.devices().isEmpty()) {
                return b.devices().getFirst();
            }
            if (b.priority() > 0 && !b.unavailableReason().isEmpty()) {
                System.err.println("claritas: " + b.type() + " not used: " + b.unavailableReason());
            }
        }
        return Device.CPU;
    }

    /** Waits until all work enqueued on {@code device} has finished (see {@link Backend#synchronize}). */
    public static void synchronize(Device device) {
        of(device).synchronize(device);
    }
}

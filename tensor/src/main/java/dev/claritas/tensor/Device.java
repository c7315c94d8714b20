package dev.claritas.tensor;

import java.util.Locale;

/**
 * Where a tensor's storage lives: a backend type ({@code cpu}, {@code opencl}, {@code cuda}) and an
 * index among that backend's devices.
 */
public record Device(String type, int index) {
    /** The host. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        type = type.toLowerCase(Locale.ROOT);
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    /** Parses {@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}, {@code "opencl:0"}. */
    public static Device parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Device(s, 0);
        }
        try {
            return new Device(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad device '" + spec + "': expected TYPE or TYPE:INDEX, e.g. cuda:0");
        }
    }

    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}

package dev.claritas.benchmarks.compare;

/**
 * The median time of one implementation on one benchmark, or why there is none.
 *
 * @param seconds median seconds per call (NaN on failure)
 * @param variant which variant was timed, e.g. {@code cl} for PyTorch's channels-last; empty if none
 * @param error what went wrong, or null
 */
record Timing(double seconds, String variant, String error) {
    static Timing of(double seconds, String variant) {
        return new Timing(seconds, variant, null);
    }

    static Timing failed(String variant, String error) {
        return new Timing(Double.NaN, variant, error);
    }

    boolean ok() {
        return error == null;
    }
}

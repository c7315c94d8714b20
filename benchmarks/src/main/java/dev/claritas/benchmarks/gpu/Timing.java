package dev.claritas.benchmarks.gpu;

/**
 * The outcome of one benchmark on one device: median wall and device milliseconds per call
 * (device NaN where the device has no clock of its own), repetitions, calls per repetition, and a
 * note; or, when it could not run, only the note ("n/a: ..." or "error: ...").
 */
record Timing(double wallMs, double deviceMs, int reps, int calls, String note) {
    static Timing failed(String note) {
        return new Timing(Double.NaN, Double.NaN, 0, 0, note);
    }

    boolean ran() {
        return reps > 0;
    }

    /** The runner's line: bench, device, impl, wall_ms, device_ms, reps, calls, note (tab-separated). */
    String line(String bench, String device) {
        String wall = ran() ? format(wallMs) : "n/a";
        String dev = ran() ? format(deviceMs) : "n/a";
        return String.join("\t", bench, device, "claritas", wall, dev, Integer.toString(reps), Integer.toString(calls),
                note.replaceAll("[\\t\\r\\n]+", " "));
    }

    private static String format(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", ms);
    }

    /** The column names of {@link #line}. */
    static String header() {
        return String.join("\t", "bench", "device", "impl", "wall_ms", "device_ms", "reps", "calls", "note");
    }
}

package dev.claritas.benchmarks.gpu;

/** One-line descriptions of why a benchmark did not run, for the runner's note column. */
final class Failures {
    private Failures() {}

    /**
     * "n/a: REASON" when an op is not available on the device (an {@link UnsupportedOperationException}
     * anywhere in the causes: a kernel not written yet), else "error: TYPE: MESSAGE" of the outermost.
     */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException) {
                return "n/a: " + oneLine(c.getMessage() == null ? "not supported on this device" : c.getMessage());
            }
        }
        return "error: " + t.getClass().getSimpleName() + ": " + oneLine(String.valueOf(t.getMessage()));
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}

package dev.claritas.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set, as Linux counts it (VmHWM in /proc/self/status), as the Python worker reads it too. */
final class PeakMemory {
    private PeakMemory() {}

    /** Peak resident set size in KiB. */
    static long kib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no VmHWM line (not Linux?)");
    }
}

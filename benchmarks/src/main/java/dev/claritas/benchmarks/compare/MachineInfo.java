package dev.claritas.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The facts about the machine a result needs next to it: CPU, cores, memory, load. */
final class MachineInfo {
    private MachineInfo() {}

    /** The CPU model, cores and memory in one line. */
    static String describe() {
        String model = firstValue("/proc/cpuinfo", "model name");
        String memory = firstValue("/proc/meminfo", "MemTotal");
        return model + ", " + Runtime.getRuntime().availableProcessors() + " logical CPUs, " + memory + " memory, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** The 1-, 5- and 15-minute load averages: how busy the shared machine was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown " + key);
        } catch (IOException e) {
            return "unknown " + key;
        }
    }
}

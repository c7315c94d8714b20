package dev.claritas.benchmarks.compare;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints the comparison as it goes: a table of medians with Claritas's speed relative to each peer
 * (peer time / Claritas time, above 1 when Claritas is faster) and GFLOP/s as a fraction of the
 * measured FMA peak; then peak memory, and last the summary line of geometric means.
 */
final class Report {
    private static final String ROW = "%-28s %3s %4s %16s  %-15s %11s %7s %8s %6s %6s%n";

    private final PrintStream out;
    private final Map<Integer, Double> peakGflops;

    /** @param peakGflops the FMA peak per thread count that percentages refer to */
    Report(PrintStream out, Map<Integer, Double> peakGflops) {
        this.out = out;
        this.peakGflops = new TreeMap<>(peakGflops); // printed by thread count
    }

    void tableHeader() {
        out.printf(Locale.ROOT, "%n" + ROW, "benchmark", "thr", "reps", "claritas ms", "peer", "peer ms", "speed",
                "GFLOP/s", "%peak", "peer%");
    }

    /** One line per peer of the outcome; a failure gets a line of its own saying why. */
    void row(Outcome o) {
        Benchmark b = o.benchmark();
        for (Map.Entry<Peer, Timing> e : o.peers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            Timing peer = e.getValue();
            String label = e.getKey().label() + (peer.variant().isEmpty() ? "" : "/" + peer.variant());
            out.printf(Locale.ROOT, ROW, b.name(), b.threads(), b.repetitions(), millisAndVariant(o.claritas()), label, millis(peer),
                    ratio(o.speed(e.getKey())), gflops(b, o.claritas()), percentOfPeak(b, o.claritas()),
                    percentOfPeak(b, peer));
            if (!peer.ok()) {
                out.println("    " + label + " failed: " + peer.error());
            }
        }
        if (!o.claritas().ok()) {
            out.println("    claritas failed: " + o.claritas().error());
        }
        out.flush();
    }

    /** Peak resident memory of one model's training step in a fresh process of each implementation (negative: failed). */
    void memory(String model, long claritasKib, long torchKib) {
        double ratio = claritasKib > 0 && torchKib > 0 ? (double) claritasKib / torchKib : Double.NaN;
        out.printf(Locale.ROOT, "peak RSS %-6s  claritas %8s   pytorch %8s   claritas/pytorch %s (target <= 1.5)%n",
                model, mebibytes(claritasKib), mebibytes(torchKib), ratio(ratio));
    }

    private static String mebibytes(long kib) {
        return kib < 0 ? "failed" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    /** The last line: per group, the geometric mean of Claritas's speed relative to PyTorch. */
    void summary(List<Outcome> outcomes) {
        String line = Plan.GROUPS.stream().map(group -> group + "=" + format(Stats.geometricMean(outcomes.stream()
                .filter(o -> group.equals(o.benchmark().group())).map(o -> o.speed(Peer.TORCH)).toList())))
                .collect(Collectors.joining(" "));
        out.println("summary: " + line);
    }

    /** The time, and which variant it is where there were several: {@code 4.210/cl}. */
    private static String millisAndVariant(Timing t) {
        return millis(t) + (t.variant().isEmpty() ? "" : "/" + t.variant());
    }

    private static String millis(Timing t) {
        if (!t.ok()) {
            return "failed";
        }
        double ms = t.seconds() * 1e3;
        return String.format(Locale.ROOT, ms >= 100 ? "%.1f" : ms >= 1 ? "%.3f" : "%.4f", ms);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String format(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String gflops(Benchmark b, Timing t) {
        return b.flops() > 0 && t.ok() ? String.format(Locale.ROOT, "%.1f", b.flops() / t.seconds() / 1e9) : "-";
    }

    private String percentOfPeak(Benchmark b, Timing t) {
        Double peak = peakGflops.get(b.threads());
        if (b.flops() <= 0 || !t.ok() || peak == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * b.flops() / t.seconds() / 1e9 / peak);
    }
}

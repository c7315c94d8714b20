package dev.claritas.benchmarks.compare;

import java.util.Arrays;
import java.util.Collection;

/** The statistics the comparison reports: medians of repetitions and geometric means of ratios. */
final class Stats {
    private Stats() {}

    /** The median; the mean of the middle two for an even count. */
    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of nothing");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** The geometric mean of the finite positive values (failed benchmarks are NaN and left out); NaN if none. */
    static double geometricMean(Collection<Double> ratios) {
        double[] logs = ratios.stream().filter(r -> r > 0 && Double.isFinite(r)).mapToDouble(Math::log).toArray();
        return logs.length == 0 ? Double.NaN : Math.exp(Arrays.stream(logs).average().orElseThrow());
    }
}

package dev.claritas.mri.preprocess;

/**
 * numpy's {@code np.histogram(a, bins=n, range=(min(a), max(a)))} with equal bins, the histogram that
 * scikit-image's {@code exposure.histogram} builds for floating-point images: edges
 * {@code min + i·(max − min)/n} (numpy's {@code linspace}, last edge exactly {@code max}), each value
 * in bin {@code ⌊(v − min)/(max − min) · n⌋} corrected against the edges as numpy does, the last bin
 * closed. A constant array gets numpy's range {@code (v − ½, v + ½)}.
 *
 * @param counts the number of values per bin
 * @param centers the bin centres {@code (edge[i] + edge[i+1]) / 2}
 */
public record Histogram(long[] counts, double[] centers) {

    /** The histogram of {@code values} over {@code bins} equal bins spanning their range. */
    public static Histogram of(double[] values, int bins) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            first = Math.min(first, v);
            last = Math.max(last, v);
        }
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double step = (last - first) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + first;
        }
        edges[bins] = last;
        long[] counts = new long[bins];
        double span = last - first;
        for (double v : values) {
            int i = (int) ((v - first) / span * bins);
            if (i == bins) {
                i--;
            }
            // numpy's corrections for rounding in the division above
            if (v < edges[i]) {
                i--;
            } else if (i != bins - 1 && v >= edges[i + 1]) {
                i++;
            }
            counts[i]++;
        }
        double[] centers = new double[bins];
        for (int i = 0; i < bins; i++) {
            centers[i] = (edges[i] + edges[i + 1]) / 2.;
        }
        return new Histogram(counts, centers);
    }
}

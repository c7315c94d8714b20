package dev.claritas.mri.kspace;

import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Variable-density Poisson-disc sampling of a 2-D k-space plane, for 3-D Cartesian acquisitions whose
 * two phase-encoding directions are both undersampled (BART's {@code poisson}). Samples are at least a
 * radius apart, and the radius grows with the distance from the k-space centre, so the centre is
 * sampled densely and the periphery sparsely, without the clusters and holes of independent random
 * sampling; a square calibration region in the centre is sampled fully.
 *
 * <p>The points come from Bridson's algorithm ("Fast Poisson disk sampling in arbitrary dimensions",
 * SIGGRAPH 2007) in continuous pixel coordinates, starting from the centre: from an active point p, up
 * to 30 candidates are drawn uniformly in the annulus between g and 2g, {@code g = max(r(p), 1 pixel)};
 * a candidate c is kept when its pixel is empty and no earlier point lies within r(c); a point whose
 * candidates all fail leaves the active list. Each point samples the pixel that contains it. Where the
 * radius is √2 pixels or more (a pixel's diagonal) this is Bridson's algorithm unchanged; where it is
 * smaller, neighbouring pixels may all be sampled, so the mask can reach full sampling.
 *
 * <p>With {@code ρ} the distance from the centre in units of the half-width along each axis (ρ = 1 in
 * the middle of each edge), the radius is {@code r = r₀ (1 + variableDensity · ρ²)}. BART uses the same
 * law, {@code 1 + V d²} with d in units of the larger side, before stretching its square by the
 * accelerations; so {@code bart poisson -v} (V = 20) with {@code -y 1 -z 1} on a square grid is
 * {@code variableDensity = 5}, and with {@code -y 2 -z 2} it is 1.25. Unlike BART, which fixes r₀ and
 * so reaches the requested acceleration only roughly, r₀ is found by bisection until the mask,
 * calibration region included, samples {@code H · W / acceleration} pixels to within half a percent
 * where the sampling allows.
 */
public final class PoissonDiscMask {
    /** Bridson's k: candidates tried around an active point before it is retired. */
    private static final int CANDIDATES = 30;
    private static final int MAX_BISECTIONS = 40;
    /** The bisection stops this close to the target; the result must land within {@link #MAX_ERROR}. */
    private static final double TOLERANCE = 0.005;
    private static final double MAX_ERROR = 0.1;

    private PoissonDiscMask() {}

    /**
     * A Poisson-disc mask.
     *
     * @param height the rows H (BART's {@code -Y})
     * @param width the columns W (BART's {@code -Z})
     * @param acceleration H·W divided by the number of sampled pixels, at least 1
     * @param calibration the side of the fully sampled centre square (BART's {@code -C}), 0 for none;
     *     it starts at {@code ((H − C) / 2, (W − C) / 2)}
     * @param variableDensity how fast the radius grows away from the centre, ≥ 0; 0 gives uniform density
     * @param seed the same seed gives the same mask
     * @return float32 {@code [H, W, 1]}, 1 on sampled positions, broadcastable against k-space
     *     {@code [..., H, W, 2]}
     * @throws IllegalArgumentException when the acceleration cannot be reached within 10 %, e.g. when
     *     the calibration region alone samples more than H·W / acceleration pixels
     */
    public static Tensor generate(int height, int width, double acceleration, int calibration, double variableDensity,
                                  long seed) {
        if (height < 1 || width < 1 || !(acceleration >= 1) || calibration < 0 || calibration > Math.min(height, width)
                || !(variableDensity >= 0)) {
            throw new IllegalArgumentException("PoissonDiscMask: needs a positive size, acceleration ≥ 1, a calibration region"
                    + " that fits and variableDensity ≥ 0; got " + height + "×" + width + ", acceleration " + acceleration
                    + ", calibration " + calibration + ", variableDensity " + variableDensity);
        }
        double target = (double) height * width / acceleration;
        // the sample count falls as the radius grows: bisect log r₀ between "every pixel" and "one point"
        double lo = Math.log(0.05);
        double hi = Math.log(Math.max(height, width));
        boolean[] best = null;
        int bestCount = 0;
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            double logRadius = (lo + hi) / 2;
            boolean[] mask = sample(height, width, Math.exp(logRadius), variableDensity, calibration, new SplittableRandom(seed));
            int count = count(mask);
            if (best == null || Math.abs(count - target) < Math.abs(bestCount - target)) {
                best = mask;
                bestCount = count;
            }
            if (Math.abs(count - target) <= Math.max(1, TOLERANCE * target)) {
                break;
            }
            if (count > target) {
                lo = logRadius;
            } else {
                hi = logRadius;
            }
        }
        if (Math.abs(bestCount - target) > MAX_ERROR * target) {
            throw new IllegalArgumentException("PoissonDiscMask: acceleration " + acceleration + " is out of reach on "
                    + height + "×" + width + " with a " + calibration + "×" + calibration + " calibration region; the"
                    + " closest mask samples " + bestCount + " pixels instead of " + Math.round(target));
        }
        float[] values = new float[best.length];
        for (int i = 0; i < best.length; i++) {
            values[i] = best[i] ? 1f : 0f;
        }
        return Tensor.of(values, height, width, 1);
    }

    /**
     * One Bridson pass with centre radius {@code r0} (pixels), plus the calibration square: the mask in
     * row-major order.
     */
    static boolean[] sample(int height, int width, double r0, double variableDensity, int calibration,
                            SplittableRandom random) {
        Points points = new Points(height, width, r0, variableDensity);
        int[] active = new int[points.capacity()];
        int activeCount = 0;
        active[activeCount++] = points.add(height / 2 + 0.5, width / 2 + 0.5);
        while (activeCount > 0) {
            int slot = random.nextInt(activeCount);
            int p = active[slot];
            // below a pixel the pixel is the unit: candidates still reach the neighbouring pixels
            double r = Math.max(points.radius(points.y(p), points.x(p)), 1);
            boolean placed = false;
            for (int attempt = 0; attempt < CANDIDATES && !placed; attempt++) {
                // uniform in the annulus r ≤ d ≤ 2r: d² uniform on [r², 4r²]
                double angle = 2 * Math.PI * random.nextDouble();
                double distance = r * Math.sqrt(1 + 3 * random.nextDouble());
                double y = points.y(p) + distance * Math.sin(angle);
                double x = points.x(p) + distance * Math.cos(angle);
                if (y >= 0 && y < height && x >= 0 && x < width && points.isFree(y, x)) {
                    active[activeCount++] = points.add(y, x);
                    placed = true;
                }
            }
            if (!placed) {
                active[slot] = active[--activeCount];
            }
        }
        boolean[] mask = points.pixels();
        int top = (height - calibration) / 2;
        int left = (width - calibration) / 2;
        for (int y = top; y < top + calibration; y++) {
            Arrays.fill(mask, y * width + left, y * width + left + calibration, true);
        }
        return mask;
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /**
     * The accepted points, found by pixel: a pixel holds at most one point, which is what the mask
     * records anyway, and it keeps memory at one entry per pixel however small the radius.
     */
    private static final class Points {
        private final int height;
        private final int width;
        private final double r0;
        private final double variableDensity;
        private final int[] pointAt;
        private final double[] ys;
        private final double[] xs;
        private int size;

        Points(int height, int width, double r0, double variableDensity) {
            this.height = height;
            this.width = width;
            this.r0 = r0;
            this.variableDensity = variableDensity;
            this.pointAt = new int[height * width];
            Arrays.fill(pointAt, -1);
            this.ys = new double[pointAt.length];
            this.xs = new double[pointAt.length];
        }

        int capacity() {
            return pointAt.length;
        }

        double y(int i) {
            return ys[i];
        }

        double x(int i) {
            return xs[i];
        }

        /** r₀ (1 + variableDensity · ρ²), ρ the distance from the centre in half-widths. */
        double radius(double y, double x) {
            double dy = (y - (height / 2 + 0.5)) / (height / 2.0);
            double dx = (x - (width / 2 + 0.5)) / (width / 2.0);
            return r0 * (1 + variableDensity * (dy * dy + dx * dx));
        }

        /** Whether (y, x) is in an empty pixel and no point lies within the radius there. */
        boolean isFree(double y, double x) {
            int py = (int) y;
            int px = (int) x;
            if (pointAt[py * width + px] >= 0) {
                return false;
            }
            double r = radius(y, x);
            // a point closer than r lies at most ceil(r) pixels away along each axis
            int reach = (int) Math.ceil(r);
            for (int gy = Math.max(0, py - reach); gy <= Math.min(height - 1, py + reach); gy++) {
                for (int gx = Math.max(0, px - reach); gx <= Math.min(width - 1, px + reach); gx++) {
                    int q = pointAt[gy * width + gx];
                    if (q >= 0) {
                        double ddy = ys[q] - y;
                        double ddx = xs[q] - x;
                        if (ddy * ddy + ddx * ddx < r * r) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        int add(double y, double x) {
            ys[size] = y;
            xs[size] = x;
            pointAt[(int) y * width + (int) x] = size;
            return size++;
        }

        boolean[] pixels() {
            boolean[] mask = new boolean[pointAt.length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = pointAt[i] >= 0;
            }
            return mask;
        }
    }
}

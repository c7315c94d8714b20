package dev.claritas.tensor;

/**
 * A seeded stream of random numbers for tensors. Draws are counter-based: a tensor of n elements
 * takes counters {@code [offset, offset + n)} of the stream and advances the offset, so the same
 * seed gives the same numbers on every device and thread count.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5eed_c1a7_17a5L);

    private long seed;
    private long offset;

    public Generator(long seed) {
        this.seed = seed;
    }

    /** The generator used when none is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Reseeds the default generator (PyTorch's {@code torch.manual_seed}). */
    public static void manualSeed(long seed) {
        DEFAULT.setSeed(seed);
    }

    public synchronized void setSeed(long seed) {
        this.seed = seed;
        this.offset = 0;
    }

    public synchronized long seed() {
        return seed;
    }

    /** The next unused counter; checkpoints save it with the seed to resume the same stream. */
    public synchronized long offset() {
        return offset;
    }

    public synchronized void setState(long seed, long offset) {
        this.seed = seed;
        this.offset = offset;
    }

    /** Reserves {@code n} counters and returns the first. */
    synchronized long reserve(long n) {
        long first = offset;
        offset += n;
        return first;
    }
}

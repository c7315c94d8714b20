package dev.claritas.benchmarks.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Times one benchmark in Claritas and its peers, interleaved: every implementation is prepared and
 * warmed up, then each round times one repetition of each, the round's starting implementation
 * rotating, so that a burst of machine noise hits all of them alike. Reports medians.
 */
final class Race {
    /**
     * PyTorch's variants, of which the fastest is its result: both memory layouts (NCHW and
     * channels-last) for 4-D workloads, and for the centred FFT both ways of shifting
     * ({@code torch.fft.fftshift}, or fastMRI's concatenation of two halves).
     */
    private static final Map<String, List<String>> TORCH_VARIANTS = Map.of(
            "conv", List.of("layout=nchw", "layout=cl"),
            "resample", List.of("layout=nchw", "layout=cl"),
            "train", List.of("layout=nchw", "layout=cl"),
            "fft2c", List.of("shift=fft", "shift=cat"));

    /** The layout Claritas's U-Net step runs in, for its timing and its peak memory alike. */
    static final String UNET_LAYOUT = "layout=cl";

    /**
     * Claritas's variants, of which the fastest is its result as for PyTorch: both memory layouts
     * for convolutions and the DnCNN's training step (the input, and the output gradient, laid out
     * that way). The U-Net's step runs channels-last only: a second U-Net in the worker would double
     * its memory, and channels-last is its faster layout (every op of the model keeps it).
     */
    private static final Map<String, List<String>> CLARITAS_VARIANTS = Map.of(
            "conv", List.of("layout=nchw", "layout=cl"),
            "train dncnn", List.of("layout=nchw", "layout=cl"),
            "train unet", List.of(UNET_LAYOUT));

    private final WorkerPool pool;
    private final double warmupSeconds;
    private final double repetitionSeconds;
    private int nextId;

    Race(WorkerPool pool, double warmupSeconds, double repetitionSeconds) {
        this.pool = pool;
        this.warmupSeconds = warmupSeconds;
        this.repetitionSeconds = repetitionSeconds;
    }

    /** One implementation (and variant) of the benchmark in a worker, with its repetitions so far. */
    private final class Entrant {
        final Peer peer;
        final String variant;
        final Spec spec;
        final String id = Integer.toString(nextId++);
        final List<Double> seconds = new ArrayList<>();
        WorkerProcess worker;
        String error;

        Entrant(Peer peer, String variant, Spec spec) {
            this.peer = peer;
            this.variant = variant;
            this.spec = spec;
        }

        void prepare(int threads) {
            try {
                worker = pool.get(peer == Peer.TORCH ? WorkerPool.Runtime.PYTHON : WorkerPool.Runtime.JAVA, threads);
                worker.call("prepare " + id + " " + warmupSeconds + " " + repetitionSeconds + " " + spec);
            } catch (IOException | WorkerException e) {
                error = e.getMessage();
            }
        }

        void time() {
            try {
                seconds.add(Double.parseDouble(worker.call("time " + id)));
            } catch (WorkerException | NumberFormatException e) {
                error = e.getMessage();
            }
        }

        void release() {
            try {
                if (worker.isAlive()) {
                    worker.call("release " + id);
                }
            } catch (WorkerException e) {
                // Nothing to free in a worker that failed; the next benchmark restarts it.
            }
        }

        Timing timing() {
            return error == null ? Timing.of(Stats.median(seconds), variant) : Timing.failed(variant, error);
        }
    }

    Outcome run(Benchmark benchmark) {
        List<Entrant> entrants = entrants(benchmark);
        entrants.forEach(e -> e.prepare(benchmark.threads()));
        for (int round = 0; round < benchmark.repetitions(); round++) {
            for (int i = 0; i < entrants.size(); i++) {
                Entrant e = entrants.get((round + i) % entrants.size());
                if (e.error == null) {
                    e.time();
                }
            }
        }
        entrants.stream().filter(e -> e.worker != null).forEach(Entrant::release);
        Map<Peer, Timing> best = new EnumMap<>(Peer.class);
        for (Entrant e : entrants) {
            Timing t = e.timing();
            best.merge(e.peer, t, Race::faster);
        }
        Timing claritas = best.remove(Peer.CLARITAS);
        return new Outcome(benchmark, claritas, best);
    }

    private List<Entrant> entrants(Benchmark b) {
        List<Entrant> list = new ArrayList<>();
        String model = b.spec().kind().equals("train") ? " " + b.spec().get("model") : "";
        addVariants(list, Peer.CLARITAS, b.spec().with("impl", "claritas"),
                CLARITAS_VARIANTS.getOrDefault(b.spec().kind() + model, List.of("")));
        for (Peer peer : b.peers()) {
            switch (peer) {
                case TORCH -> addVariants(list, peer, b.spec(), TORCH_VARIANTS.getOrDefault(b.spec().kind(), List.of("")));
                case JTRANSFORMS -> list.add(new Entrant(peer, "", b.spec().with("impl", "jtransforms")));
                case CLARITAS -> throw new IllegalArgumentException("Claritas is not its own peer");
            }
        }
        return list;
    }

    /** An entrant of {@code spec} per variant, {@code key=value} or empty for the spec as it is. */
    private void addVariants(List<Entrant> list, Peer peer, Spec spec, List<String> variants) {
        for (String variant : variants) {
            list.add(new Entrant(peer, variant.isEmpty() ? "" : variant.split("=")[1], withVariant(spec, variant)));
        }
    }

    /** spec with a variant, {@code key=value}, set; spec itself for the empty variant. */
    static Spec withVariant(Spec spec, String variant) {
        if (variant.isEmpty()) {
            return spec;
        }
        String[] keyValue = variant.split("=");
        return spec.with(keyValue[0], keyValue[1]);
    }

    /** The faster of two timings of one peer; a failure only when both failed. */
    private static Timing faster(Timing a, Timing b) {
        if (!a.ok()) {
            return b;
        }
        return !b.ok() || a.seconds() <= b.seconds() ? a : b;
    }
}

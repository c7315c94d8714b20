package dev.claritas.benchmarks.workload;

import dev.claritas.tensor.Tensor;
import java.util.function.Supplier;

/**
 * The result of a workload's latest call, valid until the next: its memory is released before the
 * next result is made, as rebinding {@code out = f(x)} in a loop frees the old one in PyTorch, so
 * that a repeated call reuses its memory rather than timing a fresh allocation.
 */
final class LatestResult {
    private Tensor latest;

    /** Releases the previous result, then makes and returns the next. */
    Tensor replace(Supplier<Tensor> next) {
        if (latest != null) {
            latest.close();
        }
        latest = next.get();
        return latest;
    }
}

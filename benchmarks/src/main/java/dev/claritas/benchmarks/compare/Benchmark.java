package dev.claritas.benchmarks.compare;

import java.util.List;

/**
 * One line of the comparison: a workload at a thread count, run by Claritas and by its peers.
 *
 * @param group the summary ratio this line counts towards (conv_fwd, ...), or null if none
 * @param name what the table calls it
 * @param threads threads every implementation may use
 * @param spec the workload, without an implementation variant
 * @param flops floating-point operations of one call, or 0 where counting them means nothing
 * @param peers who Claritas is measured against here
 * @param repetitions timed repetitions of each implementation
 */
record Benchmark(String group, String name, int threads, Spec spec, double flops, List<Peer> peers, int repetitions) {
    Benchmark {
        peers = List.copyOf(peers);
    }
}

package dev.claritas.benchmarks.compare;

import java.util.Map;

/** What one benchmark measured: Claritas's median and each peer's best median. */
record Outcome(Benchmark benchmark, Timing claritas, Map<Peer, Timing> peers) {
    Outcome {
        peers = Map.copyOf(peers);
    }

    /** Claritas's speed relative to a peer: the peer's time over Claritas's (above 1: Claritas is faster), NaN if either failed. */
    double speed(Peer peer) {
        Timing other = peers.get(peer);
        return claritas.ok() && other != null && other.ok() ? other.seconds() / claritas.seconds() : Double.NaN;
    }
}

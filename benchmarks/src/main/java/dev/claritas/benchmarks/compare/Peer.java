package dev.claritas.benchmarks.compare;

/** Who runs a workload: Claritas, or a peer it is measured against. */
enum Peer {
    CLARITAS("claritas"),
    TORCH("pytorch"),
    JTRANSFORMS("jtransforms");

    private final String label;

    Peer(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

/**
 * The measured work, defined once: the JMH suites ({@code benchmarks.jmh}) and the side-by-side
 * comparison ({@code benchmarks.compare}) build the same tensors and call the same ops, so a shape
 * named in one means the same computation in the other. Shapes have short textual names (for
 * example {@code 32-32k3@320}) that the PyTorch worker parses too.
 */
package dev.claritas.benchmarks.workload;

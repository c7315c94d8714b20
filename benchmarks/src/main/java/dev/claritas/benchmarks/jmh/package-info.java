/**
 * JMH suites of the CPU kernels and of whole training steps. Each forked JVM gets
 * {@code --add-modules jdk.incubator.vector}; a kernel with a scalar path too has a scalar twin
 * (a method forked with {@code -Dclaritas.vector=false}). Kernels use every core by default; add
 * {@code -jvmArgsPrepend -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} for one thread
 * ({@code -jvmArgsAppend} would replace the forks' own arguments).
 *
 * <pre>
 * ./mvnw -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ConvBenchmark -p layer=32-32k3@320 -p batch=1
 * </pre>
 */
package dev.claritas.benchmarks.jmh;

/**
 * The side-by-side comparison behind {@code benchmarks/compare-cpu.sh}: {@link CompareCpu} plans
 * the benchmarks, starts one worker process per implementation and thread count (a
 * {@link JavaWorker} for Claritas and JTransforms, {@code benchmarks/scripts/torch_worker.py} for
 * PyTorch), times the same workloads in all of them with the repetitions interleaved, and prints
 * medians, ratios and the summary line.
 *
 * <p>Workers speak a line protocol on stdin/stdout; every reply is one line, {@code ok ...} or
 * {@code error <message>}:
 * <pre>
 * hello &lt;description&gt;                     (sent by the worker when it starts)
 * prepare &lt;id&gt; &lt;warmup s&gt; &lt;rep s&gt; &lt;spec&gt;   build workload id, warm it up, size a repetition
 * time &lt;id&gt;                              ok &lt;seconds per call&gt;, one repetition
 * release &lt;id&gt;                           drop the workload
 * rss                                    ok &lt;peak resident set in KiB&gt; (VmHWM)
 * peak &lt;seconds&gt;                         ok &lt;GFLOP/s of the FMA loop on all threads&gt; (Java only)
 * </pre>
 * A spec is a kind and key=value pairs, e.g. {@code conv layer=32-32k3@320 n=1 pass=fwd layout=cl}
 * (see {@link Spec}).
 */
package dev.claritas.benchmarks.compare;

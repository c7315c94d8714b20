package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH's command line for the GPU suites: takes JMH's usual arguments, and before forking drops from
 * the {@code device} parameter (given with {@code -p device=...}, else cpu, opencl:0, cuda:0) the
 * devices this machine lacks, saying why; adds {@link DeviceTimeProfiler} (the {@code device}
 * secondary result); and runs the {@code Gpu*Benchmark} suites when no benchmark is named.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.claritas.benchmarks.gpu.GpuJmh GpuConvBenchmark -p layer=32-32k3@320
 * </pre>
 */
public final class GpuJmh {
    private GpuJmh() {}

    /** Entry point; exits with 1 when no requested device is available, 2 on bad arguments. */
    public static void main(String[] args) throws RunnerException, java.io.IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("GpuJmh: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            // JMH's own main handles the informational modes.
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<String> requested = cmd.getParameter("device").orElse(Devices.DEFAULT);
        List<String> usable = new ArrayList<>();
        for (String spec : requested) {
            String reason = Devices.unavailableReason(Device.parse(spec));
            if (reason == null) {
                usable.add(spec);
            } else {
                System.out.println("# skipping device " + spec + ": not available: " + reason.replaceAll("\\s+", " "));
            }
        }
        if (usable.isEmpty()) {
            System.err.println("GpuJmh: none of the devices " + requested + " is available here");
            System.exit(1);
            return;
        }
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cmd);
        builder.param("device", usable.toArray(String[]::new));
        builder.addProfiler(DeviceTimeProfiler.class);
        if (cmd.getIncludes().isEmpty()) {
            builder.include(GpuJmh.class.getPackageName() + ".Gpu.*Benchmark");
        }
        Options options = builder.build();
        new Runner(options).run();
    }
}

package dev.claritas.benchmarks.gpu;

import dev.claritas.tensor.Device;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Runs the GPU benchmarks ({@link GpuCases}) on the devices asked for and prints one tab-separated
 * line per (benchmark, device) — {@code bench device impl wall_ms device_ms reps calls note} — after
 * {@code #} lines that say what ran where. A device this machine lacks is skipped with a {@code #}
 * line; a benchmark that cannot run on a device (a kernel not written yet) gets a line with
 * {@code n/a} times and the reason in the note, and the run goes on. This is the Java half of
 * {@code benchmarks/gpu/run-on-device.sh}; {@code python_peer.py} prints the same lines for PyTorch.
 */
public final class GpuRunner {
    private static final String USAGE = """
            Usage: java -cp benchmarks.jar dev.claritas.benchmarks.gpu.GpuRunner [options]
              --devices LIST   comma-separated devices (default cpu,opencl:0,cuda:0); missing ones are skipped
              --only REGEX     only the benchmarks whose name contains a match, e.g. 'conv fwd 32-32'
              --reps N         timed repetitions per benchmark, median reported (default 11)
              --warmup-ms MS   warm-up time per benchmark, at least 2 calls (default 1000)
              --min-rep-ms MS  calls per repetition chosen so that one lasts this long (default 20)
              --budget-s S     at most about this long per benchmark's timed part (default 30)
              --quick          --reps 5 --warmup-ms 300 --min-rep-ms 10
              --list           print the benchmark names and exit
            """;

    private GpuRunner() {}

    /** Entry point; exits with 2 on bad arguments. */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GpuRunner: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        List<GpuCase> cases = GpuCases.all().stream().filter(c -> options.only.matcher(c.name()).find()).toList();
        if (options.list) {
            cases.forEach(c -> System.out.println(c.name()));
            return;
        }
        run(options, cases, System.out);
    }

    private static void run(Options options, List<GpuCase> cases, PrintStream out) {
        out.println("# claritas GPU runner: java " + Runtime.version() + ", " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", " + options.describe());
        List<Device> usable = new ArrayList<>();
        for (Device d : options.devices) {
            String reason = Devices.unavailableReason(d);
            if (reason == null) {
                usable.add(d);
                out.println("# device " + Devices.describe(d));
            } else {
                out.println("# device " + d + " skipped: not available: " + reason.replaceAll("\\s+", " "));
            }
        }
        out.println(Timing.header());
        out.flush();
        for (Device d : usable) {
            DeviceClock clock = new DeviceClock(d);
            for (GpuCase c : cases) {
                out.println(measure(c, d, clock, options.repetitions).line(c.name(), d.toString()));
                out.flush();
            }
        }
    }

    private static Timing measure(GpuCase c, Device device, DeviceClock clock, Repetitions repetitions) {
        if (c.gpuOnly() && !clock.hasDeviceTime()) {
            return Timing.failed("n/a: measured on GPUs only (too slow for the CPU)");
        }
        try (DeviceWork work = c.create(device)) {
            return repetitions.measure(work, clock);
        } catch (RuntimeException | LinkageError e) {
            return Timing.failed(Failures.describe(e));
        } finally {
            System.gc();  // device memory of tensors this benchmark dropped goes back before the next one
        }
    }

    /** The parsed command line. */
    private static final class Options {
        List<Device> devices = Devices.DEFAULT.stream().map(Device::parse).toList();
        Pattern only = Pattern.compile("");
        int reps = 11;
        double warmupMs = 1000;
        double minRepMs = 20;
        double budgetS = 30;
        boolean list;
        boolean help;
        Repetitions repetitions;
        private final List<String> given = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                o.given.add(a);
                switch (a) {
                    case "--quick" -> {
                        o.reps = 5;
                        o.warmupMs = 300;
                        o.minRepMs = 10;
                    }
                    case "--list" -> o.list = true;
                    case "-h", "--help" -> o.help = true;
                    case "--devices", "--only", "--reps", "--warmup-ms", "--min-rep-ms", "--budget-s" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        String v = args[++i];
                        o.given.add(v);
                        o.set(a, v);
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            o.repetitions = new Repetitions(o.reps, o.warmupMs, o.minRepMs, o.budgetS);
            return o;
        }

        private void set(String option, String value) {
            try {
                switch (option) {
                    case "--devices" -> devices = List.of(value.split(",")).stream().map(String::trim)
                            .filter(s -> !s.isEmpty()).map(Device::parse).toList();
                    case "--only" -> only = Pattern.compile(value);
                    case "--reps" -> reps = Integer.parseInt(value);
                    case "--warmup-ms" -> warmupMs = Double.parseDouble(value);
                    case "--min-rep-ms" -> minRepMs = Double.parseDouble(value);
                    case "--budget-s" -> budgetS = Double.parseDouble(value);
                    default -> throw new IllegalStateException("unreachable: " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("--only: bad regular expression: " + e.getDescription());
            }
            if (devices.isEmpty()) {
                throw new IllegalArgumentException("--devices names no device");
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "reps=%d warmup_ms=%.0f min_rep_ms=%.0f budget_s=%.0f args=%s",
                    reps, warmupMs, minRepMs, budgetS, String.join(" ", given));
        }
    }
}

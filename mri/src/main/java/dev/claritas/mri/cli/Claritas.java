package dev.claritas.mri.cli;

import dev.claritas.mri.io.ImageFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code claritas} command. Errors a user can act on (a missing file, a file that is not what
 * it should be) end in one line on stderr and exit code 1; usage errors in exit code 2.
 */
@Command(name = "claritas", mixinStandardHelpOptions = true, version = "claritas 0.1.0",
        description = "Deep-learning MRI tools: denoise scans with a network trained on real MRI.",
        subcommands = {DemoCommand.class, DenoiseCommand.class, TrainCommand.class, MetricsCommand.class, InfoCommand.class, ConvertCommand.class, N4Command.class})
public final class Claritas implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Claritas());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("claritas: " + message(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** One line describing an error, without a stack trace. */
    static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof ImageFormatException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return t.getMessage();
        }
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (t instanceof IOException) {
            return t.getMessage() == null ? t.toString() : t.getMessage();
        }
        return t.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

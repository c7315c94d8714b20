package dev.claritas.examples;

import picocli.CommandLine;

/** Runs an example's picocli command the way the {@code claritas} command runs its own. */
final class ExampleCommands {
    private ExampleCommands() {}

    /**
     * Parses {@code args} into {@code command} and runs it; returns the exit code. A failure (missing data, an
     * unwritable output folder) is one line on standard error and exit code 1, not a stack trace.
     */
    static int execute(Object command, String[] args) {
        return new CommandLine(command)
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    System.err.println(cl.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }
}

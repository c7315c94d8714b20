package dev.claritas.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One worker process, driven through the line protocol of {@link dev.claritas.benchmarks.compare}. */
final class WorkerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BufferedReader replies;
    private final PrintWriter commands;
    private final String hello;

    /** Starts {@code command} (stderr shown on ours) and waits for its hello. */
    WorkerProcess(String name, List<String> command, Map<String, String> environment) throws IOException, WorkerException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        this.name = name;
        this.process = builder.start();
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = readLine();
        if (!first.startsWith("hello ")) {
            throw new WorkerException(name + " started with '" + first + "' instead of hello");
        }
        this.hello = first.substring("hello ".length());
    }

    /** How the worker described itself: implementation, versions, threads. */
    String hello() {
        return hello;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one command and returns what follows {@code ok} in the reply. */
    String call(String command) throws WorkerException {
        commands.println(command);
        String reply = readLine();
        if (reply.startsWith("ok")) {
            return reply.substring(2).trim();
        }
        throw new WorkerException(name + ": " + (reply.startsWith("error ") ? reply.substring(6) : reply));
    }

    private String readLine() throws WorkerException {
        try {
            String line = replies.readLine();
            if (line == null) {
                throw new WorkerException(name + " exited (code " + process.waitFor() + ")");
            }
            return line;
        } catch (IOException e) {
            throw new WorkerException(name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerException(name + ": interrupted");
        }
    }

    /** Asks the worker to quit, and kills it if it does not within a few seconds. */
    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.claritas.benchmarks.compare;

/** A worker answered a command with an error, or died. */
final class WorkerException extends Exception {
    WorkerException(String message) {
        super(message);
    }
}

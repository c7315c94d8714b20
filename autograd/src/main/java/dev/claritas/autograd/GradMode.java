package dev.claritas.autograd;

/**
 * Thread-local switch for recording the graph. Inside {@code try (var g = GradMode.disable())}
 * ops record nothing, which is what inference and optimizer steps want.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    /** Whether ops on this thread record the graph. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off on this thread until the returned scope is closed. */
    public static Scope disable() {
        return set(false);
    }

    /** Turns recording on on this thread until the returned scope is closed. */
    public static Scope enable() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous mode when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

package dev.claritas.autograd;

/** A value saved for backward, with the version it had when it was saved. */
record SavedVersion(VersionCounter counter, int expected) {
    void check(String op) {
        if (counter.version() != expected) {
            throw new IllegalStateException("one of the values needed to compute the gradient of "
                    + op + " has been modified by an in-place operation: it was saved at version "
                    + expected + " and is now at version " + counter.version()
                    + "; clone it before modifying it, or modify it after backward()");
        }
    }
}

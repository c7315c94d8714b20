package dev.claritas.autograd;

/**
 * Counts the in-place modifications of a piece of storage. Every view of the same storage shares
 * one counter, so writing through any of them invalidates what the others saved for backward.
 */
public final class VersionCounter {
    private int version;

    /** The number of in-place modifications so far. */
    public int version() {
        return version;
    }

    /** Records one in-place modification. */
    public void bump() {
        version++;
    }
}

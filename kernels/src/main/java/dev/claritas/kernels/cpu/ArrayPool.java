package dev.claritas.kernels.cpu;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Free arrays kept by key (their type and length), up to a capacity in bytes. When an array given
 * back does not fit, the arrays of the key asked for least recently are dropped to make room: a
 * process that trains one model and then another ends up holding the second model's arrays, not
 * the first's (which, kept, would leave the second too little heap to run in). Safe for concurrent
 * use; the recency order is approximate under contention, which costs at most an extra eviction.
 */
final class ArrayPool {
    private final long capacity;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();

    /** The arrays of one key, all {@code bytes} long, and when the key was last asked for or given. */
    private static final class Bucket {
        final Deque<Object> arrays = new ConcurrentLinkedDeque<>();
        final long bytes;
        volatile long lastUsed;

        Bucket(long bytes) {
            this.bytes = bytes;
        }
    }

    ArrayPool(long capacity) {
        this.capacity = capacity;
    }

    /** The array of {@code key} given back last, or null when none is free. */
    Object poll(long key) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return null;
        }
        bucket.lastUsed = clock.incrementAndGet();
        Object array = bucket.arrays.pollFirst();
        if (array != null) {
            held.addAndGet(-bucket.bytes);
        }
        return array;
    }

    /**
     * Keeps {@code array} ({@code bytes} long) for the next {@link #poll} of {@code key}, dropping
     * arrays of the least recently used other keys while the pool would hold more than its capacity;
     * drops {@code array} itself when even that does not make room (at once when it is larger than
     * the capacity).
     */
    void offer(long key, Object array, long bytes) {
        if (bytes > capacity) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(bytes));
        bucket.lastUsed = clock.incrementAndGet();
        long over = held.addAndGet(bytes) - capacity;
        if (over > 0 && evict(over, bucket) < over) {
            held.addAndGet(-bytes);
            return;
        }
        bucket.arrays.addFirst(array);
    }

    /** Bytes of the arrays held now. */
    long bytesHeld() {
        return held.get();
    }

    /** Drops every array held. */
    void clear() {
        for (Bucket bucket : buckets.values()) {
            while (bucket.arrays.pollFirst() != null) {
                held.addAndGet(-bucket.bytes);
            }
        }
    }

    /** Drops arrays of the least recently used buckets other than {@code keep} until {@code bytes} are freed; returns the bytes freed. */
    private long evict(long bytes, Bucket keep) {
        long freed = 0;
        while (freed < bytes) {
            Bucket oldest = null;
            for (Bucket bucket : buckets.values()) {
                if (bucket != keep && !bucket.arrays.isEmpty()
                        && (oldest == null || bucket.lastUsed < oldest.lastUsed)) {
                    oldest = bucket;
                }
            }
            if (oldest == null) {
                break;
            }
            if (oldest.arrays.pollLast() != null) {
                held.addAndGet(-oldest.bytes);
                freed += oldest.bytes;
            }
        }
        return freed;
    }
}

package dev.claritas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The pool's capacity: what it keeps, and what it drops to make room. */
class ArrayPoolTest {
    private static final long A = 1, B = 2, C = 3;

    @Test
    void anArrayThatDoesNotFitDropsTheKeysAskedForLeastRecently() {
        ArrayPool pool = new ArrayPool(300);
        Object a = new Object(), b = new Object(), c = new Object();
        pool.offer(A, a, 100);
        pool.offer(B, b, 100);
        assertSame(a, pool.poll(A));
        pool.offer(A, a, 100); // A is now the most recently used
        pool.offer(C, c, 200);
        assertNull(pool.poll(B), "B was used least recently: dropped for C");
        assertSame(a, pool.poll(A));
        assertSame(c, pool.poll(C));
        assertEquals(0, pool.bytesHeld());
    }

    @Test
    void aSecondWorkloadsArraysReplaceTheFirstsOnceThePoolIsFull() {
        ArrayPool pool = new ArrayPool(1000);
        for (long key = 1; key <= 10; key++) {
            pool.offer(key, new Object(), 100); // the first workload fills the pool
        }
        Object[] second = new Object[5];
        for (int i = 0; i < second.length; i++) {
            second[i] = new Object();
            pool.offer(100 + i, second[i], 100);
        }
        assertEquals(1000, pool.bytesHeld());
        for (int i = 0; i < second.length; i++) {
            assertSame(second[i], pool.poll(100 + i));
        }
        for (long key = 1; key <= 5; key++) {
            assertNull(pool.poll(key), "the oldest of the first workload's keys make room");
        }
        for (long key = 6; key <= 10; key++) {
            assertEquals(Object.class, pool.poll(key).getClass());
        }
    }

    @Test
    void anArrayLargerThanTheCapacityIsDroppedAndTheRestKept() {
        ArrayPool pool = new ArrayPool(300);
        Object a = new Object();
        pool.offer(A, a, 100);
        pool.offer(B, new Object(), 400);
        assertEquals(100, pool.bytesHeld(), "B cannot fit: A is kept");
        assertNull(pool.poll(B));
        assertSame(a, pool.poll(A));
        pool.offer(A, a, 100);
        pool.offer(A, new Object(), 100);
        pool.offer(A, new Object(), 100);
        pool.offer(A, new Object(), 100);
        assertEquals(300, pool.bytesHeld(), "a key never evicts its own arrays: the fourth is dropped");
        pool.clear();
        assertEquals(0, pool.bytesHeld());
        assertNull(pool.poll(A));
    }
}

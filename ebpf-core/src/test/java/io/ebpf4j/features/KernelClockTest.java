package io.ebpf4j.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.internal.libbpf.LibBpf;
import org.junit.jupiter.api.Test;

class KernelClockTest {

    @Test
    void neverGoesBackAndCountsRealTime() throws InterruptedException {
        long previous = KernelClock.nanos();
        for (int i = 0; i < 1000; i++) {
            long now = KernelClock.nanos();
            assertTrue(now >= previous, now + " after " + previous);
            previous = now;
        }
        long before = KernelClock.nanos();
        Thread.sleep(20);
        long slept = KernelClock.nanos() - before;
        assertTrue(slept >= 20_000_000L && slept < 20_000_000_000L, slept + " ns for a 20 ms sleep");
    }

    @Test
    void libbpfInfoIsTheLoadedLibbpf() {
        LibBpfInfo info = LibBpfInfo.current();
        assertTrue(info.usable(), info.problem());
        assertEquals(LibBpf.get().version().toString(), info.version());
        assertEquals(LibBpf.get().path(), info.path());
        assertEquals("", info.problem());
    }
}

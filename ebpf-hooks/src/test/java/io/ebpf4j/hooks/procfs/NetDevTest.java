package io.ebpf4j.hooks.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetDevTest {
    static final String SAMPLE = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  123456     789    1    2    0     0          0         0   654321     987    3    4    0     0       0          0
              eth0: 18446744073709551615 5 0 0 0 0 0 0 7 8 0 9 0 0 0 0
            """;

    @Test
    void parsesSampleText() {
        Map<String, InterfaceCounters> m = NetDev.parse(SAMPLE);
        assertEquals(new InterfaceCounters("lo", 123456, 789, 1, 2, 654321, 987, 3, 4), m.get("lo"));
        InterfaceCounters eth = m.get("eth0");
        assertEquals(-1L, eth.rxBytes(), "unsigned 64-bit counters wrap into the long's bits");
        assertEquals(9, eth.txDrops());
        assertEquals(2, m.size());
    }

    @Test
    void rejectsShortLines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetDev.parse("  lo: 1 2 3\n"));
        assertTrue(e.getMessage().contains("lo: 1 2 3"), e.getMessage());
    }

    /** The real file: every interface the kernel lists under /sys/class/net, lo with traffic counted. */
    @Test
    void readsTheRealFile() throws IOException {
        Map<String, InterfaceCounters> m = NetDev.read();
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertTrue(m.containsKey(p.getFileName().toString()), p + " missing from " + m.keySet());
            }
        }
        InterfaceCounters lo = m.get("lo");
        long sysRx = Long.parseLong(Files.readString(Path.of("/sys/class/net/lo/statistics/rx_packets")).strip());
        assertTrue(lo.rxPackets() <= sysRx, lo + " vs sysfs " + sysRx);
    }
}

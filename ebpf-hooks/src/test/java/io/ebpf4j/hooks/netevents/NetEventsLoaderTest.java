package io.ebpf4j.hooks.netevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;
import io.ebpf4j.link.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tracepoint degradation: the loader is shown a tracefs events directory that lists only some
 * tracepoints (as an older kernel would); the ones it lacks are skipped with the reason, the others
 * are loaded and attached for real.
 */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsLoaderTest {

    @Test
    void tracepointsTheKernelLacksAreSkippedTheOthersAttached(@TempDir Path events) throws Exception {
        Files.createDirectories(events.resolve("skb").resolve("kfree_skb"));
        Files.createDirectories(events.resolve("sock").resolve("inet_sock_set_state"));
        NetEventsLoader.Loaded loaded = NetEventsLoader.loadTracepoints(EnumSet.allOf(NetTracepoint.class), events);
        try {
            NetEventsState state = loaded.state();
            assertEquals(Set.of(NetTracepoint.KFREE_SKB, NetTracepoint.INET_SOCK_SET_STATE), state.attached());
            assertEquals(3, state.skipped().size());
            for (TracepointStatus s : state.skipped()) {
                assertFalse(s.attached());
                assertTrue(s.reason().contains("no tracepoint " + s.tracepoint()), s.reason());
            }
            assertEquals(2, loaded.links().size());
            assertEquals(2, loaded.object().programs().size(), "the others were not even loaded");
        } finally {
            loaded.links().forEach(Link::close);
            loaded.object().close();
        }
    }

    @Test
    void withoutTracefsNothingCanBeUsedAndBuildSaysWhy() {
        BpfException e = assertThrows(BpfException.class,
                () -> NetEventsLoader.loadTracepoints(EnumSet.of(NetTracepoint.KFREE_SKB), null));
        assertTrue(e.getMessage().contains("tracefs is not mounted"), e.getMessage());
    }
}

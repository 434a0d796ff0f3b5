package io.ebpf4j.hooks.netevents;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.testkit.RequiresKernel;

/** {@link NetEventsTest}'s tests on the tracepoint path (the programs read the tracepoint records). */
@RequiresKernel({KernelFeature.TRACEPOINT_ATTACH, KernelFeature.RING_BUFFER, KernelFeature.TRACEFS, KernelFeature.BTF})
class NetEventsTracepointPathTest extends NetEventsTest {
    @Override
    NetEvents.Builder builder() {
        return NetEvents.builder().attachPath(NetAttachPath.TRACEPOINT);
    }

    @Override
    NetAttachPath path() {
        return NetAttachPath.TRACEPOINT;
    }
}

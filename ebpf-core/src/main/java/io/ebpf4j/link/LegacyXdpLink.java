package io.ebpf4j.link;

import io.ebpf4j.Program;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An XDP program attached through netlink (not a bpf_link): closing it detaches the program only if it
 * is still the one attached. It survives the death of the process; prefer {@link Xdp#attach}.
 */
public final class LegacyXdpLink extends LegacyLink {

    LegacyXdpLink(Program program, int ifindex, int modeFlags, String target) {
        super(program, target, new Detach() {
            private final int progFd = program.fd();

            @Override
            void detach() {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment opts = arena.allocate(LinkCalls.XDP_ATTACH_OPTS_SIZE, 8);
                    opts.set(ValueLayout.JAVA_LONG, 0, LinkCalls.XDP_ATTACH_OPTS_SIZE);
                    opts.set(ValueLayout.JAVA_INT, 8, progFd);
                    LinkCalls.xdpDetach(ifindex, modeFlags, opts); // only if ours is still attached
                }
            }
        });
    }

    @Override
    public LinkKind kind() {
        return LinkKind.XDP;
    }
}

package io.ebpf4j.link;

import io.ebpf4j.Program;
import io.ebpf4j.internal.libbpf.LinkCalls;

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
                LinkCalls.xdpDetach(ifindex, modeFlags, progFd); // only if ours is still attached
            }
        });
    }

    @Override
    public LinkKind kind() {
        return LinkKind.XDP;
    }
}

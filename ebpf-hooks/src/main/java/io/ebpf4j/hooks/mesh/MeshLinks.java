package io.ebpf4j.hooks.mesh;

import io.ebpf4j.Program;
import io.ebpf4j.features.CapabilityReport;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.link.XdpMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interfaces a {@link MeshFilter} is attached to: one XDP link each, through a bpf_link (pinned in
 * pinned mode, see {@link PinnedLinks}) or, on kernels without one, through netlink. Not thread-safe:
 * the filter holds its lock around every call.
 */
final class MeshLinks {
    private static final Logger LOG = LoggerFactory.getLogger(MeshFilter.class);

    private final XdpMode mode;
    private final MeshPins pins; // null: not pinned
    private final Map<String, Link> links = new LinkedHashMap<>();

    MeshLinks(XdpMode mode, MeshPins pins) {
        this.mode = mode;
        this.pins = pins;
    }

    /** Attaches {@code program} to {@code ifname} in the calling thread's network namespace. */
    void attach(Program program, String ifname) {
        if (links.containsKey(ifname)) {
            throw new IllegalStateException("already attached to " + ifname);
        }
        CapabilityReport report = KernelCapabilities.cached();
        report.check(KernelFeature.XDP_ATTACH).orThrow();
        if (pins != null) {
            links.put(ifname, PinnedLinks.attach(pins, program, ifname, mode));
            return;
        }
        Link link;
        if (report.has(KernelFeature.BPF_LINK)) {
            link = Xdp.attach(program, ifname, mode);
        } else {
            LOG.warn("no bpf_link on this kernel: attaching the mesh filter to {} through netlink; it stays attached "
                    + "if this process dies without closing the filter (`ip link set dev {} xdp off` removes it)", ifname, ifname);
            link = Xdp.attachLegacy(program, ifname, mode);
        }
        links.put(ifname, link);
    }

    /** Swaps {@code program} into every link pinned in the directory (pinned mode, once, at build). */
    void adopt(Program program) {
        links.putAll(PinnedLinks.adopt(pins, program));
    }

    /** Detaches from {@code ifname} (removing its pin in pinned mode); whether it was attached there. */
    boolean detach(String ifname) {
        Link link = links.remove(ifname);
        if (link == null) {
            return false;
        }
        if (pins != null) {
            link.unpin();
        }
        link.close();
        return true;
    }

    /** Interfaces attached to, in attach order. */
    List<String> interfaces() {
        return List.copyOf(links.keySet());
    }

    /**
     * Closes every link, the last attached first (a pinned link stays on its interface through its
     * pin); closes them all even when one fails.
     *
     * @return the first failure, or null
     */
    RuntimeException closeAll() {
        List<String> names = new ArrayList<>(links.keySet());
        Collections.reverse(names);
        RuntimeException failure = null;
        for (String n : names) {
            try {
                links.remove(n).close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }
}

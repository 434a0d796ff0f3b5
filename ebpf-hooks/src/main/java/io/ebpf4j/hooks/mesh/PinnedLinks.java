package io.ebpf4j.hooks.mesh;

import io.ebpf4j.Program;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.link.BpfLink;
import io.ebpf4j.link.Link;
import io.ebpf4j.link.Xdp;
import io.ebpf4j.link.XdpMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The XDP links of a pinned {@link MeshFilter}: attached and pinned, or adopted by swapping the program in. */
final class PinnedLinks {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedLinks.class);

    private PinnedLinks() {}

    /** Attaches {@code program} to {@code ifname} (calling thread's namespace) through a bpf_link, and pins it. */
    static Link attach(MeshPins pins, Program program, String ifname, XdpMode mode) {
        Path pin = pins.linkPin(ifname);
        if (Files.exists(pin, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("a link is pinned at " + pin + " already, which this filter did not adopt"
                    + " (pinned by another process since this one was built?)");
        }
        Link link = Xdp.attach(program, ifname, mode);
        try {
            link.pin(pin);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /**
     * Swaps {@code program} into every link pinned in the directory, atomically per interface
     * (bpf_link_update: the interface is never without a filter). A link whose interface went away
     * is unpinned and left out.
     *
     * @return interface name -> the adopted link (holding the pin)
     */
    static Map<String, Link> adopt(MeshPins pins, Program program) {
        Map<String, Link> adopted = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> e : pins.links().entrySet()) {
                BpfLink link = BpfLink.openPinned(e.getValue());
                try {
                    link.update(program);
                } catch (BpfException ex) {
                    link.close();
                    if (ex.errno().orElse(null) != Errno.ENOLINK) {
                        throw ex;
                    }
                    LOG.warn("the pinned mesh filter link of {} was detached (the interface went away): removing {}",
                            e.getKey(), e.getValue());
                    link.unpin();
                    continue;
                }
                adopted.put(e.getKey(), link);
                LOG.info("adopted the mesh filter on {} ({}): it now runs program id {}", e.getKey(), e.getValue(),
                        program.info().id());
            }
            return adopted;
        } catch (RuntimeException e) {
            adopted.values().forEach(Link::close); // releases this process's hold; the pins stay
            throw e;
        }
    }
}

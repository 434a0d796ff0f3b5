package io.ebpf4j.hooks.mesh;

import io.ebpf4j.BpfObject;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.features.KernelCapabilities;
import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.link.XdpMode;
import io.ebpf4j.map.BpfMap;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads a {@link MeshFilter}: opens the bundled object, prepares and checks the pin directory (pinned
 * mode), sets the program's constants, loads it, builds the filter (installing its guards before the
 * first packet), adopts the pinned links and attaches where asked. A failed load removes what it made
 * and nothing it adopted.
 */
final class MeshLoader {
    /** What {@link MeshFilter.Builder} collected. */
    record Settings(Action defaultAction, int probePort, int nodeTag, XdpMode mode, boolean probeAuth,
                    ProbeKeys meshKeys, AnswerLimit answerLimit, Path pinDir, List<String> interfaces,
                    int identityCapacity) {}

    private MeshLoader() {}

    static MeshFilter load(Settings s) {
        KernelCapabilities.cached().check(MeshFilter.REQUIREMENTS).orThrow();
        ObjectSpec spec = ObjectSpec.open(MeshFilterObject.bytes(), "mesh_filter");
        for (String m : MeshFilterObject.IDENTITY_MAPS) {
            spec.map(m).setMaxEntries(s.identityCapacity());
        }
        int fresh = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        MeshPins pins = null;
        boolean adopting = false;
        BpfMap<Integer, SpiffeId> names = null;
        BpfObject object = null;
        MeshFilter filter = null;
        try {
            int tag = s.nodeTag() != 0 ? s.nodeTag() : fresh;
            if (s.pinDir() != null) {
                KernelCapabilities.cached().check(List.of(KernelFeature.BPF_LINK)).orThrow();
                pins = MeshPins.prepare(s.pinDir());
                adopting = pins.holdsState(); // before anything can fail: a failed build removes only what it made
                pins.checkCompatible(spec);
                tag = pins.nodeTag(s.nodeTag(), fresh);
                names = pins.names(s.identityCapacity());
                pins.pinMaps(spec);
            }
            spec.globals().set(MeshFilterObject.DEFAULT_ACTION, s.defaultAction().code())
                    .set(MeshFilterObject.PROBE_PORT, s.probePort())
                    .set(MeshFilterObject.NODE_IDENTITY, tag);
            object = spec.load();
            filter = new MeshFilter(object, s, tag, pins, names, adopting);
            if (pins != null) {
                filter.adoptLinks();
            }
            for (String n : s.interfaces()) {
                if (!filter.interfaces().contains(n)) {
                    filter.attach(n);
                }
            }
            return filter;
        } catch (RuntimeException e) {
            try {
                if (filter != null) {
                    filter.close(); // a pinned datapath it adopted keeps running
                } else {
                    if (object != null) {
                        object.close();
                    }
                    if (names != null) {
                        names.close();
                    }
                }
                if (pins != null && !adopting) {
                    pins.removeFresh();
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}

package io.ebpf4j.hooks.mesh;

import io.ebpf4j.ObjectMapSpec;
import io.ebpf4j.ObjectSpec;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.Bpffs;
import io.ebpf4j.map.Codec;
import io.ebpf4j.map.Codecs;
import io.ebpf4j.map.MapFlag;
import io.ebpf4j.map.MapInfo;
import io.ebpf4j.map.MapSpec;
import io.ebpf4j.map.RawMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bpffs directory of a pinned {@link MeshFilter}: what is pinned there, its compatibility with
 * this version of the filter, the link pin of each interface, and removing it all.
 *
 * <p>Pinned, and reused by the next build: every map of {@code mesh_filter.bpf.o} that holds state
 * ({@link #OBJECT_MAPS}: the identity tries, the policies and port rules, so that the filter keeps
 * deciding as before while a new program is swapped in; the counters and probe statistics, so that
 * they continue), plus two maps of the Java side: {@value #IDENTITY_NAMES} (identity number to SPIFFE
 * ID, so that a new process maps its configuration to the same numbers) and {@value #STATE} (the node
 * tag, so that probe replies to the old process's probes still match). Not pinned: the object's
 * {@code .rodata} (default action, probe port, node tag), which is frozen into each loaded program,
 * so a new build's settings take effect with its program, atomically with the swap.
 */
final class MeshPins {
    private static final Logger LOG = LoggerFactory.getLogger(MeshPins.class);

    /** The object's maps pinned, in the order they are checked. */
    static final List<String> OBJECT_MAPS = List.of(MeshFilterObject.IPV4_IDENTITIES, MeshFilterObject.IPV6_IDENTITIES,
            MeshFilterObject.IDENTITY_POLICY, MeshFilterObject.PORT_POLICY, MeshFilterObject.PEER_COUNTERS,
            MeshFilterObject.PROBE_STATS, MeshFilterObject.GLOBAL_COUNTERS, MeshFilterObject.GUARD_COUNTERS,
            MeshFilterObject.PROBE_KEYS, MeshFilterObject.PROBE_WINDOW, MeshFilterObject.PROBE_BUCKETS,
            MeshFilterObject.IDENTITY_BINDING);
    /** HASH u32 identity -> {@link SpiffeIdCodec}, written by {@link IdentityRegistry}. */
    static final String IDENTITY_NAMES = "identity_names";
    /** ARRAY of one {@link State}. */
    static final String STATE = "mesh_state";
    /** A link pin is {@code link_} and the interface name ({@code .} and {@code %} escaped: bpffs refuses dots). */
    static final String LINK_PREFIX = "link_";
    static final int STATE_VERSION = 1;

    /** The spec of {@value #IDENTITY_NAMES} for a filter of {@code capacity} identities. */
    static MapSpec namesSpec(int capacity) {
        return new MapSpec(IDENTITY_NAMES, MapType.HASH, 4, SpiffeIdCodec.SIZE, capacity, 0, null, null, 0)
                .withFlags(MapFlag.NO_PREALLOC);
    }
    static final MapSpec STATE_SPEC = new MapSpec(STATE, MapType.ARRAY, 4, 8, 1, 0, null, null, 0);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final String MOUNT = "mount -t bpf bpf /sys/fs/bpf";

    /** The value of {@value #STATE}: the layout version of the pins (0: never written) and the node tag. */
    record State(int version, int nodeTag) {}

    private final Path dir;
    private final boolean created;

    private MeshPins(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    /**
     * Checks {@code requested} (an existing directory on bpffs) or creates it with mode 0700 below a
     * directory on bpffs.
     *
     * @throws BpfException naming the path and the remedy when it is not on bpffs or cannot be made
     */
    static MeshPins prepare(Path requested) {
        Path dir = requested.toAbsolutePath().normalize();
        String op = "preparing the mesh filter's pin directory " + dir;
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new BpfException(op, 0, dir + " exists and is not a directory",
                        "choose a directory on bpffs, e.g. /sys/fs/bpf/ebpf4j-mesh");
            }
            requireBpffs(op, dir);
            if (dir.getParent() != null && Bpffs.isBpffs(dir.getParent())) { // not a bpffs mount point itself
                ownerOnly(op, dir);
            }
            return new MeshPins(dir, false);
        }
        Path existing = dir.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        requireBpffs(op, existing == null ? dir : existing);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        } catch (IOException e) {
            throw new BpfException(op, 0, e.toString(), "check that the parent is a writable directory on bpffs"
                    + " (names on bpffs cannot contain '.')", e);
        }
        return new MeshPins(dir, true);
    }

    /**
     * An existing directory others may enter or write (where they could unlink or plant pins) is made
     * 0700, as a created one is; a directory this process may not change is refused.
     */
    private static void ownerOnly(String op, Path dir) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (!mode.equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
                LOG.info("{}: mode {} made rwx------ (the pins are this user's alone)", dir, PosixFilePermissions.toString(mode));
            }
        } catch (IOException e) {
            throw new BpfException(op, 0, "cannot make " + dir + " mode 0700: " + e,
                    "give the directory to the user the filter runs as (chown), or choose a pin directory it owns");
        }
    }

    private static void requireBpffs(String op, Path dir) {
        if (!Bpffs.isBpffs(dir)) {
            throw new BpfException(op, 0, dir + " is not on a BPF file system (bpffs)",
                    "mount bpffs (" + MOUNT + ") and choose a pin directory below it, e.g. /sys/fs/bpf/ebpf4j-mesh");
        }
    }

    Path dir() {
        return dir;
    }

    /** Whether a previous filter left maps or links here (then this build adopts them). */
    boolean holdsState() {
        return Stream.concat(OBJECT_MAPS.stream(), Stream.of(IDENTITY_NAMES)).anyMatch(n -> exists(dir.resolve(n)))
                || !links().isEmpty();
    }

    /**
     * Fails, before anything is loaded, when a map pinned here is not what this version of the filter
     * would make: another type, key size, value size, max_entries or flags, or a state of another
     * layout version.
     */
    void checkCompatible(ObjectSpec spec) {
        for (String name : OBJECT_MAPS) {
            ObjectMapSpec m = spec.map(name);
            check(name, new MapSpec(name, m.type(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags(), null, null, 0));
        }
        check(IDENTITY_NAMES, namesSpec(spec.map(MeshFilterObject.IDENTITY_POLICY).maxEntries()));
        check(STATE, STATE_SPEC);
    }

    private void check(String name, MapSpec wanted) {
        Path pin = dir.resolve(name);
        if (!exists(pin)) {
            return;
        }
        MapInfo info;
        try (RawMap pinned = RawMap.openPinned(pin)) {
            info = pinned.info();
        } catch (BpfException e) {
            throw incompatible(name, pin, "it cannot be opened as a map: " + e.getMessage());
        }
        List<String> diffs = new ArrayList<>();
        if (info.typeValue() != wanted.type().value()) {
            diffs.add("type " + (info.type() == MapType.UNSPEC ? info.typeValue() : info.type()) + " (this filter: "
                    + wanted.type() + ")");
        }
        compare(diffs, "key size", info.keySize(), wanted.keySize());
        compare(diffs, "value size", info.valueSize(), wanted.valueSize());
        compare(diffs, "max_entries", info.maxEntries(), wanted.maxEntries());
        if (info.maxEntries() != wanted.maxEntries()
                && (MeshFilterObject.IDENTITY_MAPS.contains(name) || IDENTITY_NAMES.equals(name))) {
            diffs.add("another identity capacity (MeshFilter.Builder.identityCapacity: " + info.maxEntries()
                    + " pinned, " + wanted.maxEntries() + " asked for)");
        }
        compare(diffs, "flags", info.flags(), wanted.flags());
        if (!diffs.isEmpty()) {
            throw incompatible(name, pin, "it has " + String.join(", ", diffs));
        }
    }

    private static void compare(List<String> diffs, String what, int pinned, int wanted) {
        if (pinned != wanted) {
            diffs.add(what + " " + pinned + " (this filter: " + wanted + ")");
        }
    }

    private BpfException incompatible(String map, Path pin, String why) {
        return new BpfException("adopting the mesh filter pinned in " + dir, 0,
                "map '" + map + "' pinned at " + pin + " does not fit this version of the filter: " + why,
                "it was left by another version: uninstall it first (MeshFilter.uninstall(" + dir + "), or "
                        + "`ebpf4j agent --uninstall --config FILE`), which detaches it and removes its pins; then build again");
    }

    /** Sets the pin path of every map in {@link #OBJECT_MAPS}: libbpf reuses what is pinned, pins what it creates. */
    void pinMaps(ObjectSpec spec) {
        for (String name : OBJECT_MAPS) {
            spec.map(name).setPinPath(dir.resolve(name));
        }
    }

    /** The pinned {@value #IDENTITY_NAMES} map of a filter of {@code capacity} identities, created and pinned when absent. */
    BpfMap<Integer, SpiffeId> names(int capacity) {
        return openOrCreate(IDENTITY_NAMES, namesSpec(capacity), SpiffeIdCodec.INSTANCE);
    }

    /**
     * The node tag to load: {@code explicit} when non-zero, else the one pinned by a previous build,
     * else {@code fresh}; it is pinned for the next build.
     */
    int nodeTag(int explicit, int fresh) {
        try (BpfMap<Integer, State> state = openOrCreate(STATE, STATE_SPEC, Codecs.record(State.class))) {
            State s = state.get(0).orElse(new State(0, 0));
            if (s.version() != 0 && s.version() != STATE_VERSION) {
                throw incompatible(STATE, dir.resolve(STATE), "its layout version is " + s.version()
                        + " (this filter: " + STATE_VERSION + ")");
            }
            int tag = explicit != 0 ? explicit : s.version() == STATE_VERSION && s.nodeTag() != 0 ? s.nodeTag() : fresh;
            state.put(0, new State(STATE_VERSION, tag));
            return tag;
        }
    }

    private <V> BpfMap<Integer, V> openOrCreate(String name, MapSpec spec, Codec<V> codec) {
        Path pin = dir.resolve(name);
        if (!exists(pin)) {
            return BpfMap.create(spec.withPinPath(pin), Codecs.INT, codec);
        }
        RawMap raw = RawMap.openPinned(pin);
        try {
            return BpfMap.of(raw, Codecs.INT, codec);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Where the link of {@code ifname} is pinned. */
    Path linkPin(String ifname) {
        return dir.resolve(LINK_PREFIX + escape(ifname));
    }

    /** The pinned links: interface name -> pin, in name order. */
    Map<String, Path> links() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (n.startsWith(LINK_PREFIX)) {
                out.put(unescape(n.substring(LINK_PREFIX.length())), p);
            }
        }
        return out;
    }

    /** After a failed first build: removes what it pinned, and the directory if it made it. */
    void removeFresh() {
        try {
            remove(dir, created);
        } catch (RuntimeException e) {
            LOG.warn("cleaning up the pins of a failed mesh filter build in {}: {}", dir, e.toString());
        }
    }

    /**
     * Removes the pins of a mesh filter from {@code requested} (links first: removing a link's last
     * reference detaches its program), then the directory when nothing else is left in it.
     *
     * @return what was removed, the directory last; empty when it does not exist
     * @throws BpfException when {@code requested} is not a directory on bpffs
     */
    static List<Path> uninstall(Path requested) {
        Path dir = requested.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            return List.of();
        }
        String op = "uninstalling the mesh filter pinned in " + dir;
        if (!Files.isDirectory(dir)) {
            throw new BpfException(op, 0, dir + " is not a directory", "pass the pin directory the filter was built with");
        }
        requireBpffs(op, dir);
        return remove(dir, true);
    }

    private static List<Path> remove(Path dir, boolean removeDir) {
        List<Path> removed = new ArrayList<>();
        for (Path p : list(dir)) {
            if (p.getFileName().toString().startsWith(LINK_PREFIX) && delete(p)) {
                removed.add(p);
            }
        }
        for (String name : Stream.concat(OBJECT_MAPS.stream(), Stream.of(IDENTITY_NAMES, STATE)).toList()) {
            if (delete(dir.resolve(name))) {
                removed.add(dir.resolve(name));
            }
        }
        if (removeDir) {
            List<Path> left = list(dir);
            if (left.isEmpty()) {
                delete(dir);
                removed.add(dir);
            } else {
                LOG.warn("left {} in place: it holds pins the mesh filter did not make: {}", dir, left);
            }
        }
        return removed;
    }

    private static boolean delete(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BpfException("removing the pin " + p, 0, e.toString(), "remove it by hand (rm " + p + ")", e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new BpfException("listing the pin directory " + dir, 0, e.toString(), null, e);
        }
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    static String escape(String ifname) {
        return ifname.replace("%", "%25").replace(".", "%2e");
    }

    static String unescape(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("%2e", i)) {
                out.append('.');
                i += 2;
            } else if (escaped.startsWith("%25", i)) {
                out.append('%');
                i += 2;
            } else {
                out.append(escaped.charAt(i));
            }
        }
        return out.toString();
    }
}

package io.ebpf4j;

import io.ebpf4j.kernel.MapType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A map as an object file declares it, before load. {@link #setMaxEntries(int)}, {@link #setPinPath(Path)}
 * and {@link #reuseFd(int)} take effect when the {@link ObjectSpec} is loaded. Internal maps hold the
 * object's global variables, one map per data section ({@code .rodata}, {@code .data}, {@code .bss},
 * custom {@code .data.*} / {@code .rodata.*}, and {@code .kconfig}, which libbpf fills at load); set
 * the others through {@link ObjectSpec#globals()}.
 *
 * <p>Not thread-safe: configure a spec from one thread, then load it.
 */
public final class ObjectMapSpec {
    private final String name;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int flags;
    private final boolean internal;
    private final int btfKeyTypeId;
    private final int btfValueTypeId;
    private String btfKeyType = "";
    private String btfValueType = "";
    private String dataSection;
    private int maxEntries;
    private Path pinPath;
    private int reuseFd = -1;

    ObjectMapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                  boolean internal, int btfKeyTypeId, int btfValueTypeId, Path pinPath) {
        this.name = name;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.flags = flags;
        this.internal = internal;
        this.btfKeyTypeId = btfKeyTypeId;
        this.btfValueTypeId = btfValueTypeId;
        this.pinPath = pinPath;
    }

    public String name() {
        return name;
    }

    public MapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** BPF_F_* map flags. */
    public int flags() {
        return flags;
    }

    /** True for the maps libbpf makes for global variables and kconfig. */
    public boolean isInternal() {
        return internal;
    }

    /**
     * For an internal map, the ELF data section it holds (e.g. {@code .rodata}, {@code .data.counters},
     * {@code .kconfig}); empty for declared maps, and for internal maps of an object without BTF.
     */
    public Optional<String> dataSection() {
        return Optional.ofNullable(dataSection);
    }

    /**
     * Whether libbpf fills this map's contents at load ({@code .kconfig}: the kernel's version and
     * configuration), so its data cannot be set before load.
     */
    public boolean filledByLibbpf() {
        return dataSection != null && VariableSpec.Origin.ofSection(dataSection) != VariableSpec.Origin.OBJECT;
    }

    /** The BTF type id of the key in the object's BTF, 0 when it has none. */
    public int btfKeyTypeId() {
        return btfKeyTypeId;
    }

    /** The BTF type id of the value in the object's BTF, 0 when it has none. */
    public int btfValueTypeId() {
        return btfValueTypeId;
    }

    /** The key's C type from the object's BTF (e.g. {@code struct flow_key}), empty when it has none. */
    public String btfKeyType() {
        return btfKeyType;
    }

    /** The value's C type from the object's BTF, empty when it has none. */
    public String btfValueType() {
        return btfValueType;
    }

    void setDataSection(String section) {
        this.dataSection = section;
    }

    void setBtfTypeNames(String key, String value) {
        this.btfKeyType = key == null ? "" : key;
        this.btfValueType = value == null ? "" : value;
    }

    /** Where the map will be pinned (and reused from, if a map is already pinned there). */
    public Optional<Path> pinPath() {
        return Optional.ofNullable(pinPath);
    }

    /** The fd of an existing map that will be used instead of creating this one. */
    public OptionalInt reusedFd() {
        return reuseFd < 0 ? OptionalInt.empty() : OptionalInt.of(reuseFd);
    }

    /** Resizes the map. */
    public ObjectMapSpec setMaxEntries(int maxEntries) {
        if (maxEntries <= 0 && type != MapType.RINGBUF) {
            throw new IllegalArgumentException("max_entries of map '" + name + "' must be positive: " + maxEntries);
        }
        if (internal) {
            throw new IllegalArgumentException("map '" + name + "' holds global variables; its size is fixed");
        }
        if (type == MapType.RINGBUF && (maxEntries < 4096 || Integer.bitCount(maxEntries) != 1)) {
            throw new IllegalArgumentException("ring buffer '" + name + "' needs a power-of-two size of at least 4096 bytes"
                    + " (a multiple of the page size): " + maxEntries);
        }
        this.maxEntries = maxEntries;
        return this;
    }

    /** Pins the map at load, reusing a map already pinned at that path. */
    public ObjectMapSpec setPinPath(Path pinPath) {
        this.pinPath = pinPath;
        return this;
    }

    /**
     * Uses an existing map (an fd the caller keeps open until load returns) instead of creating one.
     * Its type, key size, value size and max entries must match.
     */
    public ObjectMapSpec reuseFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a map fd: " + fd);
        }
        this.reuseFd = fd;
        return this;
    }

    ObjectMapSpec copy() {
        ObjectMapSpec c = new ObjectMapSpec(name, type, keySize, valueSize, maxEntries, flags, internal, btfKeyTypeId,
                btfValueTypeId, pinPath);
        c.reuseFd = reuseFd;
        c.setBtfTypeNames(btfKeyType, btfValueType);
        c.dataSection = dataSection;
        return c;
    }

    @Override
    public String toString() {
        return "ObjectMapSpec[" + name + ", " + type + ", key=" + keySize + ", value=" + valueSize + ", max="
                + maxEntries + (internal ? ", internal" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectMapSpec m && m.name.equals(name) && m.type == type && m.keySize == keySize
                && m.valueSize == valueSize && m.maxEntries == maxEntries && m.flags == flags
                && Objects.equals(m.pinPath, pinPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, keySize, valueSize, maxEntries);
    }
}

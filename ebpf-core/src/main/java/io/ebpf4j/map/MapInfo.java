package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.MapCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A live map as the kernel describes it ({@code struct bpf_map_info} from bpf_obj_get_info_by_fd).
 *
 * @param id                    the kernel-wide map id
 * @param name                  the kernel name (up to 15 characters; may be cut)
 * @param type                  the map type, {@link MapType#UNSPEC} when this library does not know it
 * @param typeValue             the kernel's type number
 * @param keySize               key size in bytes
 * @param valueSize             value size in bytes (per CPU for per-CPU maps)
 * @param maxEntries            capacity
 * @param flags                 BPF_F_* creation flags
 * @param btfId                 the id of the map's BTF object, 0 when none
 * @param btfKeyTypeId          BTF type id of the key, 0 when none
 * @param btfValueTypeId        BTF type id of the value, 0 when none
 * @param btfVmlinuxValueTypeId struct_ops value type id in vmlinux BTF, 0 otherwise
 * @param ifindex               the offload device, 0 when none
 * @param mapExtra              map_extra
 */
public record MapInfo(int id, String name, MapType type, int typeValue, int keySize, int valueSize, int maxEntries,
        int flags, int btfId, int btfKeyTypeId, int btfValueTypeId, int btfVmlinuxValueTypeId, int ifindex,
        long mapExtra) {

    /**
     * Reads the info of the map behind descriptor {@code fd} (borrowed: it stays the caller's, open).
     *
     * @throws io.ebpf4j.kernel.BpfException if the kernel refuses (e.g. the fd is not a BPF object)
     */
    public static MapInfo read(int fd) {
        return read(fd, "map fd " + fd);
    }

    static MapInfo read(int fd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(MapCalls.MAP_INFO_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, MapCalls.MAP_INFO_SIZE);
            Check.check(MapCalls.objInfo(fd, info, len), OpKind.MAP, "bpf_obj_get_info_by_fd(" + what + ")");
            int typeValue = info.get(ValueLayout.JAVA_INT, MapCalls.INFO_TYPE);
            byte[] nameBytes = info.asSlice(MapCalls.INFO_NAME, MapCalls.INFO_NAME_LEN).toArray(ValueLayout.JAVA_BYTE);
            int n = 0;
            while (n < nameBytes.length && nameBytes[n] != 0) {
                n++;
            }
            return new MapInfo(
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_ID),
                    new String(nameBytes, 0, n, java.nio.charset.StandardCharsets.UTF_8),
                    MapType.of(typeValue).orElse(MapType.UNSPEC),
                    typeValue,
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_KEY_SIZE),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_VALUE_SIZE),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_MAX_ENTRIES),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_MAP_FLAGS),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_BTF_ID),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_BTF_KEY_TYPE_ID),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_BTF_VALUE_TYPE_ID),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_BTF_VMLINUX_VALUE_TYPE_ID),
                    info.get(ValueLayout.JAVA_INT, MapCalls.INFO_IFINDEX),
                    info.get(ValueLayout.JAVA_LONG, MapCalls.INFO_MAP_EXTRA));
        }
    }

    /** Whether values have one slot per possible CPU. */
    public boolean isPerCpu() {
        return RawMap.isPerCpu(type);
    }
}

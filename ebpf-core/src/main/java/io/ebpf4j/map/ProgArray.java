package io.ebpf4j.map;

import io.ebpf4j.kernel.MapType;
import java.util.Set;

/** A PROG_ARRAY (tail-call table): program fds go in by index, program ids come out. */
public final class ProgArray extends FdMap<Integer> {
    private ProgArray(RawMap raw) {
        super(raw, Codecs.INT, Set.of(MapType.PROG_ARRAY));
    }

    /** A view over a PROG_ARRAY. */
    public static ProgArray of(RawMap raw) {
        return new ProgArray(raw);
    }

    /** Creates a PROG_ARRAY with {@code size} slots. */
    public static ProgArray create(String name, int size) {
        return RawMap.createViewed(MapSpec.progArray(size).withName(name), ProgArray::new);
    }

    /**
     * Puts the program with descriptor {@code programFd} at {@code index}, e.g.
     * {@code progArray.set(0, object.program("handler").fd())}. The fd is borrowed: the map takes its
     * own reference to the program, and the caller keeps (and closes) the fd.
     */
    public void set(int index, int programFd) {
        setFd(index, programFd);
    }
}

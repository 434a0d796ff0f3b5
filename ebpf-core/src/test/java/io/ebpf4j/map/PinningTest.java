package io.ebpf4j.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.internal.libbpf.TestPrograms;
import io.ebpf4j.internal.os.Fd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinningTest {
    private Path dir;

    @BeforeEach
    void mount() throws Exception {
        dir = MapTesting.bpffsDir();
    }

    @AfterEach
    void cleanUp() throws Exception {
        MapTesting.removeDir(dir);
    }

    @Test
    void pinOpenAndUnpin() {
        Path pin = dir.resolve("counts");
        MapSpec spec = MapSpec.hash(4, 8, 32).withName(MapTesting.name("pinned"));
        try (BpfMap<Integer, Long> map = BpfMap.create(spec, Codecs.INT, Codecs.LONG)) {
            map.raw().pin(pin);
            assertTrue(Files.exists(pin));
            assertEquals(pin, map.raw().pinnedPath().orElseThrow());
            map.put(1, 10L);
            try (BpfMap<Integer, Long> again = BpfMap.of(RawMap.openPinned(pin), Codecs.INT, Codecs.LONG)) {
                assertEquals(map.info().id(), again.info().id(), "same kernel map");
                assertEquals(10L, again.get(1).orElseThrow());
                again.put(2, 20L);
            }
            assertEquals(20L, map.get(2).orElseThrow());
            BpfException e = assertThrows(BpfException.class, () -> map.raw().pin(pin));
            assertEquals(Errno.EEXIST.number(), e.errnoNumber());
            map.raw().unpin();
            assertFalse(Files.exists(pin));
            assertEquals(10L, map.get(1).orElseThrow(), "unpinned map lives on while referenced");
        }
    }

    @Test
    void createCanPinAndTheLoaderCanReuseCompatiblePins() {
        Path pin = dir.resolve("shared");
        MapSpec spec = MapSpec.hash(4, 4, 8).withName("shared").withPinPath(pin);
        try (RawMap created = RawMap.create(spec)) {
            assertTrue(Files.exists(pin));
            try (RawMap reused = RawMap.openPinnedIfCompatible(pin, spec).orElseThrow()) {
                assertEquals(created.info().id(), reused.info().id());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RawMap.openPinnedIfCompatible(pin, spec.withValueSize(8)));
            assertTrue(e.getMessage().contains("value size 4 != 8"), e.getMessage());
            assertTrue(RawMap.openPinnedIfCompatible(dir.resolve("nothing"), spec).isEmpty());
        } finally {
            RawMap.unpin(pin);
        }
    }

    @Test
    void pinningOutsideBpffsIsExplained(@TempDir Path tmp) {
        try (RawMap map = RawMap.create(MapSpec.array(4, 1))) {
            BpfException e = assertThrows(BpfException.class, () -> map.pin(tmp.resolve("x")));
            assertTrue(e.getMessage().contains("not on a BPF file system"), e.getMessage());
            assertTrue(e.remedy().orElseThrow().contains("mount -t bpf"));
        }
    }

    @Test
    void openingWhatIsNotAPinnedMapFails() {
        BpfException e = assertThrows(BpfException.class, () -> RawMap.openPinned(dir.resolve("absent")));
        assertEquals(Errno.ENOENT.number(), e.errnoNumber());
        Path progPin = dir.resolve("prog");
        try (Fd prog = TestPrograms.returnZeroSocketFilter(); RawMap any = RawMap.create(MapSpec.array(4, 1))) {
            // pin a program through a map-free route: bpf_obj_pin works on any BPF fd
            RawMap asMap = RawMap.wrap(prog.get(), any.info());
            asMap.pin(progPin);
            BpfException notMap = assertThrows(BpfException.class, () -> RawMap.openPinned(progPin));
            assertTrue(notMap.getMessage().contains("is not a map"), notMap.getMessage());
        } finally {
            RawMap.unpin(progPin);
        }
    }
}

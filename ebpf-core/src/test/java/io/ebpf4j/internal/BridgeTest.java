package io.ebpf4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.Program;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.internal.btf.BorrowedBtf;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

class BridgeTest {
    /** Installs into {@link #SLOT}; stands for a public class of ebpf4j. */
    static final class Installer {
        static final Bridge<Runnable> SLOT = new Bridge<>(Installer.class.getName());
        static final Runnable IMPLEMENTATION = () -> {};

        static {
            SLOT.set(MethodHandles.lookup(), IMPLEMENTATION);
        }

        static void setAgain() {
            SLOT.set(MethodHandles.lookup(), () -> {});
        }
    }

    @Test
    void getInitialisesTheInstallerAndReturnsWhatItSet() {
        assertSame(Installer.IMPLEMENTATION, Installer.SLOT.get(Installer.class));
    }

    @Test
    void theInstallerCannotSetItTwice() {
        Installer.SLOT.get(Installer.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, Installer::setAgain);
        assertTrue(e.getMessage().contains("already set"), e.getMessage());
        assertSame(Installer.IMPLEMENTATION, Installer.SLOT.get(Installer.class));
    }

    @Test
    void noOtherClassMaySetIt() {
        Bridge<Runnable> slot = new Bridge<>(Installer.class.getName());
        assertThrows(IllegalStateException.class, () -> slot.set(MethodHandles.lookup(), () -> {}));
    }

    @Test
    void aLookupForgedForTheInstallerIsRefused() throws IllegalAccessException {
        Bridge<Runnable> slot = new Bridge<>(Installer.class.getName());
        MethodHandles.Lookup forged = MethodHandles.privateLookupIn(Installer.class, MethodHandles.lookup());
        assertEquals(Installer.class, forged.lookupClass());
        assertThrows(IllegalStateException.class, () -> slot.set(forged, () -> {}));
    }

    @Test
    void getRefusesAClassThatIsNotTheInstaller() {
        assertThrows(IllegalArgumentException.class, () -> Installer.SLOT.get(String.class));
    }

    @Test
    void theProgramAndBtfBridgesCannotBeSwapped() {
        assertThrows(IllegalStateException.class,
                () -> Access.setProgramAccess(MethodHandles.lookup(), new Access.ProgramAccess<Program>() {
                    @Override
                    public MemorySegment handle(Program program) {
                        return MemorySegment.NULL;
                    }

                    @Override
                    public void register(Program program, AutoCloseable link) {}

                    @Override
                    public void unregister(Program program, AutoCloseable link) {}
                }));
        assertThrows(IllegalStateException.class, () -> BorrowedBtf.install(MethodHandles.lookup(),
                new BorrowedBtf.Factory<Btf>() {
                    @Override
                    public Btf borrow(MemorySegment btf, String what, Object keepAlive) {
                        return null;
                    }

                    @Override
                    public MemorySegment pointer(Btf btf) {
                        return MemorySegment.NULL;
                    }
                }));
    }
}

package io.ebpf4j.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class DowncallsTest {
    /** C signatures for the bindings below; public as {@link Downcalls} requires. */
    public interface Close {
        int call(int fd);
    }

    public interface Read {
        long call(int fd, MemorySegment buf, long count);
    }

    public interface Strlen {
        long call(MemorySegment s);
    }

    public interface Opendir {
        MemorySegment call(MemorySegment path);
    }

    public interface Abs {
        int call(int x);
    }

    public interface Voidish {
        void call(MemorySegment p, boolean b, short s, byte c, double d, float f);
    }

    public interface TwoMethods {
        int call(int x);

        int other(int x);
    }

    public interface WithDefault {
        int call(int x);

        default int twice(int x) {
            return 2 * call(x);
        }
    }

    @Test
    void aCapturingIntFunctionReturnsMinusErrnoOnFailure() {
        Close close = Downcalls.libc("close", Close.class, ErrnoMode.CAPTURED);
        assertEquals(-Errno.EBADF.number(), close.call(-1));
    }

    @Test
    void aCapturingLongFunctionReturnsMinusErrnoOnFailure() {
        Read read = Downcalls.libc("read", Read.class, ErrnoMode.CAPTURED);
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-Errno.EBADF.number(), read.call(-1, arena.allocate(8), 8));
        }
    }

    @Test
    void aPointerFunctionLeavesErrnoForLast() {
        Opendir opendir = Downcalls.libc("opendir", Opendir.class, ErrnoMode.CAPTURED);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dir = opendir.call(arena.allocateFrom("/no/such/directory/for/ebpf4j"));
            assertEquals(MemorySegment.NULL, dir);
            assertEquals(Errno.ENOENT.number(), CapturedErrno.last());
        }
    }

    @Test
    void successfulResultsPassThroughUnchanged() {
        Abs abs = Downcalls.libc("abs", Abs.class, ErrnoMode.RETURNED);
        Abs capturing = Downcalls.libc("abs", Abs.class, ErrnoMode.CAPTURED);
        Strlen strlen = Downcalls.libc("strlen", Strlen.class, ErrnoMode.RETURNED);
        assertEquals(42, abs.call(-42));
        assertEquals(42, capturing.call(-42));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(5, strlen.call(arena.allocateFrom("hello")));
        }
    }

    @Test
    void aReturnedModeFunctionKeepsItsNegativeResult() {
        Close close = Downcalls.libc("close", Close.class, ErrnoMode.RETURNED);
        assertEquals(-1, close.call(-1));
    }

    @Test
    void aMissingSymbolGivesABindingThatThrowsSayingWhy() {
        Abs missing = Downcalls.libc("no_such_function_in_libc", Abs.class, ErrnoMode.CAPTURED);
        BpfException e = assertThrows(BpfException.class, () -> missing.call(1));
        assertTrue(e.getMessage().contains("no_such_function_in_libc"), e.getMessage());
    }

    @Test
    void defaultMethodsOfTheInterfaceStillWork() {
        WithDefault abs = Downcalls.libc("abs", WithDefault.class, ErrnoMode.RETURNED);
        assertEquals(14, abs.twice(-7));
    }

    @Test
    void theDescriptorIsTheJavaSignatures() {
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG), Downcalls.descriptor(Downcalls.signature(Read.class)));
        assertEquals(FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN, ValueLayout.JAVA_SHORT,
                ValueLayout.JAVA_BYTE, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_FLOAT),
                Downcalls.descriptor(Downcalls.signature(Voidish.class)));
    }

    @Test
    void onlySingleMethodInterfacesOfCTypesBind() {
        assertThrows(IllegalArgumentException.class, () -> Downcalls.signature(TwoMethods.class));
        assertThrows(IllegalArgumentException.class, () -> Downcalls.signature(String.class));
        assertThrows(IllegalArgumentException.class,
                () -> Downcalls.descriptor(Downcalls.signature(java.util.function.Function.class)));
    }
}

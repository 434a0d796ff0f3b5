package io.ebpf4j.internal.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.internal.ffi.ErrnoMode;
import io.ebpf4j.kernel.BpfException;
import org.junit.jupiter.api.Test;

class LibBpfTest {

    @Test
    void loadsTheSystemLibbpfAndReadsItsVersion() {
        LibBpf lib = LibBpf.get();
        assertTrue(lib.version().atLeast(1, 0), "version " + lib.version());
        assertTrue(lib.has("bpf_object__open_mem"));
        assertFalse(lib.has("no_such_symbol_in_libbpf"));
    }

    /** A C signature to bind in the tests below. */
    public interface IntOfInt {
        int call(int x);
    }

    @Test
    void aMissingSymbolGivesABindingThatThrowsACleanException() {
        IntOfInt f = Symbols.bind("no_such_symbol_in_libbpf", IntOfInt.class, ErrnoMode.RETURNED);
        BpfException e = assertThrows(BpfException.class, () -> f.call(1));
        assertTrue(e.getMessage().contains("no_such_symbol_in_libbpf"), e.getMessage());
    }

    @Test
    void patchLevelComesFromTheVersionedFileName() {
        assertEquals(-1, LibBpf.patchFromFileName("/nonexistent/libbpf.so.1"));
    }
}

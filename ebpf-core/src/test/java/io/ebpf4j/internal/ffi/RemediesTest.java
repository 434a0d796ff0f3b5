package io.ebpf4j.internal.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemediesTest {

    @Test
    void enoentIsTracefsWhenAttachingATracingProgramAndBpffsWhenPinning() {
        int enoent = Errno.ENOENT.number();
        assertTrue(Remedies.forErrno(OpKind.TRACING_ATTACH, enoent).startsWith(Remedies.TRACEFS));
        assertTrue(Remedies.forErrno(OpKind.PIN, enoent).startsWith(Remedies.BPFFS));
        for (OpKind kind : new OpKind[] {OpKind.MAP, OpKind.LOAD, OpKind.NETWORK_ATTACH, OpKind.SYSTEM}) {
            assertNull(Remedies.forErrno(kind, enoent), kind.name());
        }
    }

    @Test
    void theKindNotTheOperationsWordingChoosesTheRemedy() {
        // a map whose name says "pin" or "tracepoint" once drew the bpffs or tracefs remedy
        BpfException e = Check.error(OpKind.MAP, "bpf_map_lookup_elem(map 'pinned_tracepoint_hits')",
                Errno.ENOENT.number());
        assertEquals(Optional.empty(), e.remedy());
    }

    @Test
    void errnoOnlyRemediesHoldForEveryKindAndEitherSign() {
        for (OpKind kind : OpKind.values()) {
            assertEquals(Remedies.PRIVILEGE, Remedies.forErrno(kind, Errno.EPERM.number()));
            assertEquals(Remedies.PRIVILEGE, Remedies.forErrno(kind, -Errno.EACCES.number()));
            assertTrue(Remedies.forErrno(kind, Errno.ENOTSUPP.number()).contains("does not support"));
            assertNull(Remedies.forErrno(kind, 12345));
        }
    }

    @Test
    void checkPassesResultsAndThrowsWithTheRemedy() {
        assertEquals(7, Check.check(7, OpKind.MAP, "creating a map"));
        BpfException e = assertThrows(BpfException.class,
                () -> Check.check(-Errno.ENOENT.number(), OpKind.PIN, "bpf_obj_get(/sys/fs/bpf/x)"));
        assertEquals(Errno.ENOENT.number(), e.errnoNumber());
        assertTrue(e.remedy().orElseThrow().startsWith(Remedies.BPFFS), e.getMessage());
        assertTrue(e.getMessage().contains("bpf_obj_get(/sys/fs/bpf/x)"), e.getMessage());
    }
}

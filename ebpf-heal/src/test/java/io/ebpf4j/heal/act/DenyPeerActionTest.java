package io.ebpf4j.heal.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.Action;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.RequiresKernel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DenyPeerAction on an unattached mesh filter: what it says about itself, an undo before any apply, a
 * peer denied before the action (the undo keeps it denied), and a filter that fails under it.
 */
@RequiresKernel(programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY})
class DenyPeerActionTest {
    private static final SpiffeId PEER = SpiffeId.parse("spiffe://heal.test/node/b");

    @Test
    void describesItselfAndAnUndoBeforeApplyChangesNothing() {
        try (MeshFilter filter = MeshFilter.builder().build()) {
            DenyPeerAction deny = new DenyPeerAction(filter, PEER);
            assertEquals("deny-peer", deny.kind());
            assertEquals("deny spiffe://heal.test/node/b in the mesh filter", deny.describe());
            assertEquals("DenyPeerAction[deny spiffe://heal.test/node/b in the mesh filter]", deny.toString());
            ActionOutcome undo = deny.undo();
            assertTrue(undo.ok() && !undo.changed(), undo.toString());
            assertEquals("not applied", undo.detail());
        }
    }

    @Test
    void aPeerDeniedBeforeStaysDeniedAfterTheUndo() {
        try (MeshFilter filter = MeshFilter.builder().build()) {
            filter.identities().register(PEER, "10.20.0.0/16");
            filter.deny(PEER);
            DenyPeerAction deny = new DenyPeerAction(filter, PEER);
            ActionOutcome applied = deny.apply();
            assertTrue(applied.ok() && !applied.changed(), applied.toString());
            assertEquals(PEER + " already denied", applied.detail());
            assertEquals("not applied", deny.undo().detail(), "nothing of its own to undo");
            assertEquals(Optional.of(Action.DENY), filter.identities().policy(PEER));

            filter.clearPolicy(PEER);
            assertEquals("denied " + PEER + " (was default)", deny.apply().detail());
            assertEquals(PEER + " back to the default action", deny.undo().detail());
            assertEquals(Optional.empty(), filter.identities().policy(PEER));
        }
    }

    @Test
    void aFilterThatFailsGivesFailedOutcomesNotExceptions() {
        MeshFilter filter = MeshFilter.builder().build();
        filter.identities().register(PEER, "10.20.0.0/16");
        DenyPeerAction deny = new DenyPeerAction(filter, PEER);
        DenyPeerAction other = new DenyPeerAction(filter, PEER);
        assertTrue(deny.apply().changed());
        filter.close(); // its maps are gone: every policy write fails
        ActionOutcome undo = deny.undo();
        assertFalse(undo.ok(), undo.toString());
        assertTrue(undo.detail().startsWith("restoring the policy of " + PEER + ": "), undo.detail());
        ActionOutcome apply = other.apply();
        assertFalse(apply.ok(), apply.toString());
        assertTrue(apply.detail().startsWith("denying " + PEER + ": "), apply.detail());
    }
}

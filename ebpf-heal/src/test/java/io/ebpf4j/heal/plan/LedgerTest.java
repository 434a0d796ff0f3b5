package io.ebpf4j.heal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A retracted toggle (its action failed) no longer counts as a toggle but still paces the next attempt. */
class LedgerTest {
    @Test
    void aRetractedToggleCountsForCooldownOnly() {
        Ledger l = new Ledger(60_000_000_000L);
        l.record("link:0-1", 1_000);
        l.record("link:0-1", 2_000);
        assertEquals(2, l.toggles("link:0-1", 0));
        l.retract("link:0-1", 2_000);
        assertEquals(1, l.toggles("link:0-1", 0), "the failed undo is no toggle");
        assertEquals(1, l.toggles(0), "nor for the rate limit");
        assertEquals(OptionalLong.of(2_000), l.lastToggle("link:0-1"), "but the cooldown counts from it");
    }
}

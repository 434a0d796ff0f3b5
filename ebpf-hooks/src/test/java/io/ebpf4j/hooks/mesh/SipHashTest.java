package io.ebpf4j.hooks.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe MAC's Java half against the SipHash reference vectors, and the key types' checks. */
class SipHashTest {
    /** Key 00 01 .. 0f, message 00 01 .. (n-1): the reference implementation's table, entries 0, 15, 32. */
    @Test
    void referenceVectors() {
        byte[] key = new byte[16];
        byte[] msg = new byte[64];
        for (int i = 0; i < 64; i++) {
            msg[i] = (byte) i;
            if (i < 16) {
                key[i] = (byte) i;
            }
        }
        long[] k = SipHash.key(key);
        assertEquals(0x726fdb47dd0e0e31L, SipHash.hash(k[0], k[1], msg, 0, 0));
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(k[0], k[1], msg, 0, 15));
        assertEquals(0x7127512f72f27cceL, SipHash.hash(k[0], k[1], msg, 0, 32), "the 32-byte case the probe MAC uses");
    }

    @Test
    void signedPayloadsVerifyOnlyUnderTheirKeyAndUnchanged() {
        ProbeKey k1 = ProbeKey.random(1);
        ProbeKey k2 = ProbeKey.random(2);
        ProbePayload p = ProbePayload.request(7, 0x1234, 3, 99_000L).signed(k1);
        assertEquals(1, p.keyId());
        assertTrue(p.verifies(k1));
        assertFalse(p.verifies(k2));
        assertFalse(p.verifies(new ProbeKey(1, k2.secret())), "same id, other secret");
        assertEquals(p, ProbePayload.decode(p.encode(), 0).orElseThrow(), "the MAC survives the wire format");
        ProbePayload reply = new ProbePayload(ProbePayload.REPLY, p.keyId(), p.seq(), p.senderId(), p.targetId(),
                p.tSendNs(), p.mac());
        assertFalse(reply.verifies(k1), "the kind is covered: a request's MAC does not make a reply");
        ProbePayload later = new ProbePayload(p.kind(), p.keyId(), p.seq() + 1, p.senderId(), p.targetId(), p.tSendNs(),
                p.mac());
        assertFalse(later.verifies(k1), "the sequence number is covered");
        assertNotEquals(0, p.mac());
    }

    @Test
    void keysAreCheckedAndNeverPrinted() {
        ProbeKey k = ProbeKey.parse("7:000102030405060708090a0b0c0d0e0f");
        assertEquals(7, k.id());
        assertEquals(15, k.secret()[15]);
        assertEquals("ProbeKey[id=7]", k.toString());
        String bad = assertThrows(IllegalArgumentException.class, () -> ProbeKey.parse("7:zz0102030405060708090a0b0c0d0e0f"))
                .getMessage();
        assertFalse(bad.contains("0102"), "the secret is not echoed: " + bad);
        assertThrows(IllegalArgumentException.class, () -> ProbeKey.parse("300:000102030405060708090a0b0c0d0e0f"));
        assertThrows(IllegalArgumentException.class, () -> ProbeKey.parse("1:0001"));
        assertThrows(IllegalArgumentException.class, () -> ProbeKey.parse("0001"));
        assertThrows(IllegalArgumentException.class, () -> new ProbeKeys(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ProbeKeys.of(ProbeKey.random(1), ProbeKey.random(1)),
                "two keys with one id");
        assertThrows(IllegalArgumentException.class, () -> new ProbeKeys(List.of(ProbeKey.random(1), ProbeKey.random(2),
                ProbeKey.random(3))));
        assertThrows(IllegalArgumentException.class, () -> new AnswerLimit(10, 0));
    }
}

package io.ebpf4j.agent.gossip;

import static io.ebpf4j.agent.gossip.Views.edge;
import static io.ebpf4j.agent.gossip.Views.features;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.graph.EdgeFeatures;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicationCodecTest {
    private static final Publication P = new Publication(3, "spiffe://mesh.example/node-3", 1_700_000_000_123L, 41,
            Optional.of(features(3, true)), List.of(edge(3, 1, true, 4.5), edge(3, 2, false, 0),
                    new EdgeFeatures(3, 4, Double.NaN, Double.NaN, 0, 0, 0, 0, false)));

    @Test
    void roundTripsEveryField() throws IOException {
        assertEquals(P, PublicationCodec.decode(PublicationCodec.encode(P)));
        Publication bare = new Publication(0, "n", 1, 0, Optional.empty(), List.of());
        assertEquals(bare, PublicationCodec.decode(PublicationCodec.encode(bare)));
    }

    @Test
    void isCompact() {
        int bytes = PublicationCodec.encode(P).length;
        assertEquals(3 + 4 + 2 + P.name().length() + 8 + 8 + 1 + (2 + features(3, true).peer().length() + 4 * 8 + 1)
                + 2 + 3 * 53, bytes);
    }

    @Test
    void rejectsAnotherVersionMagicTruncationAndTrailingBytes() {
        byte[] ok = PublicationCodec.encode(P);
        byte[] v2 = ok.clone();
        v2[2] = 2;
        assertTrue(assertThrows(IOException.class, () -> PublicationCodec.decode(v2)).getMessage().contains("version 2"));
        byte[] magic = ok.clone();
        magic[0] = 0;
        assertTrue(assertThrows(IOException.class, () -> PublicationCodec.decode(magic)).getMessage().contains("magic"));
        assertTrue(assertThrows(IOException.class, () -> PublicationCodec.decode(Arrays.copyOf(ok, ok.length - 1)))
                .getMessage().contains("truncated"));
        assertTrue(assertThrows(IOException.class, () -> PublicationCodec.decode(Arrays.copyOf(ok, ok.length + 1)))
                .getMessage().contains("after the record"));
    }

    @Test
    void aPublicationHoldsItsOwnNodesRecordsOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> new Publication(1, "n", 0, 0, Optional.empty(), List.of(edge(2, 1, false, 0))));
        assertThrows(IllegalArgumentException.class,
                () -> new Publication(1, "n", 0, 0, Optional.of(features(2, false)), List.of()));
    }
}

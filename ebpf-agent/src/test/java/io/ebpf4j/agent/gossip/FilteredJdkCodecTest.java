package io.ebpf4j.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scalecube.cluster.transport.api.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilteredJdkCodecTest {
    private final FilteredJdkCodec codec = new FilteredJdkCodec();

    private Message roundTrip(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.serialize(m, out);
        return codec.deserialize(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void readsTheViewsBytesAndHeaders() throws Exception {
        Message back = roundTrip(Message.withData(new byte[] {1, 2, 3}).qualifier("q").correlationId("c").build());
        assertArrayEquals(new byte[] {1, 2, 3}, back.data());
        assertEquals("q", back.qualifier());
        assertEquals("c", back.correlationId());
    }

    @Test
    void refusesAnyOtherClassFromTheNetwork() {
        List<Object> payload = new ArrayList<>(List.of("x"));
        assertThrows(InvalidClassException.class, () -> roundTrip(Message.withData(payload).build()));
        assertThrows(InvalidClassException.class, () -> roundTrip(Message.withData(new java.util.Date()).build()));
    }
}

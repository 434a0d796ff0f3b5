package io.ebpf4j.heal.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.heal.act.ActionOutcome;
import io.ebpf4j.heal.graph.Diagnosis;
import io.ebpf4j.heal.plan.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionJournalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesParseBackWithTypedFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Diagnosis link = Samples.lossyLink(0, 1);
        Decision apply = Samples.apply(0, link, 250_000_000L, 200_000_000L);
        Decision blocked = Samples.blocked(2, new Diagnosis.NodeFault(1, List.of(), 3), 300_000_000L, "last-path");
        Evidence ev = new Evidence("probe_loss", "cusum", 9.5, 5, 150_000_000L).withDecidedBy("rules+graphsage");
        try (DecisionJournal j = DecisionJournal.open(file)) {
            j.write(new JournalEntry(apply, ev, new ActionOutcome(true, true, "route replaced", 1), Instant.EPOCH));
            // flushed per line: readable before close
            assertEquals(1, Files.readAllLines(file, StandardCharsets.UTF_8).size());
            j.write(JournalEntry.of(blocked, null));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());

        JsonNode a = JSON.readTree(lines.get(0));
        assertTrue(a.get("t").isIntegralNumber());
        assertEquals(250_000_000L, a.get("t").asLong());
        assertEquals("1970-01-01T00:00:00Z", a.get("wall").asText());
        assertEquals(0, a.get("node").asInt());
        assertEquals("link:0-1", a.get("subject").asText());
        assertEquals("probe_loss", a.get("signal").asText());
        assertEquals("cusum", a.get("detector").asText());
        assertEquals(9.5, a.get("score").asDouble());
        assertEquals(5.0, a.get("threshold").asDouble());
        assertEquals("LinkFault", a.get("diagnosis").asText());
        assertEquals("APPLY", a.get("decision").asText());
        assertTrue(a.get("blocked").isNull());
        assertEquals("reroute", a.get("action").asText());
        assertEquals("reroute around link:0-1", a.get("description").asText());
        assertTrue(a.get("guard").isNull());
        assertTrue(a.get("outcome").get("ok").isBoolean());
        assertTrue(a.get("outcome").get("changed").asBoolean());
        assertEquals("route replaced", a.get("outcome").get("detail").asText());
        assertEquals(50.0, a.get("time_to_detect_ms").asDouble());
        assertEquals(50.0, a.get("time_to_act_ms").asDouble());
        assertEquals("rules+graphsage", a.get("decided_by").asText());

        JsonNode b = JSON.readTree(lines.get(1));
        assertEquals(2, b.get("node").asInt());
        assertEquals("BLOCKED", b.get("decision").asText());
        assertEquals("APPLY", b.get("blocked").asText());
        assertEquals("last-path", b.get("guard").asText());
        assertEquals("because", b.get("reason").asText());
        assertEquals("NodeFault", b.get("diagnosis").asText());
        assertEquals("probe_rtt", b.get("signal").asText(), "guessed from a diagnosis without loss evidence");
        assertTrue(b.get("action").isNull());
        assertTrue(b.get("outcome").isNull());
        assertTrue(b.get("threshold").isNull(), "NaN is written as null");
        assertTrue(b.get("time_to_detect_ms").isNull());
        assertEquals(0.0, b.get("time_to_act_ms").asDouble());
        assertTrue(b.get("decided_by").isNull(), "unknown");
    }

    @Test
    void detectorEventsAreLinesWithAnEventKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (DecisionJournal j = DecisionJournal.open(file)) {
            j.write(new DetectorEvent(5, Instant.EPOCH, "graphsage", DetectorEvent.Kind.FALLBACK, "timeout after 20 ms", 0));
            j.write(new DetectorEvent(9, Instant.EPOCH, "graphsage", DetectorEvent.Kind.RECOVERED, "timeout after 20 ms", 4));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode f = JSON.readTree(lines.get(0));
        assertEquals("detector_fallback", f.get("event").asText());
        assertEquals("graphsage", f.get("detector").asText());
        assertEquals("timeout after 20 ms", f.get("reason").asText());
        assertEquals(5, f.get("t").asLong());
        JsonNode r = JSON.readTree(lines.get(1));
        assertEquals("detector_recovered", r.get("event").asText());
        assertEquals(4, r.get("periods").asInt());
    }

    @Test
    void closeIsIdempotentAndWritingAfterCloseFails(@TempDir Path dir) {
        DecisionJournal j = DecisionJournal.open(dir.resolve("j.jsonl"));
        j.close();
        j.close();
        Decision d = Samples.apply(0, Samples.lossyLink(0, 1), 1, 1);
        assertThrows(IllegalStateException.class, () -> j.write(JournalEntry.of(d, null)));
    }

    @Test
    void opensForAppend(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("j.jsonl");
        Decision d = Samples.apply(0, Samples.lossyLink(0, 1), 1, 1);
        for (int run = 0; run < 2; run++) {
            try (DecisionJournal j = DecisionJournal.open(file)) {
                j.write(JournalEntry.of(d, ActionOutcome.unchanged("already")));
            }
        }
        assertEquals(2, Files.readAllLines(file).size());
    }
}

package io.ebpf4j.heal.experiment.score;

import static io.ebpf4j.heal.experiment.score.Logs.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventScoreTest {
    private final EventScore score = new EventScore();
    private final FaultWindow link = new FaultWindow("link:0-1", 10 * S, 20 * S);
    private final FaultWindow service = new FaultWindow("service:3", 40 * S, 50 * S);

    @Test
    void detectionsExactlyOnTheWindowEdgesCountAndOneNanosecondOutsideDoNot() {
        var inside = score.score(List.of(link, service), List.of(new Detection(10 * S, "link:0-1", 0),
                new Detection(51 * S, "service:3", 2)));
        assertEquals(2, inside.truePositives());
        assertEquals(0, inside.falsePositives());
        assertEquals(1.0, inside.f1());
        assertEquals(OptionalLong.of(0), inside.perFault().get(0).ttdNanos());
        assertEquals(OptionalLong.of(11 * S), inside.perFault().get(1).ttdNanos());

        var outside = score.score(List.of(link, service), List.of(new Detection(10 * S - 1, "link:0-1", 0),
                new Detection(51 * S + 1, "service:3", 2)));
        assertEquals(0, outside.truePositives());
        assertEquals(2, outside.falsePositives());
        assertEquals(0.0, outside.precision());
        assertEquals(0.0, outside.recall());
        assertEquals(0.0, outside.f1());
    }

    @Test
    void duplicateDetectionsFromManyNodesCountOnce() {
        List<Detection> ds = new ArrayList<>();
        for (int node = 0; node < 5; node++) {
            ds.add(new Detection(12 * S + node, "link:0-1", node));
            ds.add(new Detection(15 * S + node, "link:0-1", node));
        }
        var r = score.score(List.of(link, service), ds);
        assertEquals(1, r.truePositives());
        assertEquals(0, r.falsePositives());
        assertEquals(1.0, r.precision());
        assertEquals(0.5, r.recall());
        assertEquals(2.0 / 3, r.f1(), 1e-12);
        assertEquals(OptionalLong.of(2 * S), r.perFault().get(0).ttdNanos());
        assertFalse(r.perFault().get(1).detected());
    }

    @Test
    void aWrongSubjectInsideAWindowIsAFalsePositiveAndFalsePositivesMergeIntoEpisodes() {
        var r = score.score(List.of(link), List.of(new Detection(11 * S, "node:1", 1), new Detection(11 * S + 1, "node:1", 2),
                new Detection(11_900_000_000L, "node:1", 3), new Detection(12_500_000_000L, "node:1", 4),
                new Detection(13 * S, "link:0-1", 0)));
        assertEquals(1, r.truePositives());
        assertEquals(2, r.falsePositives(), "episodes from 11 s and from 12.5 s");
        assertEquals(4, r.fpDetections().size());
        assertEquals(1.0 / 3, r.precision(), 1e-12);
        var unmerged = new EventScore(Duration.ofSeconds(1), Duration.ZERO).score(List.of(link), r.fpDetections());
        assertEquals(4, unmerged.falsePositives());
    }

    @Test
    void noFaultsAndNoDetections() {
        var nothing = score.score(List.of(), List.of());
        assertEquals(1.0, nothing.precision());
        assertEquals(1.0, nothing.recall());
        assertEquals(1.0, nothing.f1());
        var missed = score.score(List.of(link), List.of());
        assertEquals(1.0, missed.precision());
        assertEquals(0.0, missed.recall());
        assertEquals(0.0, missed.f1());
        assertTrue(missed.perFault().get(0).ttdNanos().isEmpty());
        var onlyFalse = score.score(List.of(), List.of(new Detection(S, "node:2", 0)));
        assertEquals(0.0, onlyFalse.precision());
        assertEquals(1, onlyFalse.falsePositives());
    }

    @Test
    void cleanSoakFalsePositivesPerHour() {
        List<Detection> ds = List.of(new Detection(S, "node:2", 0), new Detection(S + 5, "node:2", 1),
                new Detection(600 * S, "link:1-2", 1));
        assertEquals(4.0, score.fpPerHour(ds, Duration.ofMinutes(30)), 1e-9);
        assertEquals(0.0, score.fpPerHour(List.of(), Duration.ofMinutes(30)));
    }

    @Property
    void scoresAreBoundedAndDuplicatesOfTruePositivesChangeNothing(
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 60) Integer> seconds,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 3) Integer> subjects) {
        String[] names = {"link:0-1", "service:3", "node:1", "link:2-3"};
        List<Detection> ds = new ArrayList<>();
        for (int i = 0; i < Math.min(seconds.size(), subjects.size()); i++) {
            ds.add(new Detection(seconds.get(i) * S, names[subjects.get(i)], i % 5));
        }
        var r = score.score(List.of(link, service), ds);
        assertTrue(r.precision() >= 0 && r.precision() <= 1 && r.recall() >= 0 && r.recall() <= 1 && r.f1() <= 1);
        assertTrue(r.truePositives() <= 2 && r.falsePositives() <= ds.size());
        List<Detection> more = new ArrayList<>(ds);
        for (var row : r.perFault()) {
            row.firstDetectionNanos().ifPresent(t -> more.add(new Detection(t, row.fault().subject(), 4)));
        }
        assertEquals(r.truePositives(), score.score(List.of(link, service), more).truePositives());
        assertEquals(r.falsePositives(), score.score(List.of(link, service), more).falsePositives());
    }
}

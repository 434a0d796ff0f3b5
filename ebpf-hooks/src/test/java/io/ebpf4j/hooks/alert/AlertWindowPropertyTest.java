package io.ebpf4j.hooks.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Window and hysteresis logic against brute-force models, synthetic inputs. */
class AlertWindowPropertyTest {

    @Property
    void hysteresisReportsExactlyTheEdges(@ForAll @Size(max = 200) List<Boolean> conditions) {
        Hysteresis h = new Hysteresis();
        boolean prev = false;
        for (boolean c : conditions) {
            Alert.Phase p = h.update("s", c);
            Alert.Phase expected = c == prev ? null : c ? Alert.Phase.FIRING : Alert.Phase.RESOLVED;
            assertEquals(expected, p);
            assertEquals(c, h.isActive("s"));
            prev = c;
        }
    }

    @Property
    void eventWindowCountsTheEventsOfTheLastWindow(@ForAll @Size(max = 100) List<@IntRange(min = 0, max = 50) Integer> gaps,
            @ForAll @IntRange(min = 1, max = 200) int window) {
        EventWindow w = new EventWindow(window);
        List<Long> times = new ArrayList<>();
        long t = 0;
        for (int gap : gaps) {
            t += gap;
            times.add(t);
            long now = t;
            long expected = times.stream().filter(x -> x > now - window).count();
            assertEquals(expected, w.add("s", t));
        }
        long later = t + window / 2;
        assertEquals(times.stream().filter(x -> x > later - window).count(), w.count("s", later));
    }

    @Property
    void snapshotBaselineIsTheNewestSampleAWindowAgo(@ForAll @Size(min = 1, max = 100) List<@IntRange(min = 1, max = 50) Integer> gaps,
            @ForAll @IntRange(min = 1, max = 300) int window) {
        SnapshotWindow<Long> w = new SnapshotWindow<>(window);
        List<Long> times = new ArrayList<>();
        long t = 0;
        for (int gap : gaps) {
            t += gap;
            times.add(t);
            long now = t;
            long expected = times.stream().filter(x -> x <= now - window && x < now).reduce((a, b) -> b)
                    .orElse(times.get(0));
            assertEquals(expected, w.add(t, t), "t=" + t + " window=" + window + " samples " + times);
        }
    }
}

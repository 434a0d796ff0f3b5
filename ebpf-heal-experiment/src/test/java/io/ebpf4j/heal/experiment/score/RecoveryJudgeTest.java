package io.ebpf4j.heal.experiment.score;

import static io.ebpf4j.heal.experiment.score.Logs.MS;
import static io.ebpf4j.heal.experiment.score.Logs.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.experiment.traffic.Outcome;
import io.ebpf4j.heal.experiment.traffic.Proto;
import io.ebpf4j.heal.experiment.traffic.TrafficLog;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RecoveryJudgeTest {
    private final RecoveryJudge judge = new RecoveryJudge();

    @Test
    void restorationStartsAtTheFirstWindowWithEnoughSuccessfulRequestsOfEveryAffectedFlow() {
        // flow a fails from 10 s to 12 s; flow b is untouched
        TrafficLog log = Logs.paced(30 * S, (f, p, t) -> f.equals("a") && t >= 10 * S && t < 12 * S ? Outcome.TIMEOUT : Outcome.OK,
                "a", "b");
        Recovery r = judge.judge(log, 10 * S, 20 * S, List.of("a", "b"));
        assertTrue(r.impaired());
        // [11.99 s, 12.49 s) holds one failed UDP request of 50 (98 %) and five good TCP exchanges
        assertEquals(OptionalLong.of(11_990 * MS), r.restoredAtNanos());
        assertEquals(OptionalLong.of(1_990 * MS), r.mttrNanos());
        Recovery onlyB = judge.judge(log, 10 * S, 20 * S, List.of("b"));
        assertFalse(onlyB.impaired());
        assertEquals(OptionalLong.of(0), onlyB.mttrNanos(), "an unimpaired fault recovers at once");
    }

    @Test
    void oneFailedTcpExchangeInAWindowIsTooMany() {
        TrafficLog log = Logs.paced(10 * S, (f, p, t) -> p == Proto.TCP && t == 3 * S ? Outcome.REFUSED : Outcome.OK, "a");
        Recovery r = judge.judge(log, 2_600 * MS, 9 * S, List.of("a"));
        assertTrue(r.impaired());
        assertEquals(OptionalLong.of(3_010 * MS), r.restoredAtNanos(), "the first window without the 3 s exchange");
    }

    @Test
    void aFaultThatNeverHealsBeforeItClearsIsUnrecovered() {
        TrafficLog log = Logs.paced(30 * S, (f, p, t) -> t >= 10 * S && t < 20 * S ? Outcome.REFUSED : Outcome.OK, "a");
        Recovery r = judge.judge(log, 10 * S, 20 * S, List.of("a"));
        assertTrue(r.impaired());
        assertFalse(r.restored());
        assertTrue(r.mttrNanos().isEmpty());
        // the window must end by the clearing: healthy traffic after it does not count
        assertFalse(judge.judge(log, 10 * S, 20_400 * MS, List.of("a")).restored());
        assertTrue(judge.judge(log, 10 * S, 20_500 * MS, List.of("a")).restored());
    }

    @Test
    void aFlowThatSendsNothingIsNotRestored() {
        TrafficLog log = Logs.paced(30 * S, (f, p, t) -> Outcome.OK, "a");
        assertFalse(judge.judge(log, 10 * S, 20 * S, List.of("a", "missing")).restored());
        TrafficLog silent = TrafficLog.of(log.records().filter(r -> r.sendMonoNanos() < 10 * S || r.sendMonoNanos() >= 15 * S).toList());
        Recovery r = judge.judge(silent, 10 * S, 20 * S, List.of("a"));
        assertFalse(r.impaired(), "no failure was seen");
        // restored once it sends again: [14.9 s, 15.4 s) holds 40 UDP and 4 TCP requests, 80 % of the nominal volume
        assertEquals(OptionalLong.of(14_900 * MS), r.restoredAtNanos(), "restored only once it sends again");
        TrafficLog pending = Logs.paced(30 * S, (f, p, t) -> t >= 10 * S && t < 15 * S ? Outcome.PENDING : Outcome.OK, "a");
        assertEquals(OptionalLong.of(14_900 * MS), judge.judge(pending, 10 * S, 20 * S, List.of("a")).restoredAtNanos(),
                "pending requests are neither sent nor failed");
    }

    @Test
    void aFaultThatNeverClearsIsJudgedToTheEndOfTheLog() {
        TrafficLog log = Logs.paced(30 * S, (f, p, t) -> t >= 10 * S && t < 25 * S ? Outcome.TIMEOUT : Outcome.OK, "a");
        // [24.99 s, 25.49 s): one failed UDP request of 50, five good TCP exchanges
        assertEquals(OptionalLong.of(24_990 * MS), judge.judge(log, 10 * S, Long.MAX_VALUE, List.of("a")).restoredAtNanos());
        assertFalse(judge.judge(Logs.paced(25_400 * MS, (f, p, t) -> t >= 10 * S && t < 25 * S ? Outcome.TIMEOUT : Outcome.OK, "a"),
                10 * S, Long.MAX_VALUE, List.of("a")).restored(), "the log ends before a whole healthy window");
        assertThrows(IllegalArgumentException.class, () -> judge.judge(log, 10 * S, 5 * S, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> judge.judge(log, 10 * S, 20 * S, List.of()));
    }

    @Property
    void restorationFollowsTheEndOfTheOutage(@ForAll @LongRange(min = 0, max = 5_000) long outageMs) {
        long inj = 10 * S;
        long end = inj + outageMs * MS;
        TrafficLog log = Logs.paced(30 * S, (f, p, t) -> t >= inj && t < end ? Outcome.TIMEOUT : Outcome.OK, "a", "b");
        Recovery r = judge.judge(log, inj, 25 * S, List.of("a", "b"));
        assertEquals(outageMs > 0, r.impaired());
        long at = r.restoredAtNanos().orElseThrow();
        assertTrue(at >= inj && at >= end - 500 * MS && at <= Math.max(inj, end) + 10 * MS, "restored at " + at + ", outage ends " + end);
    }
}

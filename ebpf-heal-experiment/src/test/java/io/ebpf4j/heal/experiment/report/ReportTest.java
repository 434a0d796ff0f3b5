package io.ebpf4j.heal.experiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.score.Detection;
import io.ebpf4j.heal.experiment.score.EventScore;
import io.ebpf4j.heal.experiment.score.FaultWindow;
import io.ebpf4j.heal.experiment.score.MttrStats;
import io.ebpf4j.heal.experiment.score.Recovery;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportTest {
    private static final long MS = 1_000_000L;
    private static final long START = 5_000_000 * MS; // an arbitrary monotonic run start

    /** A run with a recovered link fault (detected, acted on) and an unrecovered service kill (missed). */
    static ExperimentResult sample() {
        Fault loss = new Fault.LinkLoss(0, 1, 0.3);
        Fault kill = new Fault.ServiceKill(3);
        Recovery r1 = new Recovery(START + 10_000 * MS, START + 40_000 * MS, true, OptionalLong.of(START + 11_500 * MS));
        Recovery r2 = new Recovery(START + 60_000 * MS, START + 90_000 * MS, true, OptionalLong.empty());
        List<FaultWindow> windows = List.of(new FaultWindow(loss.subject(), r1.injectedNanos(), r1.clearedNanos()),
                new FaultWindow(kill.subject(), r2.injectedNanos(), r2.clearedNanos()));
        List<Detection> ds = List.of(new Detection(START + 10_300 * MS, "link:0-1", 0), new Detection(START + 10_320 * MS, "link:0-1", 1),
                new Detection(START + 70_000 * MS, "node:3 <&>", 2));
        EventScore.Result score = new EventScore().score(windows, ds);
        MttrStats mttr = MttrStats.ofRecoveries(List.of(r1, r2));
        return new ExperimentResult(
                new ExperimentResult.Run("2026-11-25T10:00:00Z", 42, 100_000, "Linux 6.18 x86_64, 2 cpus", "self-heal-demo --faults loss"),
                List.of(ExperimentResult.FaultRow.of(loss, START, r1, score.perFault().get(0), OptionalLong.of(START + 10_400 * MS)),
                        ExperimentResult.FaultRow.of(kill, START, r2, score.perFault().get(1), OptionalLong.empty())),
                List.of(new ExperimentResult.Mark(ExperimentResult.MarkType.DETECTION, "link:0-1", 10_300, "node 0"),
                        new ExperimentResult.Mark(ExperimentResult.MarkType.ACTION, "link:0-1", 10_400, "reroute V1 via 2"),
                        new ExperimentResult.Mark(ExperimentResult.MarkType.DETECTION, "node:3 <&>", 70_000, "\"odd\" 'name'")),
                ExperimentResult.Summary.of(mttr, score, 3_600_000, 1.0));
    }

    @Test
    void rowsAndSummaryComeFromTheScores() {
        ExperimentResult r = sample();
        ExperimentResult.FaultRow loss = r.faults().get(0);
        assertEquals("loss", loss.kind());
        assertEquals("30%", loss.severity());
        assertEquals(10_000, loss.injectedMs());
        assertEquals(10_300L, loss.detectedMs());
        assertEquals(300L, loss.ttdMs());
        assertEquals(10_400L, loss.actionMs());
        assertEquals(1_500L, loss.mttrMs());
        ExperimentResult.FaultRow kill = r.faults().get(1);
        assertNull(kill.detectedMs());
        assertNull(kill.restoredMs());
        assertNull(kill.mttrMs());
        assertEquals(1_500L, r.summary().mttrP95Ms());
        assertEquals(1, r.summary().recovered());
        assertEquals(1, r.summary().unrecovered());
        assertEquals(1, r.summary().falsePositives());
        assertEquals(0.5, r.summary().precision());
        assertEquals(0.5, r.summary().recall());
    }

    @Test
    void jsonRoundTrips() {
        ExperimentResult r = sample();
        String json = ResultJson.write(r);
        assertTrue(json.contains("\n  \"run\""), "pretty printed:\n" + json);
        assertEquals(r, ResultJson.read(json));
        assertThrows(IllegalArgumentException.class, () -> ResultJson.read("{\"run\": 3}"));
    }

    @Test
    void markdownHasTheSummaryAndFaultTables() {
        String md = ResultMarkdown.render(sample());
        assertTrue(md.contains("| MTTR p95 (ms) | 1500 |"), md);
        assertTrue(md.contains("| detection F1 | 0.500 |"), md);
        assertTrue(md.contains("| clean-soak FP/h | 1.00 |"), md);
        assertTrue(md.contains("| recovered / unrecovered | 1 / 1 |"), md);
        assertTrue(md.contains("| 1 | loss | link:0-1 | 30% | 10.000 | 40.000 | 10.300 | 300 | 10.400 | 11.500 | 1500 | yes |"), md);
        assertTrue(md.contains("| 2 | service-kill | service:3 | killed | 60.000 | 90.000 | - | - | - | - | not restored | yes |"), md);
    }

    @Test
    void svgIsWellFormedWithALanePerSubject() throws Exception {
        String svg = TimelineSvg.render(sample());
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(2, doc.getElementsByTagName("polygon").getLength(), "one action and the legend's diamond");
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("link:0-1") && text.contains("service:3") && text.contains("node:3 <&>"), text);
    }

    @Property(tries = 50)
    void svgParsesForAnyTimes(@ForAll @LongRange(min = 0, max = 3_600_000) long injected,
            @ForAll @LongRange(min = 0, max = 3_600_000) long length, @ForAll String label) throws Exception {
        ExperimentResult base = sample();
        ExperimentResult r = new ExperimentResult(base.run(),
                List.of(new ExperimentResult.FaultRow("blackhole", "node:" + label, label, injected, injected + length, null, null,
                        null, injected + length / 2, length / 2, true)),
                List.of(new ExperimentResult.Mark(ExperimentResult.MarkType.RECOVERY, "node:" + label, injected + length, label)),
                base.summary());
        parse(TimelineSvg.render(r));
        assertEquals(r, ResultJson.read(ResultJson.write(r)));
    }

    @Test
    void tickStepsAreOneTwoFive() {
        assertEquals(1, TimelineSvg.niceStep(10));
        assertEquals(2, TimelineSvg.niceStep(20));
        assertEquals(5, TimelineSvg.niceStep(50));
        assertEquals(10_000, TimelineSvg.niceStep(100_000));
        assertEquals(500_000, TimelineSvg.niceStep(3_600_000));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.ebpf4j.heal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.heal.act.AlertAction;
import io.ebpf4j.heal.graph.Diagnosis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule.firstOf's order and isolation from its list; GuardSettings' checks and withers. */
class RulesAndSettingsTest {

    private static Rule onlyFor(Class<? extends Diagnosis> kind, String name) {
        return d -> kind.isInstance(d) ? Optional.of(new Remedy(name, List.of(), () -> new AlertAction(s -> { }, name)))
                : Optional.empty();
    }

    @Test
    void theFirstRuleWithARemedyWinsAndLaterChangesToTheListDoNotCount() {
        List<Rule> rules = new ArrayList<>(List.of(onlyFor(Diagnosis.LinkFault.class, "link"),
                onlyFor(Diagnosis.NodeFault.class, "node"), onlyFor(Diagnosis.NodeFault.class, "node-too")));
        Rule first = Rule.firstOf(rules);
        rules.clear();
        assertEquals("link", first.remedy(Fixtures.link(0, 1)).orElseThrow().rule());
        assertEquals("node", first.remedy(Fixtures.node(2)).orElseThrow().rule(), "the earlier of two matching rules");
        assertEquals(Optional.empty(), first.remedy(Fixtures.service(3)), "no rule for it");
        assertEquals(Optional.empty(), Rule.firstOf(List.of()).remedy(Fixtures.node(1)));
    }

    @Test
    void guardSettingsRefuseMissingOrNegativeDurationsAndChangeOneKnobAtATime() {
        GuardSettings d = GuardSettings.DEFAULTS;
        assertEquals("guard durations must be given and not negative",
                assertThrows(IllegalArgumentException.class, () -> d.withHold(Duration.ofMillis(-1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withCooldown(null));
        assertThrows(IllegalArgumentException.class, () -> d.withRate(3, Duration.ofSeconds(-5)));
        assertThrows(IllegalArgumentException.class, () -> d.withFlap(2, null));

        GuardSettings s = d.withHold(Duration.ofSeconds(3)).withCooldown(Duration.ZERO).withRate(5, Duration.ofSeconds(10))
                .withFlap(2, Duration.ofSeconds(30));
        assertEquals(new GuardSettings(Duration.ofSeconds(3), Duration.ZERO, 5, Duration.ofSeconds(10), 2,
                Duration.ofSeconds(30)), s);
        assertEquals(d.cooldown(), d.withHold(Duration.ofSeconds(9)).cooldown(), "the other knobs stay");
        assertEquals(d.flapToggles(), d.withRate(1, Duration.ofSeconds(1)).flapToggles());
    }
}

package io.ebpf4j.agent.config;

import static io.ebpf4j.agent.config.Configs.VALID;
import static io.ebpf4j.agent.config.Configs.assertProblem;
import static io.ebpf4j.agent.config.Configs.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.heal.learn.GraphModel;
import io.ebpf4j.heal.loop.DetectorMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healing.detector} and {@code healing.model}: read, checked (the model must load) and planned. */
class DetectorConfigTest {
    private static String healing(String body) {
        return VALID + "healing:\n" + body;
    }

    @Test
    void rulesByDefault() {
        AgentPlan p = AgentPlan.of(AgentConfig.parse(VALID, "agent.yaml"));
        assertEquals("rules", p.healing().detector().name());
        assertEquals(DetectorMode.RULES, p.healing().detector().mode());
        assertNull(p.healing().model());
    }

    @Test
    void eachNameMapsOntoTheLoopsModes() {
        for (String name : new String[] {"graphsage", "mlp", "combined"}) {
            AgentPlan p = AgentPlan.of(AgentConfig.parse(healing("  detector: " + name + "\n"), "agent.yaml"));
            assertEquals(name, p.healing().detector().name());
            assertEquals(name.equals("combined") ? DetectorMode.COMBINED : DetectorMode.LEARNED, p.healing().detector().mode());
            assertEquals(name.equals("mlp") ? GraphModel.Kind.MLP : GraphModel.Kind.GRAPHSAGE, p.healing().detector().kind());
        }
    }

    @Test
    void anUnknownDetectorNamesTheChoices() {
        assertProblem(only(healing("  detector: neural\n")), "healing.detector", 22,
                "unknown detector 'neural' (one of rules, graphsage, mlp, combined)");
    }

    @Test
    void aModelMustBeAnAbsolutePathToAModelOfTheRightKind(@TempDir Path dir) throws Exception {
        assertProblem(only(healing("  detector: graphsage\n  model: models/g.json\n")), "healing.model", 23,
                "expected an absolute path");
        assertProblem(only(healing("  model: /etc/ebpf4j/g.json\n")), "healing.model", 22, "not rules");
        Path notModel = dir.resolve("g.json");
        Files.writeString(notModel, "{\"format\": \"something-else\"}");
        assertProblem(only(healing("  detector: graphsage\n  model: " + notModel + "\n")), "healing.model", 23,
                "not a graph model");
    }
}

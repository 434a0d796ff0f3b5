package io.ebpf4j.agent.config;

import io.ebpf4j.heal.learn.DetectorChoice;
import io.ebpf4j.heal.plan.GuardSettings;
import io.ebpf4j.heal.plan.Guards;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code healing:}: the period, the actions, the guard settings (the guards' own checks), probes on, the
 * detector and its model (which must load).
 */
final class HealingChecks {
    private HealingChecks() {}

    static void check(AgentConfig config, Checker c) {
        HealingConfig h = config.healing();
        c.positive("healing.period", h.period(), "50ms");
        c.notEmptyIfWritten("healing.actions", h.actions(), "enabled: false turns healing off");
        GuardConfig g = h.guards();
        c.range("healing.guards.flapDamping.toggles", g.flapDamping().toggles(), 1, Integer.MAX_VALUE, "at least 1 toggle");
        c.positive("healing.guards.flapDamping.window", g.flapDamping().window(), "1m");
        c.range("healing.guards.rateLimit.max", g.rateLimit().max(), 1, Integer.MAX_VALUE, "at least 1 action");
        c.positive("healing.guards.rateLimit.window", g.rateLimit().window(), "1m");
        if (!c.reported("healing.guards")) {
            try {
                GuardSettings settings = g.toSettings();
                Guards.defaults(settings, () -> null); // the guards check their own settings when built
            } catch (IllegalArgumentException e) {
                c.fail("healing.guards", "the heal loop's guards refuse these settings: " + e.getMessage());
            }
        }
        detector(h, c);
        if (h.on() && !config.probes().enabled()) {
            c.fail(h.enabled() == null ? "healing" : "healing.enabled",
                    "healing reads the links through probes, and probes.port is 0 (probes off); set healing.enabled: false "
                            + "or a probe port");
        }
    }

    private static void detector(HealingConfig h, Checker c) {
        DetectorChoice choice;
        try {
            choice = DetectorChoice.parse(h.effectiveDetector());
        } catch (IllegalArgumentException e) {
            c.fail("healing.detector", e.getMessage());
            return;
        }
        Path model = h.model();
        if (model != null && (!model.isAbsolute() || !model.normalize().equals(model))) {
            c.fail("healing.model", "expected an absolute path without '.' or '..' like /etc/ebpf4j/graphsage.json, got '"
                    + model + "'");
            return;
        }
        if (model != null && choice.kind() == null) {
            c.fail("healing.model", "a model goes with detector graphsage, mlp or combined, not rules");
            return;
        }
        try {
            choice.newDetector(model); // the model file (or the shipped one) must load
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            c.fail(model == null ? "healing.detector" : "healing.model", e.getMessage()
                    + (e.getCause() != null && e instanceof UncheckedIOException ? ": " + e.getCause().getMessage() : ""));
        }
    }
}

package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.netevents.NetEventKind;
import io.ebpf4j.hooks.syscall.Syscall;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code alerts:}: each rule's keys for its kind, the hook it reads being on, unique ids; then the
 * alert engine's own rule checks ({@link AlertRuleConfig#toRule()}).
 */
final class AlertChecks {
    /** Kernel drop reason names as {@code enum skb_drop_reason} has them, without the prefix. */
    private static final Pattern DROP_REASON = Pattern.compile("[A-Z][A-Z0-9_]*");

    private AlertChecks() {}

    static void check(AgentConfig config, Checker c) {
        Map<String, String> ids = new HashMap<>();
        List<AlertRuleConfig> alerts = config.alerts();
        for (int i = 0; i < alerts.size(); i++) {
            String path = KeyPath.item("alerts", i);
            AlertRuleConfig rule = alerts.get(i);
            if (rule == null) {
                c.required(path, null, "an alert rule (a mapping with kind and id)");
                continue;
            }
            if (rule instanceof AlertRuleConfig.Unrecognised u) {
                String kinds = "one of " + String.join(", ", AlertRuleConfig.KINDS);
                if (c.required(KeyPath.key(path, "kind"), u.kind(), kinds)) {
                    c.fail(KeyPath.key(path, "kind"), "expected " + kinds + ", got '" + u.kind() + "'");
                }
                continue;
            }
            String idPath = KeyPath.key(path, "id");
            if (c.required(idPath, blankToNull(rule.id()), "a name for the rule like peer-loss")) {
                String first = ids.putIfAbsent(rule.id(), path);
                if (first != null) {
                    c.fail(idPath, "duplicate rule id '" + rule.id() + "': first used at " + c.at(first));
                }
            }
            kind(config, rule, path, c);
            if (!c.reported(path)) {
                try {
                    rule.toRule();
                } catch (IllegalArgumentException | NullPointerException e) {
                    c.fail(path, "the alert engine refuses the rule: " + e.getMessage());
                }
            }
        }
    }

    private static void kind(AgentConfig config, AlertRuleConfig rule, String path, Checker c) {
        switch (rule) {
            case AlertRuleConfig.ProbeLoss r -> {
                if (c.required(KeyPath.key(path, "maxLossRatio"), r.maxLossRatio(), "a loss ratio in [0, 1) like 0.2")
                        && !(r.maxLossRatio() >= 0 && r.maxLossRatio() < 1)) {
                    c.fail(KeyPath.key(path, "maxLossRatio"), "expected a loss ratio in [0, 1) like 0.2, got " + r.maxLossRatio());
                }
                window(path, "window", r.window(), c);
                c.range(KeyPath.key(path, "minProbes"), r.minProbes(), 1, Long.MAX_VALUE, "at least 1 probe");
                needsProbes(config, rule, path, c);
            }
            case AlertRuleConfig.Rtt r -> {
                window(path, "max", r.max(), c);
                needsProbes(config, rule, path, c);
            }
            case AlertRuleConfig.SyscallP99 r -> {
                if (c.required(KeyPath.key(path, "syscall"), r.syscall(), "one of " + EnumDeserializer.names(Syscall.class))) {
                    measured(config, path, r.syscall(), c);
                }
                window(path, "max", r.max(), c);
                window(path, "window", r.window(), c);
                c.range(KeyPath.key(path, "minCalls"), r.minCalls(), 1, Long.MAX_VALUE, "at least 1 call");
                needsSyscalls(config, path, c);
            }
            case AlertRuleConfig.EventCount r -> {
                String eventsPath = KeyPath.key(path, "events");
                if (c.nonEmpty(eventsPath, r.events(), "a list of event kinds like [retransmit]")) {
                    for (int j = 0; j < r.events().size(); j++) {
                        NetEventKind k = r.events().get(j);
                        if (k == NetEventKind.STATE_CHANGE) {
                            c.fail(KeyPath.item(eventsPath, j), "expected retransmit, reset-sent, reset-received or drop, "
                                    + "got state-change (state changes are not counted)");
                        } else if (k != null) {
                            attached(config, KeyPath.item(eventsPath, j), k, c);
                        }
                    }
                }
                dropReason(KeyPath.key(path, "dropReason"), r.dropReason(), c);
                c.range(KeyPath.key(path, "maxCount"), r.maxCount(), 0, Long.MAX_VALUE, "a count of at least 0");
                window(path, "window", r.window(), c);
                needsNetEvents(config, path, c);
            }
            case AlertRuleConfig.EachDrop r -> {
                dropReason(KeyPath.key(path, "reason"), r.reason(), c);
                attached(config, path, NetEventKind.DROP, c);
                needsNetEvents(config, path, c);
            }
            case AlertRuleConfig.EachSlowCall r -> {
                c.required(KeyPath.key(path, "min"), r.min(), "a duration like 100ms");
                if (r.syscall() != null) {
                    measured(config, path, r.syscall(), c);
                }
                if (needsSyscalls(config, path, c) && config.hooks().syscalls().slowThreshold() == null) {
                    c.fail(path, "an each-slow-call rule needs hooks.syscalls.slowThreshold: without it the hook reports "
                            + "no slow calls");
                }
            }
            case AlertRuleConfig.Unrecognised u -> throw new IllegalStateException("handled by the caller");
        }
    }

    private static void window(String path, String key, Duration d, Checker c) {
        String p = KeyPath.key(path, key);
        if (c.required(p, d, "a duration like 500ms")) {
            c.positive(p, d, "500ms");
        }
    }

    private static void dropReason(String path, String reason, Checker c) {
        if (reason != null && !DROP_REASON.matcher(reason).matches()) {
            c.fail(path, "expected a kernel drop reason name like NO_SOCKET (enum skb_drop_reason without "
                    + "SKB_DROP_REASON_), got '" + reason + "'");
        }
    }

    private static void needsProbes(AgentConfig config, AlertRuleConfig rule, String path, Checker c) {
        if (!config.probes().enabled()) {
            c.fail(path, "this " + rule.kind() + " rule reads probes, and probes.port is 0 (probes off)");
        } else if (config.peers().stream().noneMatch(p -> p != null && p.probeAddress() != null)) {
            c.fail(path, "this " + rule.kind() + " rule reads probes, and no peer has a probeAddress (nothing is probed)");
        }
    }

    private static boolean needsSyscalls(AgentConfig config, String path, Checker c) {
        if (!config.hooks().syscalls().on()) {
            c.fail(path, "this rule reads the syscall hook, and hooks.syscalls.enabled is not true");
            return false;
        }
        return true;
    }

    private static void needsNetEvents(AgentConfig config, String path, Checker c) {
        if (!config.hooks().netEvents().on()) {
            c.fail(path, "this rule reads network events, and hooks.netEvents.enabled is not true");
        }
    }

    private static void measured(AgentConfig config, String path, Syscall s, Checker c) {
        if (!config.hooks().syscalls().effectiveSyscalls().contains(s)) {
            c.fail(KeyPath.key(path, "syscall"), "expected a syscall the hook measures (hooks.syscalls.syscalls), got "
                    + EnumDeserializer.name(s));
        }
    }

    private static void attached(AgentConfig config, String path, NetEventKind kind, Checker c) {
        if (!config.hooks().netEvents().effectiveTracepoints().contains(NetEventsConfig.tracepointOf(kind))) {
            c.fail(path, HookChecks.missingTracepoint(kind));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

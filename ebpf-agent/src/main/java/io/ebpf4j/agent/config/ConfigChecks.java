package io.ebpf4j.agent.config;

/**
 * The checks run on a bound configuration: required keys, ranges, and what only the whole file can
 * tell (a duplicate peer, a replica that is no declared node, an alert rule whose hook is off). Each
 * section has its checker; all problems are collected.
 */
final class ConfigChecks {
    private ConfigChecks() {}

    static void check(AgentConfig config, Problems problems) {
        Checker c = new Checker(problems);
        NodeChecks.check(config.node(), c);
        PeerChecks.check(config, c);
        ProbeChecks.check(config.probes(), c);
        ProbeChecks.checkAuth(config, c);
        HookChecks.check(config.hooks(), c);
        AlertChecks.check(config, c);
        ServiceChecks.check(config, c);
        HealingChecks.check(config, c);
        EndpointChecks.check(config, c);
    }
}

/**
 * The agent's configuration file: one YAML mapping bound to records
 * ({@link io.ebpf4j.agent.config.AgentConfig} and one record per section), read with Jackson.
 *
 * <p>Every value is read with the library's own parser (SPIFFE IDs, CIDRs, durations, addresses,
 * the hooks' enums) and every key is checked: an unknown key, a value of the wrong type, a value that
 * does not parse, a missing required key and what only the whole file can tell (a duplicate peer, a
 * replica that is no declared node, an alert rule whose hook is off) each become a
 * {@link io.ebpf4j.agent.config.ConfigProblem} naming the key path, the line and column, and what
 * was expected. All problems of a file are collected into one
 * {@link io.ebpf4j.agent.config.ConfigException}; only a YAML syntax error stops the reading.
 * {@code docs/agent/agent.example.yaml} shows every key with its default.
 */
package io.ebpf4j.agent.config;

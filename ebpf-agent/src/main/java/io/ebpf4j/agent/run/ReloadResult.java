package io.ebpf4j.agent.run;

import io.ebpf4j.agent.config.ConfigProblem;
import java.util.List;

/**
 * What {@link AgentRuntime#reload()} did.
 *
 * @param applied      whether the file was valid and its applicable changes were applied
 * @param changes      the changes applied to the running hooks, one line each (empty: nothing to apply)
 * @param needsRestart the changed keys not applied, which take effect on the next start
 * @param problems     why the file was rejected (the running configuration is kept); empty when applied
 * @param failure      a failure while applying (the message), or empty
 */
public record ReloadResult(boolean applied, List<String> changes, List<String> needsRestart,
        List<ConfigProblem> problems, String failure) {
    public ReloadResult {
        changes = List.copyOf(changes);
        needsRestart = List.copyOf(needsRestart);
        problems = List.copyOf(problems);
        failure = failure == null ? "" : failure;
    }

    static ReloadResult rejected(List<ConfigProblem> problems) {
        return new ReloadResult(false, List.of(), List.of(), problems, "");
    }

    static ReloadResult failed(List<String> changes, String failure) {
        return new ReloadResult(false, changes, List.of(), List.of(), failure);
    }

    static ReloadResult done(List<String> changes, List<String> needsRestart) {
        return new ReloadResult(true, changes, needsRestart, List.of(), "");
    }
}

package io.ebpf4j.agent.run;

import java.util.List;

/**
 * What {@link AgentRuntime#uninstall} removed and what it left, with why.
 *
 * @param removed what was removed, one line each
 * @param kept    what was left in place and why, one line each (the journal is always kept: it is
 *                the user's data)
 * @param complete whether nothing the agent leaves behind is left
 */
public record UninstallResult(List<String> removed, List<String> kept, boolean complete) {
    public UninstallResult {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}

package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AgentRuntime#uninstall}: this version of the agent pins nothing (the pinned datapath is
 * other work in progress), so what it can leave behind is its pin directory, and only when empty.
 * A pin directory holding entries is not the agent's to remove yet: it is kept and listed.
 */
final class Uninstall {
    private Uninstall() {}

    static UninstallResult run(AgentPlan plan) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Path dir = plan.pinDir().toAbsolutePath();
        boolean complete = true;
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            removed.add("nothing pinned: the pin directory " + dir + " does not exist");
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            kept.add(dir + ": not a directory, not the agent's; left in place (check pinDir)");
            complete = false;
        } else {
            List<String> entries = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(p -> entries.add(p.getFileName().toString()));
            } catch (IOException e) {
                kept.add(dir + ": cannot list it (" + e + "); left in place");
                complete = false;
            }
            if (complete && entries.isEmpty()) {
                try {
                    Files.delete(dir);
                    removed.add("the empty pin directory " + dir);
                } catch (IOException e) {
                    kept.add(dir + ": cannot remove it (" + e + ")");
                    complete = false;
                }
            } else if (complete) {
                entries.sort(null);
                kept.add(dir + " holds " + entries.size() + (entries.size() == 1 ? " entry" : " entries") + " this agent "
                        + "version did not pin (" + String.join(", ", entries.subList(0, Math.min(entries.size(), 10)))
                        + (entries.size() > 10 ? ", ..." : "") + "); left in place: remove them by hand if they are stale");
                complete = false;
            }
        }
        kept.add("the journal " + plan.journal().toAbsolutePath() + " (the user's data; remove it by hand if unwanted)");
        return new UninstallResult(removed, kept, complete);
    }
}

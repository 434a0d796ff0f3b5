package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.hooks.mesh.MeshFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link AgentRuntime#uninstall}: removes the heal loop's routes and their rule from this network
 * namespace ({@link HealTable#uninstall()}: the main table's routes apply again), and the mesh filter
 * pinned in the plan's pin directory with {@link MeshFilter#uninstall(Path)} (link pins first, which
 * detaches the filter from each interface once no process holds the link, then the map pins, then
 * the directory), one line per thing removed. Entries of the directory the filter did not pin are left
 * in place and listed; the journal is kept.
 */
final class Uninstall {
    private static final String LINK_PREFIX = "link_";

    private Uninstall() {}

    static UninstallResult run(AgentPlan plan) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Path dir = plan.pinDir().toAbsolutePath();
        boolean complete = true;
        HealTable table = AgentHealing.table();
        try {
            table.uninstall().forEach(r -> removed.add(r + " (the heal loop's, " + table + ")"));
        } catch (RuntimeException e) {
            kept.add("the heal routes (" + table + "): " + e.getMessage() + "; remove them with `ip route flush table "
                    + table.table() + "` and `ip rule del pref " + table.priority() + "`");
            complete = false;
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            removed.add("nothing pinned: the pin directory " + dir + " does not exist");
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            kept.add(dir + ": not a directory, not the agent's; left in place (check pinDir)");
            complete = false;
        } else {
            try {
                for (Path p : MeshFilter.uninstall(dir)) {
                    removed.add(describe(dir, p));
                }
            } catch (RuntimeException e) {
                kept.add(dir + ": " + e.getMessage() + "; left in place");
                complete = false;
            }
            if (complete && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                List<String> entries = entries(dir);
                kept.add(dir + " holds " + entries.size() + (entries.size() == 1 ? " entry" : " entries") + " the agent "
                        + "did not pin (" + String.join(", ", entries.subList(0, Math.min(entries.size(), 10)))
                        + (entries.size() > 10 ? ", ..." : "") + "); left in place: remove them by hand if they are stale");
                complete = false;
            }
        }
        kept.add("the journal " + plan.journal().toAbsolutePath() + " (the user's data; remove it by hand if unwanted)");
        return new UninstallResult(removed, kept, complete);
    }

    private static String describe(Path dir, Path p) {
        if (p.equals(dir)) {
            return "the pin directory " + dir;
        }
        String name = p.getFileName().toString();
        return name.startsWith(LINK_PREFIX)
                ? "the link pin " + p + " (the mesh filter detaches from this interface once no agent holds it)"
                : "the map pin " + p;
    }

    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("cannot list it: " + e);
        }
    }
}

package io.ebpf4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.Program;

/**
 * bpftool as an independent oracle for tests: what the kernel holds, read without ebpf4j's own map
 * code. Maps are found through the program that uses them (by id), so objects loaded by concurrent
 * tests never get mixed up.
 */
public final class Bpftool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bpftool() {}

    /**
     * Skips the calling test when bpftool cannot run here, with the reason and the remedy; in CI (as for
     * {@link RequiresKernel}) fails it instead.
     */
    public static void requireInstalled() {
        if (BpftoolLoadAll.available()) {
            return;
        }
        String why = "bpftool cannot run here; remedy: install it (Debian/Ubuntu: apt-get install bpftool)";
        if (new RequiresKernelExtension().strict()) {
            throw new AssertionError(why);
        }
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    public static JsonNode json(String... args) {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bpftool";
        cmd[1] = "-j";
        System.arraycopy(args, 0, cmd, 2, args.length);
        try {
            return JSON.readTree(io.ebpf4j.testkit.Commands.run(cmd));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the map called {@code mapName} that {@code program} uses. */
    public static int mapIdOf(Program program, String mapName) {
        JsonNode prog = json("prog", "show", "id", Integer.toString(program.info().id()));
        for (JsonNode id : prog.path("map_ids")) {
            JsonNode map = json("map", "show", "id", id.asText());
            if (mapName.equals(map.path("name").asText())) {
                return id.asInt();
            }
        }
        throw new IllegalStateException("program " + program.name() + " uses no map named " + mapName + ": " + prog);
    }

    /** Sum over CPUs (or the single value) of the u64 at {@code offset} in the value for u32 key {@code key}. */
    public static long u64(Program program, String mapName, int key, int offset) {
        int id = mapIdOf(program, mapName);
        JsonNode dump = json("map", "dump", "id", Integer.toString(id));
        for (JsonNode entry : dump) {
            JsonNode k = entry.path("key");
            if (k.size() >= 4 && le32(k, 0) == key) {
                if (entry.has("values")) {
                    long sum = 0;
                    for (JsonNode perCpu : entry.path("values")) {
                        sum += le64(perCpu.path("value"), offset);
                    }
                    return sum;
                }
                return le64(entry.path("value"), offset);
            }
        }
        return 0;
    }

    private static long le32(JsonNode bytes, int off) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | Integer.decode(bytes.get(off + i).asText());
        }
        return v;
    }

    private static long le64(JsonNode bytes, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | Integer.decode(bytes.get(off + i).asText());
        }
        return v;
    }
}

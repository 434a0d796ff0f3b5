package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list item of a YAML document starts, by key path: a key's own position for an
 * object member ({@code probes.interval} points at {@code interval:}), the item's position for a
 * list element. Built by one streaming pass before the document is bound to records, so a check run
 * on the records can still point into the file.
 */
final class LocationIndex {
    /** A line and column, both from 1. */
    record Position(int line, int column) {
        static final Position START = new Position(1, 1);

        static Position of(JsonLocation l) {
            return l == null || l.getLineNr() < 1 ? START : new Position(l.getLineNr(), Math.max(l.getColumnNr(), 1));
        }
    }

    private final Map<String, Position> positions;

    private LocationIndex(Map<String, Position> positions) {
        this.positions = positions;
    }

    /** An index of nothing: every path is at the start of the file. */
    static LocationIndex empty() {
        return new LocationIndex(Map.of());
    }

    /**
     * Indexes {@code text}; a syntax error ends the pass (keeping what was read before it) and is left to
     * the binding pass to report.
     */
    static LocationIndex of(JsonFactory factory, String text) {
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            while (p.nextToken() != null) {
                positions.putIfAbsent(KeyPath.of(p.getParsingContext()), Position.of(p.currentTokenLocation()));
            }
        } catch (IOException | RuntimeException e) {
            // the binding pass reads the same text and reports the error with its place
        }
        return new LocationIndex(positions);
    }

    /** Whether the document has {@code path}. */
    boolean has(String path) {
        return positions.containsKey(path);
    }

    /** Where {@code path} starts, or where its nearest present ancestor does (a missing key: its parent). */
    Position find(String path) {
        for (String p = path; ; p = KeyPath.parent(p)) {
            Position found = positions.get(p);
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return Position.START;
            }
        }
    }
}

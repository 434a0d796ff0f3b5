package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a configuration file in two passes over the text: a streaming pass that notes where every
 * key starts ({@link LocationIndex}), then Jackson binding it to {@link AgentConfig} with
 * {@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES} on and the {@link CollectingProblemHandler}
 * and value deserializers collecting problems instead of stopping; then {@link ConfigChecks}. A YAML
 * syntax error (or a duplicate key) ends the reading at the first.
 */
final class ConfigReader {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final ObjectReader READER = YAMLMapper.builder(YAML)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .addModule(new ConfigModule())
            .addHandler(new CollectingProblemHandler())
            .build()
            .readerFor(AgentConfig.class);

    /** Jackson's message for a key written twice in one mapping. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'");

    private ConfigReader() {}

    static AgentConfig load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, 0, "no such file")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, 0, "expected UTF-8 text: " + e)));
        } catch (IOException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, 0, "cannot read the file: " + e)));
        }
        return read(text, source);
    }

    static AgentConfig read(String text, String source) {
        Problems problems = new Problems(LocationIndex.of(YAML, text));
        if (empty(text)) {
            problems.at("", "the file is empty: expected a mapping with at least node.spiffeId and node.interfaces");
            throw new ConfigException(source, problems.sorted());
        }
        AgentConfig config = null;
        try {
            config = READER.withAttribute(Problems.class, problems).readValue(text);
            if (config == null && problems.isEmpty()) {
                problems.at("", "expected a mapping with at least node.spiffeId and node.interfaces, got nothing");
            }
        } catch (JsonProcessingException e) {
            JsonProcessingException parse = parseError(e);
            problems.add(parse != null ? syntax(parse, problems) : mapping((JsonMappingException) e));
        }
        if (config != null) {
            ConfigChecks.check(config, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.sorted());
        }
        return config;
    }

    /** Whether the text holds no YAML value at all (nothing, or only comments). */
    private static boolean empty(String text) {
        try (JsonParser p = YAML.createParser(text)) {
            return p.nextToken() == null;
        } catch (IOException e) {
            return false; // a syntax error: the binding pass reports it
        }
    }

    /** The parser's own error in {@code e}'s causes (a binding error may wrap one), or null. */
    private static JsonProcessingException parseError(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j && !(j instanceof JsonMappingException)) {
                return j;
            }
        }
        return null;
    }

    /** A YAML syntax error or a duplicate key: where the parser stopped and what it says. */
    private static ConfigProblem syntax(JsonProcessingException e, Problems problems) {
        String path = e.getProcessor() instanceof JsonParser p ? KeyPath.of(p.getParsingContext()) : "";
        LocationIndex.Position pos = LocationIndex.Position.of(e.getLocation());
        Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (dup.lookingAt()) {
            String key = KeyPath.key(path.endsWith("." + dup.group(1)) || path.equals(dup.group(1)) ? KeyPath.parent(path) : path,
                    dup.group(1));
            return new ConfigProblem(key, pos.line(), pos.column(), "duplicate key '" + dup.group(1) + "' (first at line "
                    + problems.line(key) + "): a key is written once in a mapping");
        }
        String what = firstLine(e.getOriginalMessage());
        if (e.getCause() instanceof MarkedYAMLException m) {
            if (m.getProblemMark() != null) {
                pos = new LocationIndex.Position(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
            }
            what = (m.getProblem() == null ? what : m.getProblem()) + (m.getContext() == null ? "" : " (" + m.getContext()
                    + (m.getContextMark() == null ? "" : " that starts on line " + (m.getContextMark().getLine() + 1)) + ")");
        }
        return new ConfigProblem(path, pos.line(), pos.column(), "expected valid YAML: " + what);
    }

    /** A binding error the handler could not take over: its path and place. */
    private static ConfigProblem mapping(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        LocationIndex.Position pos = LocationIndex.Position.of(e.getLocation());
        return new ConfigProblem(path.toString(), pos.line(), pos.column(), firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

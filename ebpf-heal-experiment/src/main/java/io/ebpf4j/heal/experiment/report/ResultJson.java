package io.ebpf4j.heal.experiment.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** {@link ExperimentResult} to and from pretty-printed JSON. */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultJson() {}

    /** The result as pretty JSON. */
    public static String write(ExperimentResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing experiment result as JSON", e);
        }
    }

    /** A result read back from {@link #write} output (unknown fields ignored). */
    public static ExperimentResult read(String json) {
        try {
            return MAPPER.readValue(json, ExperimentResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an experiment result: " + e.getOriginalMessage(), e);
        }
    }
}

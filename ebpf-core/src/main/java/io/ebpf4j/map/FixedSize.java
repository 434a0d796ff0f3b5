package io.ebpf4j.map;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The length of a fixed-size {@code byte[]} record component, like {@code char comm[16]} in C:
 * {@code record Event(int pid, @FixedSize(16) byte[] comm) {}}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface FixedSize {
    /** The number of bytes. */
    int value();
}

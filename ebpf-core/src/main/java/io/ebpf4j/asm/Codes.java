package io.ebpf4j.asm;

import java.util.Optional;
import java.util.function.ToIntFunction;

/** Lookup of enum constants by their kernel encoding. */
final class Codes {
    private Codes() {}

    /** The constant among {@code values} whose {@code code} is {@code value}. */
    static <E> Optional<E> find(E[] values, ToIntFunction<E> code, int value) {
        for (E e : values) {
            if (code.applyAsInt(e) == value) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}

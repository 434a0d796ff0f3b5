package io.ebpf4j.map;

/**
 * The outcome of {@link RawMap#deleteBatch}: how far the kernel got through the keys.
 *
 * @param count              how many keys were processed (deleted) from the start of the batch
 * @param stoppedAtAbsentKey whether the kernel stopped early because the key at index {@code count} was
 *                           absent (ENOENT); the keys after it were not looked at
 */
public record BatchResult(int count, boolean stoppedAtAbsentKey) {
    public BatchResult {
        if (count < 0) {
            throw new IllegalArgumentException("negative batch count " + count);
        }
    }
}

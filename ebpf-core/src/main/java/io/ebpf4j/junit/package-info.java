/**
 * JUnit 5 support for tests that need kernel features: {@link io.ebpf4j.junit.RequiresKernel} skips
 * a test where the kernel lacks what it needs, and fails it in CI. Needs junit-jupiter-api on the
 * test class path (an optional dependency of ebpf-core).
 */
package io.ebpf4j.junit;

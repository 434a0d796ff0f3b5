/**
 * Pre-load validation of BPF programs: structural rules the verifier enforces
 * ({@link io.ebpf4j.validate.StructuralRule}) and composable safety policies
 * ({@link io.ebpf4j.validate.Policy}); see docs/VALIDATION.md.
 */
package io.ebpf4j.validate;

/**
 * ebpf4j's prebuilt BPF objects: CO-RE objects compiled from {@code ebpf-native/src/bpf}, shipped in
 * this jar under {@code io/ebpf4j/prebuilt/} with a SHA-256 manifest, read through
 * {@link io.ebpf4j.prebuilt.Prebuilt}.
 */
module io.ebpf4j.nativeobjects {
    exports io.ebpf4j.prebuilt;
    // The objects and MANIFEST.sha256 are resources in the package io.ebpf4j.prebuilt. A named module's
    // resources are found through a ClassLoader (Prebuilt.bundled(), Prebuilt.fromClasspath) only when
    // their package is open, so it is: there is nothing in it to protect from reflection.
    opens io.ebpf4j.prebuilt;
}

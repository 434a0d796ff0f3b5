module com.example {
    requires io.ebpf4j.core;
    requires io.ebpf4j.nativeobjects;
    opens com.example to io.ebpf4j.core;
}

package io.ebpf4j.heal.experiment.traffic;

/** The transport of an application request: UDP echo (port 7001) or TCP echo (port 7002). */
public enum Proto {
    UDP, TCP
}

package io.ebpf4j.hooks.mesh;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;

/** Datagram helpers shared by the mesh filter's kernel tests. */
final class Datagrams {
    private Datagrams() {}

    /** Receives until {@code atMost} + 1 datagrams arrived or none came for the socket's timeout. */
    static int receive(DatagramSocket s, int atMost) throws IOException {
        int got = 0;
        byte[] buf = new byte[64];
        while (got < atMost + 1) {
            try {
                s.receive(new DatagramPacket(buf, buf.length));
                got++;
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return got;
    }
}

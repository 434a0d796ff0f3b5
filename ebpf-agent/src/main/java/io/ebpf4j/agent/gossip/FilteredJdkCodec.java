package io.ebpf4j.agent.gossip;

import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * The cluster library's own message encoding (Java serialization of its {@code Externalizable}
 * messages, as its {@code JdkMessageCodec} does), with an allow-list on decoding: only the library's
 * message classes, strings, enums and byte arrays (the view's records travel as bytes) are read, and
 * the graph is bounded. Bytes from the network then never instantiate any other class, whatever a
 * peer sends.
 */
final class FilteredJdkCodec implements MessageCodec {
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=16;maxrefs=100000;maxarray=4194304;maxbytes=8388608;"
                    + "io.scalecube.cluster.**;java.lang.String;java.lang.Enum;[B;!*");

    @Override
    public Message deserialize(InputStream stream) throws IOException, ClassNotFoundException {
        Message message = new Message();
        try (ObjectInputStream in = new ObjectInputStream(stream)) {
            in.setObjectInputFilter(FILTER);
            message.readExternal(in);
        }
        return message;
    }

    @Override
    public void serialize(Message message, OutputStream stream) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
            message.writeExternal(out);
            out.flush();
        }
    }
}

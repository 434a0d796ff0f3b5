package io.ebpf4j.agent.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.scalecube.cluster.gossip.GossipProtocolImpl;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.cluster.transport.api.TransportConfig;
import io.scalecube.cluster.transport.api.TransportFactory;
import io.scalecube.transport.netty.Receiver;
import io.scalecube.transport.netty.Sender;
import io.scalecube.transport.netty.TransportImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * The cluster library's TCP transport ({@link TransportImpl}, length-prefixed frames, one connection
 * per peer), bound to one address: the library's own TCP receiver listens on every interface, and the
 * agent's gossip must listen and send on the address its configuration names (so it can be told from
 * the data traffic, and filtered). Counts what it sends and receives. With {@link MessageAuth} every
 * frame sent carries an HMAC-SHA256 and a received frame without a valid one is counted and dropped
 * before it is decoded.
 */
final class BoundTcpTransport implements TransportFactory {
    private static final Logger LOG = LoggerFactory.getLogger(BoundTcpTransport.class);
    private static final int LENGTH_FIELD = 4;

    private final InetAddress bind;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder gossipMessagesSent = new LongAdder();
    private final LongAdder gossipBytesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder unauthenticated = new LongAdder();
    private final MessageAuth auth; // null: frames are not authenticated
    private volatile Transport transport;

    BoundTcpTransport(InetAddress bind, MessageAuth auth) {
        this.bind = bind;
        this.auth = auth;
    }

    @Override
    public Transport createTransport(TransportConfig config) {
        Transport t = new TransportImpl(config.messageCodec(), new BoundReceiver(config), new BoundSender(config),
                config.addressMapper());
        transport = t;
        return t;
    }

    /** The transport this factory made (null before the cluster started). */
    Transport transport() {
        return transport;
    }

    GossipTraffic traffic() {
        return new GossipTraffic(messagesSent.sum(), bytesSent.sum(), gossipMessagesSent.sum(), gossipBytesSent.sum(),
                messagesReceived.sum(), bytesReceived.sum(), unauthenticated.sum());
    }

    private void refused() {
        unauthenticated.increment();
        if (unauthenticated.sum() == 1) {
            LOG.warn("gossip on {}: dropped a message without a valid HMAC (an agent without this mesh's "
                    + "gossip.auth key, or a forgery); counted in ebpf4j_gossip_unauthenticated_messages_total, "
                    + "not logged again", bind.getHostAddress());
        }
    }

    private static void frames(Channel channel, int maxFrameLength) {
        channel.pipeline().addFirst(new LengthFieldBasedFrameDecoder(maxFrameLength, 0, LENGTH_FIELD, 0, LENGTH_FIELD));
        channel.pipeline().addFirst(new LengthFieldPrepender(LENGTH_FIELD));
    }

    private final class BoundReceiver implements Receiver {
        private final TransportConfig config;

        BoundReceiver(TransportConfig config) {
            this.config = config;
        }

        @Override
        public Mono<DisposableServer> bind() {
            return Mono.deferContextual(c -> Mono.just(c.get(TransportImpl.ReceiverContext.class)))
                    .flatMap(context -> TcpServer.create()
                            .runOn(context.loopResources())
                            .host(bind.getHostAddress())
                            .port(config.port())
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childOption(ChannelOption.SO_KEEPALIVE, true)
                            .doOnChannelInit((observer, channel, remote) -> frames(channel, config.maxFrameLength()))
                            .handle((in, out) -> in.receive().retain().doOnNext(buf -> {
                                messagesReceived.increment();
                                bytesReceived.add(buf.readableBytes() + LENGTH_FIELD);
                                if (auth != null && !auth.verify(buf)) {
                                    refused();
                                    buf.release();
                                    return;
                                }
                                context.onMessage(buf);
                            }).then())
                            .bind()
                            .cast(DisposableServer.class));
        }
    }

    private final class BoundSender implements Sender {
        private final TransportConfig config;

        BoundSender(TransportConfig config) {
            this.config = config;
        }

        @Override
        public Mono<Connection> connect(String address) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(address.substring(colon + 1));
            String h = host;
            return Mono.deferContextual(c -> Mono.just(c.get(TransportImpl.SenderContext.class)))
                    .map(context -> TcpClient.newConnection()
                            .runOn(context.loopResources())
                            .host(h)
                            .port(port)
                            .bindAddress(() -> new InetSocketAddress(bind, 0))
                            .option(ChannelOption.TCP_NODELAY, true)
                            .option(ChannelOption.SO_KEEPALIVE, true)
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeout())
                            .doOnChannelInit((observer, channel, remote) -> frames(channel, config.maxFrameLength())))
                    .flatMap(TcpClient::connect);
        }

        @Override
        public Mono<Void> send(Message message) {
            return Mono.deferContextual(c -> {
                Connection connection = c.get(Connection.class);
                TransportImpl.SenderContext context = c.get(TransportImpl.SenderContext.class);
                boolean gossip = GossipProtocolImpl.GOSSIP_REQ.equals(message.qualifier());
                return connection.outbound().sendObject(Mono.just(message).map(context.messageEncoder())
                        .map(buf -> auth == null ? buf : auth.sign(buf))
                        .doOnNext((ByteBuf buf) -> {
                            long n = buf.readableBytes() + LENGTH_FIELD;
                            messagesSent.increment();
                            bytesSent.add(n);
                            if (gossip) {
                                gossipMessagesSent.increment();
                                gossipBytesSent.add(n);
                            }
                        }), buf -> true).then();
            });
        }
    }
}

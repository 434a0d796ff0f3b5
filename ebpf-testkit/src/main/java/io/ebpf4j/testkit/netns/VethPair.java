package io.ebpf4j.testkit.netns;

import io.ebpf4j.testkit.Commands;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A veth pair from this process's network namespace into a new one: {@link #hostIf()} here,
 * {@link #peerIf()} inside {@link #netns()}, addressed on a random /30 of the benchmarking range
 * 198.18.0.0/15 so traffic stays on the pair. Names carry a random suffix so concurrent users never
 * collide. {@link #close()} removes the pair and the namespace, and a shutdown hook does it too if
 * the JVM ends first. Needs CAP_NET_ADMIN and CAP_SYS_ADMIN and the {@code ip} command.
 */
public final class VethPair implements AutoCloseable {
    private final String netns;
    private final String hostIf;
    private final String peerIf;
    private final String hostIp;
    private final String peerIp;
    private final CleanupHook cleanup;

    private VethPair(String suffix, int subnet) {
        this.netns = "e4j-" + suffix;
        this.hostIf = "e4jh" + suffix;
        this.peerIf = "e4jp" + suffix;
        int base = subnet * 4;
        this.hostIp = "198.18." + (base / 256) + "." + (base % 256 + 1);
        this.peerIp = "198.18." + (base / 256) + "." + (base % 256 + 2);
        this.cleanup = new CleanupHook("veth-cleanup-" + suffix, this::remove);
    }

    /** Creates the namespace and the pair, brings both ends up and addresses them. */
    public static VethPair create() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String suffix = Integer.toString(r.nextInt(36 * 36 * 36 * 36), 36);
        VethPair v = new VethPair(suffix, r.nextInt(16384));
        try {
            Commands.run("ip", "netns", "add", v.netns);
            Commands.run("ip", "link", "add", v.hostIf, "type", "veth", "peer", "name", v.peerIf, "netns", v.netns);
            Commands.run("ip", "addr", "add", v.hostIp + "/30", "dev", v.hostIf);
            Commands.run("ip", "link", "set", v.hostIf, "up");
            Commands.run("ip", "-n", v.netns, "addr", "add", v.peerIp + "/30", "dev", v.peerIf);
            Commands.run("ip", "-n", v.netns, "link", "set", v.peerIf, "up");
            Commands.run("ip", "-n", v.netns, "link", "set", "lo", "up");
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    /** The namespace holding {@link #peerIf()}. */
    public String netns() {
        return netns;
    }

    /** The end in this process's namespace. */
    public String hostIf() {
        return hostIf;
    }

    /** The end inside {@link #netns()}. */
    public String peerIf() {
        return peerIf;
    }

    /** The IPv4 address of {@link #hostIf()}. */
    public String hostIp() {
        return hostIp;
    }

    /** The IPv4 address of {@link #peerIf()}. */
    public String peerIp() {
        return peerIp;
    }

    /** Runs a command inside the namespace and returns its output. */
    public String execInNetns(String... command) {
        return Commands.inNetns(netns, command);
    }

    /** Sends {@code count} pings from inside the namespace to the host end (packets the host end receives). */
    public void pingHostFromPeer(int count) {
        execInNetns("ping", "-q", "-c", Integer.toString(count), "-i", "0.01", "-W", "1", hostIp());
    }

    /** {@code ip -d link show dev <host end>}: shows an attached XDP program, among other things. */
    public String hostLinkDetails() {
        return Commands.run("ip", "-d", "link", "show", "dev", hostIf());
    }

    /** Removes the pair and the namespace; idempotent. */
    @Override
    public void close() {
        cleanup.run();
    }

    private void remove() {
        Commands.quiet("ip", "link", "del", hostIf);
        Commands.quiet("ip", "netns", "del", netns);
    }
}

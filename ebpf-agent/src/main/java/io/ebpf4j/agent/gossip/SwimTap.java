package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.loop.MemberState.Liveness;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.Member;
import io.scalecube.cluster.fdetector.FailureDetectorImpl;
import io.scalecube.cluster.gossip.GossipProtocolImpl;
import io.scalecube.cluster.membership.MemberStatus;
import io.scalecube.cluster.membership.MembershipProtocolImpl;
import io.scalecube.cluster.transport.api.Message;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * Reads the SWIM states the cluster library keeps but does not publish. Its public membership events
 * say only added, leaving and removed; "suspect" (a member that missed its direct and indirect probes
 * and has not refuted yet) stays inside. Suspicion is the earliest evidence that a node's agent is
 * gone, so this taps, read-only, the two streams that carry it: the local failure detector's verdicts
 * ({@link FailureDetectorImpl#listen()}) and the membership records other members gossip (their
 * verdicts, with incarnations). Reaching them takes reflection on {@link ClusterImpl}'s fields and on
 * the record class, checked by the gossip tests on every build; should a library upgrade move them,
 * {@link #attach} logs it once and the view keeps the public events only (suspicion then shows as
 * removal, later).
 */
final class SwimTap {
    private static final Logger LOG = LoggerFactory.getLogger(SwimTap.class);

    /** The membership record's accessors: member(), status(), incarnation(). */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            try {
                return new Method[] {accessible(type.getMethod("member")), accessible(type.getMethod("status")),
                        accessible(type.getMethod("incarnation"))};
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " has no " + e.getMessage(), e);
            }
        }
    };

    private SwimTap() {}

    /** Subscribes {@code table} to {@code cluster}'s SWIM verdicts; what to dispose to stop, or null. */
    static Disposable attach(Cluster cluster, MemberTable table) {
        try {
            FailureDetectorImpl fd = field(cluster, "failureDetector", FailureDetectorImpl.class);
            GossipProtocolImpl gossip = field(cluster, "gossip", GossipProtocolImpl.class);
            Disposable local = fd.listen().subscribe(
                    ev -> table.verdict(ev.member().id(), liveness(ev.status()), -1),
                    e -> LOG.warn("failure detector stream ended", e));
            Disposable remote = gossip.listen()
                    .filter(m -> MembershipProtocolImpl.MEMBERSHIP_GOSSIP.equals(m.qualifier()))
                    .subscribe(m -> record(m, table), e -> LOG.warn("membership gossip stream ended", e));
            return Disposables.composite(local, remote);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot read the cluster library's suspicions ({}): membership evidence shows removals only", e.toString());
            return null;
        }
    }

    private static void record(Message m, MemberTable table) {
        Object r = m.data();
        try {
            Method[] get = ACCESSORS.get(r.getClass());
            Member who = (Member) get[0].invoke(r);
            MemberStatus s = (MemberStatus) get[1].invoke(r);
            table.verdict(who.id(), liveness(s), (Integer) get[2].invoke(r));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("unreadable membership record {}: {}", r, e.toString());
        }
    }

    private static Liveness liveness(MemberStatus s) {
        return switch (s) {
            case ALIVE -> Liveness.ALIVE;
            case SUSPECT -> Liveness.SUSPECT;
            case LEAVING -> Liveness.LEAVING;
            case DEAD -> Liveness.DEAD;
        };
    }

    private static <T> T field(Object owner, String name, Class<T> type) throws ReflectiveOperationException {
        Field f = ClusterImpl.class.getDeclaredField(name);
        f.setAccessible(true);
        Object v = f.get(owner);
        if (!type.isInstance(v)) {
            throw new NoSuchFieldException(name + " is " + (v == null ? "null" : v.getClass().getName()));
        }
        return type.cast(v);
    }

    private static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }
}

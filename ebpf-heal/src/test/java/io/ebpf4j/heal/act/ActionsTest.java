package io.ebpf4j.heal.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The actions and helpers that need no kernel: alerts, the applied-action stack, route values. */
class ActionsTest {

    @Test
    void alertIsSentOnceAndCannotBeTakenBack() {
        List<String> sink = new ArrayList<>();
        AlertAction a = new AlertAction(sink::add, "node 3 looks dead");
        assertEquals("alert", a.kind());
        ActionOutcome first = a.apply();
        assertTrue(first.ok() && first.changed());
        ActionOutcome second = a.apply();
        assertTrue(second.ok() && !second.changed());
        assertFalse(a.undo().changed());
        assertEquals(List.of("node 3 looks dead"), sink);
        AlertAction broken = new AlertAction(t -> {
            throw new IllegalStateException("pager down");
        }, "x");
        assertFalse(broken.apply().ok(), "a failing sink is a failed outcome, not an exception");
    }

    /** An action that records its calls; undo fails while {@code undoFails} is set. */
    private static final class Recording implements HealAction {
        final String name;
        final List<String> log;
        boolean undoFails;

        Recording(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        public String kind() {
            return "recording";
        }

        public String describe() {
            return name;
        }

        public ActionOutcome apply() {
            log.add("apply " + name);
            return ActionOutcome.done(name);
        }

        public ActionOutcome undo() {
            log.add("undo " + name);
            return undoFails ? ActionOutcome.failed(name) : ActionOutcome.done(name);
        }
    }

    @Test
    void appliedActionsUndoNewestFirstAndKeepFailedUndos() {
        List<String> log = new ArrayList<>();
        Recording a = new Recording("a", log);
        Recording b = new Recording("b", log);
        Recording c = new Recording("c", log);
        AppliedActions stack = new AppliedActions();
        stack.apply(a);
        stack.apply(b);
        stack.apply(b);
        stack.apply(c);
        assertEquals(List.of(a, b, c), stack.active(), "b recorded once");
        b.undoFails = true;
        assertFalse(stack.undo(b).ok());
        assertEquals(List.of(a, b, c), stack.active(), "a failed undo stays for a retry");
        b.undoFails = false;
        log.clear();
        List<AppliedActions.Undone> result = stack.undoAll();
        assertEquals(List.of("undo c", "undo b", "undo a"), log);
        assertEquals(3, result.size());
        assertTrue(stack.active().isEmpty());
        stack.close();
        assertEquals(3, log.size(), "close after undoAll undoes nothing again");
    }

    @Test
    void routesNormaliseTheirPrefixAndMatchWhatTheKernelReports() {
        Route r = Route.via("198.19.0.2", "198.18.0.2");
        assertEquals("198.19.0.2/32", r.prefix());
        assertEquals("fd00::1/128", Route.normalise("fd00::1"));
        assertEquals("default", Route.normalise("default"));
        assertTrue(r.matches(new Route("198.19.0.2/32", "198.18.0.2", "eth0")), "no device asked: any");
        assertFalse(new Route("198.19.0.2", "198.18.0.2", "eth1").matches(new Route("198.19.0.2", "198.18.0.2", "eth0")));
        assertThrows(IllegalArgumentException.class, () -> new Route("198.19.0.2", null, null));
        assertThrows(IllegalArgumentException.class, () -> new RerouteAction(new IpRoutes(null), "198.19.0.3/32", r));
        List<Route> parsed = IpRoutes.parse("[{\"dst\":\"198.19.0.2\",\"gateway\":\"198.18.0.2\",\"dev\":\"v0\",\"flags\":[]},"
                + "{\"dst\":\"198.18.0.0/29\",\"dev\":\"v0\",\"protocol\":\"kernel\",\"scope\":\"link\"}]");
        assertEquals(List.of(new Route("198.19.0.2/32", "198.18.0.2", "v0"), new Route("198.18.0.0/29", null, "v0")), parsed);
        assertEquals(List.of(), IpRoutes.parse(""));
    }
}

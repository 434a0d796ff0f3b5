package io.ebpf4j.heal.experiment.traffic;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.Locale;

/** Maps a socket error to the {@link Outcome} it means. */
final class Failures {
    private Failures() {}

    static Outcome classify(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof NoRouteToHostException || m.contains("unreachable") && !(e instanceof PortUnreachableException)) {
            return Outcome.UNREACHABLE;
        }
        if (e instanceof PortUnreachableException || e instanceof ConnectException || m.contains("refused")) {
            return Outcome.REFUSED;
        }
        if (m.contains("reset") || m.contains("broken pipe")) {
            return Outcome.RESET;
        }
        return Outcome.ERROR;
    }
}

package io.ebpf4j.netns;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.os.Namespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a network namespace. Interface names, {@code if_nametoindex}, XDP and tc attach,
 * and sockets created by the code all belong to that namespace (a socket keeps its namespace after
 * the code returns, so it can be used from any thread later).
 *
 * <p>Each call starts a fresh platform thread, moves only that thread into the namespace with
 * setns(2), runs the task there and lets the thread end: no other thread, and no pooled thread, ever
 * runs in the namespace by accident. Needs CAP_SYS_ADMIN.
 *
 * <p>Caveat: {@code /proc/net} (and Java APIs that read it, such as
 * {@link java.net.NetworkInterface#networkInterfaces()}) shows the namespace of the process's main
 * thread, not the calling thread's; read {@code /proc/thread-self/net/...} inside the task instead.
 */
public final class NetNs {
    private NetNs() {}

    /**
     * Runs {@code task} in the named namespace ({@code /run/netns/NAME}, as {@code ip netns add}
     * creates) and returns its result.
     *
     * @throws BpfException     when the namespace cannot be entered (no such namespace, no privilege)
     * @throws RuntimeException what the task threw (checked exceptions wrapped)
     */
    public static <T> T run(String name, Callable<T> task) {
        return runAt(path(name), task);
    }

    /**
     * The inode number of the named namespace ({@code /run/netns/NAME}): the number the kernel
     * reports as a socket's namespace (e.g. {@code NetEvent.netnsInode()}) and {@code ip netns
     * identify} / {@code lsns} show. Stable while the namespace lives; reused only after it is gone.
     *
     * @throws IllegalArgumentException when there is no such namespace
     * @throws UncheckedIOException     when it cannot be read
     */
    public static long inode(String name) {
        return inodeOf(path(name));
    }

    /**
     * The inode number of the process's network namespace ({@code /proc/self/ns/net}), that is the
     * main thread's: inside {@link #run} the calling thread is elsewhere; use
     * {@code inodeOf(Path.of("/proc/thread-self/ns/net"))} there.
     */
    public static long currentInode() {
        return inodeOf(Path.of("/proc/self/ns/net"));
    }

    /** The inode number of the namespace the file {@code nsFile} refers to (e.g. {@code /proc/PID/ns/net}). */
    public static long inodeOf(Path nsFile) {
        Objects.requireNonNull(nsFile, "nsFile");
        try {
            return ((Number) Files.getAttribute(nsFile, "unix:ino")).longValue();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no network namespace at " + nsFile
                    + " (check `ip netns list`)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the inode of " + nsFile, e);
        }
    }

    private static Path path(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
        return Path.of("/run/netns", name);
    }

    /** {@link #run(String, Callable)} without a result. */
    public static void exec(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        run(name, () -> {
            task.run();
            return null;
        });
    }

    /**
     * Runs {@code task} in the network namespace the file {@code nsFile} refers to (e.g.
     * {@code /proc/PID/ns/net}).
     */
    public static <T> T runAt(Path nsFile, Callable<T> task) {
        Objects.requireNonNull(nsFile, "nsFile");
        Objects.requireNonNull(task, "task");
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + nsFile.getFileName()).unstarted(() -> {
            int r = Namespaces.enterNetwork(nsFile.toString());
            if (r < 0) {
                failure.set(new BpfException("entering network namespace " + nsFile, -r,
                        "setns(2) failed", "check that the namespace exists (`ip netns list`) and that the process has"
                        + " CAP_SYS_ADMIN"));
                return;
            }
            try {
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the namespace thread must finish before we return
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f == null) {
            return result.get();
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("task in network namespace " + nsFile + " failed: " + f, f);
    }
}

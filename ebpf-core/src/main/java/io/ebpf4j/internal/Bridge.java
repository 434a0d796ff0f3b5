package io.ebpf4j.internal;

import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * A set-once slot through which a public class hands ebpf4j's other packages an implementation of an
 * internal interface without them depending on its package (the JDK's SharedSecrets pattern), so that
 * package-private state stays out of the public API and the package graph keeps no cycle.
 *
 * <p>Only the named installer class sets it, once, from its static initialiser, proving who it is with
 * a lookup of {@linkplain MethodHandles.Lookup#ORIGINAL original} access, which only code in that class
 * can make ({@code MethodHandles.lookup()}): a second set, or a set by any other class, throws. Users of
 * the slot pass the installer class, which {@link #get(Class)} initialises when the slot is still empty.
 *
 * @param <T> the internal interface
 */
public final class Bridge<T> {
    private final String installer;
    private final Object lock = new Object();
    private volatile T value;

    /** A slot that only the class named {@code installer} may set. */
    public Bridge(String installer) {
        this.installer = Objects.requireNonNull(installer, "installer");
    }

    /**
     * Sets the slot.
     *
     * @param caller {@code MethodHandles.lookup()} of the installer class
     * @throws IllegalStateException when the caller is not the installer, or the slot is already set
     */
    public void set(MethodHandles.Lookup caller, T implementation) {
        Objects.requireNonNull(implementation, "implementation");
        Class<?> c = caller.lookupClass();
        if (!c.getName().equals(installer) || c.getModule() != Bridge.class.getModule()
                || (caller.lookupModes() & MethodHandles.Lookup.ORIGINAL) == 0) {
            throw new IllegalStateException("only " + installer + " may set this bridge, not " + caller);
        }
        synchronized (lock) {
            if (value != null) {
                throw new IllegalStateException("the bridge of " + installer + " is already set");
            }
            value = implementation;
        }
    }

    /**
     * The implementation, initialising {@code installerClass} (which sets it) on first use.
     *
     * @throws IllegalArgumentException when {@code installerClass} is not the installer
     */
    public T get(Class<?> installerClass) {
        if (!installerClass.getName().equals(installer)) {
            throw new IllegalArgumentException(installerClass + " does not set the bridge of " + installer);
        }
        T v = value;
        if (v != null) {
            return v;
        }
        try {
            Class.forName(installerClass.getName(), true, installerClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        v = value;
        if (v == null) {
            throw new IllegalStateException(installer + " did not set its bridge");
        }
        return v;
    }
}

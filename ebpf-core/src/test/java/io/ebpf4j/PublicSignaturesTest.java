package io.ebpf4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every type a user can reach in ebpf-core (a public class of a non-internal package, or a public or protected
 * member class of one) speaks public types only: no public or protected constructor, method, field or record
 * component, no superclass, interface or type-parameter bound mentions a type from an {@code io.ebpf4j.internal}
 * package, not even as a generic type argument. What {@code javap -protected} of the exported packages shows is
 * what this test reads, by reflection over ebpf-core's own compiled classes.
 */
class PublicSignaturesTest {
    private static final String INTERNAL = "io.ebpf4j.internal.";

    @Test
    void noInternalTypeInAPublicOrProtectedSignature() throws Exception {
        List<Class<?>> api = apiClasses();
        assertTrue(api.size() > 100, "found only " + api.size() + " public classes in ebpf-core: scan broken?");
        Set<String> leaks = new TreeSet<>();
        for (Class<?> c : api) {
            leaks.addAll(leaksOf(c, INTERNAL));
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " public signatures mention internal types:\n  "
                + String.join("\n  ", leaks));
    }

    /**
     * The scan sees a forbidden type wherever a signature hides it (here {@code java.util.concurrent} plays the
     * internal package, so the samples need no internal class): in generic arguments, bounds, arrays, record
     * components, parameters, throws clauses and supertypes; and ignores private and package-private members.
     */
    @Test
    void theScanSeesForbiddenTypesWhereverASignatureHidesThem() {
        String forbidden = "java.util.concurrent.";
        List<String> leaks = leaksOf(Leaky.class, forbidden);
        for (String member : List.of("Leaky.futures() returns", "Leaky.take(Map[]) parameter", "Leaky.run() throws",
                "Leaky.take(Map[]) <T>", "Leaky.pending", "Leaky implements", "Leaky record component futures")) {
            assertTrue(leaks.stream().anyMatch(l -> l.contains(member)), "missed " + member + " in " + leaks);
        }
        assertTrue(leaksOf(Clean.class, forbidden).isEmpty(), leaksOf(Clean.class, forbidden).toString());
        assertTrue(leaksOf(Leaky.class, INTERNAL).isEmpty(), leaksOf(Leaky.class, INTERNAL).toString());
    }

    /** Test-only sample of leaks: the scan must report each. */
    public record Leaky(java.util.Optional<java.util.List<java.util.concurrent.Future<?>>> futures)
            implements Comparable<java.util.concurrent.Delayed> {
        public static java.util.concurrent.atomic.AtomicLong[] pending;

        public <T extends java.util.concurrent.Callable<String>> void take(
                java.util.Map<String, ? super java.util.concurrent.TimeUnit>[] units) {
        }

        public void run() throws java.util.concurrent.ExecutionException {
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return 0;
        }
    }

    /** Test-only sample: forbidden types in private fields and package-private methods are allowed. */
    public static final class Clean {
        private java.util.concurrent.Future<?> future;

        java.util.concurrent.Future<?> future() {
            return future;
        }

        public int count() {
            return 0;
        }
    }

    // ---- the scan ----

    private static List<String> leaksOf(Class<?> c, String forbidden) {
        List<String> leaks = new ArrayList<>();
        String owner = c.getName();
        check(leaks, forbidden, owner + " extends", c.getGenericSuperclass());
        for (Type i : c.getGenericInterfaces()) {
            check(leaks, forbidden, owner + " implements", i);
        }
        for (TypeVariable<?> v : c.getTypeParameters()) {
            check(leaks, forbidden, owner + " <" + v.getName() + ">", v);
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
                checkExecutable(leaks, forbidden, owner + "(" + params(k) + ")", k);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                String at = owner + "." + m.getName() + "(" + params(m) + ")";
                check(leaks, forbidden, at + " returns", m.getGenericReturnType());
                checkExecutable(leaks, forbidden, at, m);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                check(leaks, forbidden, owner + "." + f.getName(), f.getGenericType());
            }
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                check(leaks, forbidden, owner + " record component " + rc.getName(), rc.getGenericType());
            }
        }
        return leaks;
    }

    private static void checkExecutable(List<String> leaks, String forbidden, String at, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(leaks, forbidden, at + " parameter", p);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(leaks, forbidden, at + " throws", x);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            check(leaks, forbidden, at + " <" + v.getName() + ">", v);
        }
    }

    private static String params(Executable e) {
        return String.join(", ", Stream.of(e.getParameterTypes()).map(Class::getSimpleName).toList());
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> leaks, String forbidden, String at, Type t) {
        Set<Class<?>> found = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
        forbiddenTypes(t, forbidden, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        for (Class<?> k : found) {
            leaks.add(at + ": " + k.getName());
        }
    }

    /** Collects every class under {@code forbidden} that {@code t} mentions: raw types, owners, arguments, bounds. */
    private static void forbiddenTypes(Type t, String forbidden, Set<Class<?>> found, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        switch (t) {
            case Class<?> k -> {
                Class<?> base = k;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                if (base.getName().startsWith(forbidden)) {
                    found.add(base);
                }
            }
            case ParameterizedType p -> {
                forbiddenTypes(p.getRawType(), forbidden, found, seen);
                forbiddenTypes(p.getOwnerType(), forbidden, found, seen);
                for (Type a : p.getActualTypeArguments()) {
                    forbiddenTypes(a, forbidden, found, seen);
                }
            }
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) {
                    forbiddenTypes(b, forbidden, found, seen);
                }
                for (Type b : w.getLowerBounds()) {
                    forbiddenTypes(b, forbidden, found, seen);
                }
            }
            case TypeVariable<?> v -> {
                for (Type b : v.getBounds()) {
                    forbiddenTypes(b, forbidden, found, seen);
                }
            }
            case GenericArrayType g -> forbiddenTypes(g.getGenericComponentType(), forbidden, found, seen);
            default -> throw new AssertionError("unknown kind of type " + t);
        }
    }

    /** The classes of ebpf-core's main output a user can name: public, in a non-internal package, nested in one. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(BpfObject.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(root.relativize(p).toString().replace('/', '.')));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().filter(e -> e.getName().endsWith(".class"))
                        .forEach(e -> names.add(e.getName().replace('/', '.')));
            }
        }
        List<Class<?>> api = new ArrayList<>();
        ClassLoader loader = BpfObject.class.getClassLoader();
        for (String file : names) {
            String name = file.substring(0, file.length() - ".class".length());
            if (name.startsWith(INTERNAL) || name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, loader);
            if (reachable(c)) {
                api.add(c);
            }
        }
        return api;
    }

    private static boolean reachable(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(c.getModifiers());
        }
        return visible(c.getModifiers()) && reachable(outer);
    }
}

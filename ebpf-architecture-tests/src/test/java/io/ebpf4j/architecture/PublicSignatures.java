package io.ebpf4j.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a user of a library module sees: public types of exported packages and their public members. */
final class PublicSignatures {

    private PublicSignatures() {
    }

    /** A package named {@code internal} anywhere under io.ebpf4j (core's and hooks' internals). */
    static boolean isInternal(String packageName) {
        if (!packageName.startsWith("io.ebpf4j.")) {
            return false;
        }
        return List.of(packageName.split("\\.")).contains("internal");
    }

    /** Classes a user of a library module (or the test kit) can name. */
    static final DescribedPredicate<JavaClass> EXPORTED_API = new DescribedPredicate<>(
            "are public types of the exported packages of ebpf-native, ebpf-core, ebpf-testkit, ebpf-hooks"
                    + " and ebpf-heal") {
        @Override
        public boolean test(JavaClass c) {
            String pkg = c.getPackageName();
            return pkg.startsWith("io.ebpf4j.")
                    && !isInternal(pkg)
                    && !pkg.startsWith("io.ebpf4j.heal.experiment")
                    && !pkg.startsWith("io.ebpf4j.examples")
                    && visibleOutsideItsPackage(c);
        }
    };

    static final ArchCondition<JavaClass> NOT_MENTION_INTERNAL_TYPES =
            new ArchCondition<>("not mention an io.ebpf4j internal type in a public or protected signature") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    List<String> leaks = new ArrayList<>();
                    c.getSuperclass().ifPresent(t -> collect(leaks, c.getName() + " extends", t));
                    for (JavaType t : c.getInterfaces()) {
                        collect(leaks, c.getName() + " implements", t);
                    }
                    for (JavaTypeVariable<?> v : c.getTypeParameters()) {
                        v.getUpperBounds().forEach(b -> collect(leaks, c.getName() + " type parameter " + v.getName(), b));
                    }
                    for (JavaMember m : c.getMembers()) {
                        if (!visible(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            continue;
                        }
                        String where = m.getFullName();
                        if (m instanceof JavaField f) {
                            collect(leaks, where, f.getType());
                        } else if (m instanceof JavaCodeUnit u) {
                            collect(leaks, where + " returns", u.getReturnType());
                            for (JavaType p : u.getParameterTypes()) {
                                collect(leaks, where + " takes", p);
                            }
                            for (ThrowsDeclaration<?> d : u.getThrowsClause()) {
                                collect(leaks, where + " throws", d.getRawType());
                            }
                            for (JavaTypeVariable<?> v : u.getTypeParameters()) {
                                v.getUpperBounds().forEach(b -> collect(leaks, where + " type parameter", b));
                            }
                        }
                    }
                    for (String leak : leaks) {
                        events.add(SimpleConditionEvent.violated(c, leak));
                    }
                }
            };

    private static void collect(List<String> leaks, String where, JavaType type) {
        Set<JavaClass> raw = type.getAllInvolvedRawTypes();
        for (JavaClass t : raw) {
            if (isInternal(t.getPackageName())) {
                leaks.add(where + " " + t.getName() + " (internal)");
            }
        }
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean visibleOutsideItsPackage(JavaClass c) {
        if (c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!visible(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}

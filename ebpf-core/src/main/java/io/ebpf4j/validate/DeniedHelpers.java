package io.ebpf4j.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Denies calls to helpers named in a map of name to reason, resolving names through the catalog. */
final class DeniedHelpers implements Policy {
    static final String RULE = "policy.denied-helper";
    private final Map<String, String> reasons;

    DeniedHelpers(Map<String, String> reasons) {
        this.reasons = Map.copyOf(reasons);
    }

    @Override
    public List<Finding> check(ProgramView program) {
        Map<Integer, String> denied = new HashMap<>();
        reasons.forEach((name, why) -> program.catalog().id(name).ifPresent(id -> denied.put(id, why)));
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < program.insns().size(); i++) {
            int id = program.helperCalledAt(i);
            String why = id < 0 ? null : denied.get(id);
            if (why != null) {
                out.add(program.at(i, RULE, Severity.ERROR, "calls " + program.helperName(id) + ", which the policy denies: " + why));
            }
        }
        return out;
    }
}

package io.yikou.ivr.flow;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An immutable set of flows by name, the unit a walk runs against; sub-flows resolve within it. */
public final class FlowSet {

    public static final FlowSet EMPTY = new FlowSet(java.util.Map.of());

    private final java.util.Map<String, Flow> flows;

    public FlowSet(java.util.Map<String, Flow> flows) {
        this.flows = Collections.unmodifiableMap(new TreeMap<>(flows));
    }

    public Optional<Flow> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    public Set<String> names() {
        return flows.keySet();
    }

    public java.util.Collection<Flow> flows() {
        return flows.values();
    }
}

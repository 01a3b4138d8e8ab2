package io.yikou.ivr.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed flow: its name (the {@code <flow>} in {@code agi://host/<flow>}), start node and nodes.
 * Immutable and safe to share between calls.
 *
 * @param name        flow name, lower case letters, digits and dashes
 * @param description free text for people
 * @param file        file name the flow came from, for messages
 * @param answer      whether the walk starts by answering the channel
 * @param start       the first node
 * @param nodes       nodes by id, in file order
 * @param source      where the flow's {@code flow:} key was written
 */
public record Flow(String name, String description, String file, boolean answer, Target start,
                   Map<String, FlowNode> nodes, SourceRef source) {

    public Flow {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public Optional<FlowNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }
}

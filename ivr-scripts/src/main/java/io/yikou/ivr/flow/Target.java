package io.yikou.ivr.flow;

/**
 * A reference to a node of the same flow, with the place it was written.
 *
 * @param node   node id
 * @param source where the reference was written
 */
public record Target(String node, SourceRef source) {

    Edge edge(String label, boolean afterInput) {
        return Edge.node(node, label, afterInput, source);
    }

    @Override
    public String toString() {
        return node;
    }
}

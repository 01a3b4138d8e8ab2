package io.yikou.ivr.flow;

/**
 * A way out of a node, for the validator's graph checks.
 *
 * @param kind       where it leads: a node of the same flow, another flow's start (jump), or a sub-flow call
 * @param target     node id for {@link Kind#NODE}, flow name otherwise
 * @param label      the field that names it, such as {@code next}, {@code choices.1} or {@code on-exhausted}
 * @param afterInput true when the walk takes this edge only after the caller pressed accepted keys,
 *                   so a cycle through it waits for the caller
 * @param source     where the target is written
 */
public record Edge(Kind kind, String target, String label, boolean afterInput, SourceRef source) {

    /** Destination kind of an edge. */
    public enum Kind {
        NODE, JUMP, CALL
    }

    public static Edge node(String target, String label, boolean afterInput, SourceRef source) {
        return new Edge(Kind.NODE, target, label, afterInput, source);
    }
}

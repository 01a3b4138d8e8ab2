package io.yikou.ivr.runtime;

/**
 * One input the caller gave, for the contact record.
 *
 * @param flow    flow of the node
 * @param node    node id
 * @param input   keys pressed; masked for {@code sensitive} collect nodes
 * @param meaning what it selected: the target node, a rating code or {@code collected}
 */
public record IvrChoice(String flow, String node, String input, String meaning) {

    @Override
    public String toString() {
        return flow + "/" + node + "=" + input;
    }
}

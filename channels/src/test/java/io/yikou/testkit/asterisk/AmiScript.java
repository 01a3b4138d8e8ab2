package io.yikou.testkit.asterisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a {@link FakeAmiServer} plays on one connection: a recorded connection's items, possibly
 * cut short, with the action names the client under test is expected to send.
 *
 * <p>Recorded actions whose names are in {@code clientActions} wait for the client to send the same
 * action and answer it with the recorded response (its ActionID rewritten to the client's). Other
 * recorded actions were the recording driver's (Originate, PlayDTMF, Hangup standing in for the
 * citizen's phone): their responses are sent as recorded, so the client sees foreign ActionIDs.
 */
public record AmiScript(List<Transcript.Item> items, Set<String> clientActions, boolean closeAtEnd,
                        List<Integer> holdIndexes) {

    public AmiScript {
        items = List.copyOf(items);
        clientActions = Set.copyOf(clientActions);
        holdIndexes = holdIndexes.stream().sorted().toList();
    }

    /** Builds a script that plays without holds. */
    public AmiScript(List<Transcript.Item> items, Set<String> clientActions, boolean closeAtEnd) {
        this(items, clientActions, closeAtEnd, List.of());
    }

    /** Plays a whole recorded connection; only the login actions wait for the client. */
    public static AmiScript of(Transcript.Connection connection) {
        return new AmiScript(connection.items(), Set.of("Challenge", "Login"), false);
    }

    /** Also waits for these actions from the client, answering them as recorded. */
    public AmiScript expecting(String... actions) {
        Set<String> all = new java.util.HashSet<>(clientActions);
        all.addAll(List.of(actions));
        return new AmiScript(items, all, closeAtEnd, holdIndexes);
    }

    /**
     * Stops playing before the item at {@code index} until the test calls
     * {@link FakeAmiServer#release()}, so a test can set up the listeners (an agent's desk, say)
     * before the recorded call goes on. With several holds, each call releases the next one in index
     * order.
     */
    public AmiScript holdAt(int index) {
        if (index < 0 || index >= items.size()) {
            throw new IllegalArgumentException("hold index " + index + " is outside the script's "
                    + items.size() + " items");
        }
        List<Integer> all = new ArrayList<>(holdIndexes);
        all.add(index);
        return new AmiScript(items, clientActions, closeAtEnd, all);
    }

    /** Keeps the items before index {@code end} and closes the connection after them. */
    public AmiScript cutAt(int end) {
        return new AmiScript(items.subList(0, end), clientActions, true, holdsBefore(end));
    }

    /** Keeps the items before index {@code end} and leaves the connection open after them. */
    public AmiScript until(int end) {
        return new AmiScript(items.subList(0, end), clientActions, false, holdsBefore(end));
    }

    /**
     * Keeps the banner and login, then the items from {@code start} on: what a new connection sees
     * when the client comes back in the middle of a scenario.
     */
    public AmiScript resumeFrom(int start) {
        List<Transcript.Item> kept = new ArrayList<>(items.subList(0, loginEnd()));
        kept.addAll(items.subList(start, items.size()));
        return new AmiScript(kept, clientActions, closeAtEnd, List.of());
    }

    private List<Integer> holdsBefore(int end) {
        return holdIndexes.stream().filter(index -> index < end).toList();
    }

    /** Index just after the login response and the events that follow it (FullyBooted, SuccessfulAuth). */
    public int loginEnd() {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Transcript.Received received && received.text().contains("SuccessfulAuth")) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Index of the first received message whose text contains {@code needle}, searching from {@code from}. */
    public int indexOf(String needle, int from) {
        for (int i = from; i < items.size(); i++) {
            if (items.get(i) instanceof Transcript.Received received && received.text().contains(needle)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no received message contains " + needle);
    }
}

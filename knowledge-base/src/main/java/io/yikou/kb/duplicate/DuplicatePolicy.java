package io.yikou.kb.duplicate;

import java.util.Locale;

/** Action taken on a ticket whose best match reaches the link threshold. */
public enum DuplicatePolicy {
    /** Record the match on the ticket for the agent to confirm; the ticket goes on as usual. */
    OFFER,
    /**
     * Also move the ticket to {@code merged_as_duplicate} when it is still {@code new} (not yet handed to
     * the case system) and the match is an earlier open ticket.
     */
    MERGE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.yikou.core.live;

import io.yikou.core.http.StaffAuth.Role;
import java.util.Optional;

/** The topics a desk can subscribe to on {@code /api/v1/live}, with the role each needs. */
public enum LiveTopic {
    /** The agent's own state, offers, conversations and screen pops; events carry the agent's user id. */
    AGENT("agent", Role.AGENT, true),
    WALLBOARD_QUEUES("wallboard.queues", Role.SUPERVISOR, false),
    WALLBOARD_AGENTS("wallboard.agents", Role.SUPERVISOR, false),
    WALLBOARD_ALERTS("wallboard.alerts", Role.SUPERVISOR, false),
    WALLBOARD_FAILURES("wallboard.failures", Role.SUPERVISOR, false),
    WALLBOARD_TICKETS("wallboard.tickets", Role.SUPERVISOR, false);

    private final String code;
    private final Role role;
    private final boolean personal;

    LiveTopic(String code, Role role, boolean personal) {
        this.code = code;
        this.role = role;
        this.personal = personal;
    }

    /** Returns the topic's name on the wire. */
    public String code() {
        return code;
    }

    /** Returns the minimum role that may subscribe. */
    public Role role() {
        return role;
    }

    /** Tells whether only events addressed to the subscriber's user id are delivered. */
    public boolean personal() {
        return personal;
    }

    public static Optional<LiveTopic> parse(String code) {
        for (LiveTopic topic : values()) {
            if (topic.code.equals(code)) {
                return Optional.of(topic);
            }
        }
        return Optional.empty();
    }
}

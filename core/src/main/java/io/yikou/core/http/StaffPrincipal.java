package io.yikou.core.http;

import io.yikou.core.http.StaffAuth.Role;

/**
 * Who made a staff request: a person logged in with a session, or the service account.
 *
 * @param kind        person or service account
 * @param userId      opaque user id ({@code u-...}) of a person, {@code service-token} for the service account
 * @param username    login name
 * @param displayName name shown to people
 * @param role        role at the time of the check
 * @param sessionId   opaque id of the session (a digest of its token, never the token); {@code null} for
 *                    the service account
 */
public record StaffPrincipal(Kind kind, String userId, String username, String displayName, Role role,
                             String sessionId) {

    /** Key under which {@link StaffAuth#require} stores the principal in the routing context. */
    public static final String CONTEXT_KEY = "yikou.staff.principal";

    /** Kinds of caller. */
    public enum Kind { PERSON, SERVICE }

    /** The service account ({@code YIKOU_ADMIN_TOKEN}), which holds every role. */
    public static StaffPrincipal service() {
        return new StaffPrincipal(Kind.SERVICE, "service-token", "service-token", "service-token", Role.ADMINISTRATOR,
                null);
    }

    /** Returns the opaque name used in logs and ticket events: {@code user:<id>} or {@code service-token}. */
    public String actor() {
        return kind == Kind.SERVICE ? userId : "user:" + userId;
    }

    /** A built-in actor that is not a login, such as the {@code yikou user} command or the bootstrap. */
    public static StaffPrincipal system(String name) {
        return new StaffPrincipal(Kind.SERVICE, name, name, name, Role.ADMINISTRATOR, null);
    }

    public boolean isPerson() {
        return kind == Kind.PERSON;
    }
}

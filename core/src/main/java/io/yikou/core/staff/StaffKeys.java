package io.yikou.core.staff;

/**
 * Names of the Redis keys of staff accounts and sessions. They share the hash tag {@code {yks}},
 * apart from the ticket keys' {@code {yk}}, so the scripts that touch a session and its account stay
 * in one Redis Cluster slot without putting staff traffic on the ticket stream's shard.
 */
public final class StaffKeys {

    private static final String TAG = "{yks}";

    private StaffKeys() {
    }

    /** Hash of user id to account JSON. */
    public static String users() {
        return TAG + ":users";
    }

    /** Hash of normalised login name to user id. */
    public static String usernames() {
        return TAG + ":usernames";
    }

    /** Hash of one session: user id, CSRF token, creation and last-use times; expires when idle. */
    public static String session(String sessionId) {
        return TAG + ":session:" + sessionId;
    }

    /** Set of the session ids of one user, for ending them all at once. */
    public static String userSessions(String userId) {
        return TAG + ":user-sessions:" + userId;
    }

    /** Sorted set of recent login attempts for one login name (a digest of it), scored by time. */
    public static String loginAttemptsByUser(String usernameDigest) {
        return TAG + ":login-attempts:user:" + usernameDigest;
    }

    /** Sorted set of recent failed login attempts from one client address, scored by time. */
    public static String loginAttemptsByAddress(String address) {
        return TAG + ":login-attempts:addr:" + address;
    }
}

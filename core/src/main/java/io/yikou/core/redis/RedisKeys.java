package io.yikou.core.redis;

/**
 * Names of the Redis keys Yikou writes.
 *
 * <p>Every key the ticket scripts touch together carries the hash tag {@code {yk}}, so the scripts
 * stay valid on Redis Cluster: the tag puts them in one slot. That slot's shard carries the whole
 * ticket stream, which a single district hotline's volume (thousands of tickets a day) fits easily.
 */
public final class RedisKeys {

    private static final String TAG = "{yk}";

    private RedisKeys() {
    }

    /** Hash of ticket number to ticket JSON. */
    public static String tickets() {
        return TAG + ":tickets";
    }

    /** Stream of ticket and contact changes that every consumer group reads. */
    public static String stream() {
        return TAG + ":stream";
    }

    /** Per-day counter behind ticket numbers; {@code day} is {@code yyyyMMdd}. */
    public static String sequence(String day) {
        return TAG + ":seq:" + day;
    }

    /** Idempotency record for one key; {@code digest} is the hex SHA-256 of scope and key. */
    public static String idempotency(String digest) {
        return TAG + ":idem:" + digest;
    }

    /** Sorted set of ticket numbers scored by creation time in epoch milliseconds. */
    public static String createdIndex() {
        return TAG + ":idx:created";
    }

    /** Set of ticket numbers currently in one status. */
    public static String statusIndex(String status) {
        return TAG + ":idx:status:" + status;
    }

    /** Marker that one case-system event was applied, for de-duplicating webhook repeats. */
    public static String caseEvent(String digest) {
        return TAG + ":case-event:" + digest;
    }

    /** Secret behind citizens' ticket lookup tokens, shared by all nodes. */
    public static String lookupSecret() {
        return TAG + ":secret:lookup";
    }

    /** Hash of contact id to contact JSON. */
    public static String contacts() {
        return TAG + ":contacts";
    }

    /** Sorted set of contact ids scored by start time in epoch milliseconds. */
    public static String contactIndex() {
        return TAG + ":idx:contacts";
    }

    /** Sorted set of routed ticket numbers waiting for a case id, scored by next poll time (epoch ms). */
    public static String caseTokens() {
        return TAG + ":case-tokens";
    }

    /** Hash of citizen id to citizen JSON. */
    public static String citizens() {
        return TAG + ":citizens";
    }

    /** Hash of channel identity ({@code kind:value}) to citizen id. */
    public static String citizenIdentities() {
        return TAG + ":citizen-ids";
    }
    /** Hash of conversation id to conversation JSON. */
    public static String conversations() {
        return TAG + ":conversations";
    }

    /** Sorted set of conversation ids scored by opening time in epoch milliseconds. */
    public static String conversationIndex() {
        return TAG + ":idx:conversations";
    }

    /** Hash of citizen key ({@code channel:account:id}) to the id of that citizen's open conversation. */
    public static String openConversations() {
        return TAG + ":conv:open";
    }

    /** Sorted set of open conversation ids scored by their latest activity in epoch milliseconds. */
    public static String conversationActivity() {
        return TAG + ":conv:active";
    }

    /** Sorted set of one conversation's messages, scored by creation time and ordered by message id within it. */
    public static String conversationMessages(String conversationId) {
        return TAG + ":conv:msgs:" + conversationId;
    }

    /** Hash of citizen key to the epoch milliseconds of the citizen's latest message to that account. */
    public static String lastInbound() {
        return TAG + ":conv:last-inbound";
    }

    /** A lock held by one node at a time; {@code name} names what it guards, such as {@code citizen:<sha256>}. */
    public static String lock(String name) {
        return TAG + ":lock:" + name;
    }

    /** A channel account's API access token, shared by all nodes. */
    public static String accessToken(String channel, String account) {
        return TAG + ":token:" + channel + ":" + account;
    }
}

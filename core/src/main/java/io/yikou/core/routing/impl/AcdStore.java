package io.yikou.core.routing.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.agent.AgentState;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;
import io.yikou.core.routing.AcdResult;
import io.yikou.core.routing.QueueDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agent state, routing state, queues and profiles in Redis. Every state change runs {@code acd.lua}
 * once, atomically, so any number of nodes can share one Redis. All keys carry the hash tag
 * {@code {ykr}}, a slot of their own because the audit log uses {@code {yka}}. The script builds the
 * keys of agents and conversations from the prefix. Redis Cluster runs it because they hash to the
 * declared key's slot, although Redis asks scripts to declare every key. Thread-safe.
 */
public final class AcdStore {

    /** Prefix of every ACD key. */
    public static final String PREFIX = "{ykr}:";
    private static final String TIMERS = PREFIX + "timers";
    private static final String QUEUES = PREFIX + "queues";
    private static final String PROFILES = PREFIX + "profiles";
    private static final String INTERFACES = PREFIX + "interfaces";
    /** Counter every queue write increments, so a check made on all queues can detect a change since. */
    private static final String QUEUES_REVISION = PREFIX + "queues-revision";
    private static final String HISTORY_MAX = "100000";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static final RedisScript ACD = RedisScript.load(AcdStore.class, "/io/yikou/core/routing/acd.lua");
    private static final RedisScript PUT = RedisScript.load(AcdStore.class, "/io/yikou/core/routing/put-versioned.lua");

    private final RedisConnector redis;
    private final Clock clock;
    private final ZoneId zone;

    public AcdStore(RedisConnector redis, Clock clock, ZoneId zone) {
        this.redis = redis;
        this.clock = clock;
        this.zone = zone;
    }

    /** Runs one operation of {@code acd.lua} at the clock's current time. */
    public Future<AcdResult> run(String operation, String... args) {
        Instant now = clock.instant();
        String[] argv = new String[5 + args.length];
        argv[0] = PREFIX;
        argv[1] = Long.toString(now.toEpochMilli());
        argv[2] = HISTORY_MAX;
        argv[3] = day(now);
        argv[4] = operation;
        for (int i = 0; i < args.length; i++) {
            argv[5 + i] = args[i] == null ? "" : args[i];
        }
        return ACD.<String>run(redis, ScriptOutputType.VALUE, new String[] {TIMERS}, argv).map(AcdResult::parse);
    }

    /** Returns the statistics day ({@code yyyyMMdd} in the wallboard's zone) of an instant. */
    public String day(Instant at) {
        return LocalDate.ofInstant(at, zone).format(DAY);
    }

    public Clock clock() {
        return clock;
    }

    // Agents

    public Future<Optional<AgentState>> agent(String userId) {
        return redis.call(c -> c.hgetall(PREFIX + "agent:" + userId))
                .map(hash -> Optional.ofNullable(AgentState.fromHash(userId, hash)));
    }

    /** Lists every agent that ever had a state, by user id. */
    public Future<List<AgentState>> agents() {
        return redis.call(c -> c.smembers(PREFIX + "agents")).compose(ids -> {
            List<Future<Optional<AgentState>>> reads = new ArrayList<>();
            ids.stream().sorted().forEach(id -> reads.add(agent(id)));
            return Future.all(reads).map(all -> {
                List<AgentState> states = new ArrayList<>();
                reads.forEach(read -> read.result().ifPresent(states::add));
                return states;
            });
        });
    }

    /** Returns the conversations offered to an agent and not yet accepted or declined. */
    public Future<List<String>> offersOf(String userId) {
        return redis.call(c -> c.smembers(PREFIX + "agent:" + userId + ":offers")).map(ids -> ids.stream().sorted().toList());
    }

    /** Returns the conversations assigned to an agent. */
    public Future<List<String>> assignedTo(String userId) {
        return redis.call(c -> c.smembers(PREFIX + "agent:" + userId + ":convs")).map(ids -> ids.stream().sorted().toList());
    }

    // Conversations

    /** Returns a conversation's routing record, empty when it never entered routing (or expired). */
    public Future<Optional<Map<String, String>>> routing(String conversationId) {
        return redis.call(c -> c.hgetall(PREFIX + "conv:" + conversationId))
                .map(hash -> hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(hash));
    }

    /** Returns the waiting conversations of a queue in the order they will be offered. */
    public Future<List<String>> waiting(String queue, int limit) {
        return redis.call(c -> c.zrange(PREFIX + "q:" + queue + ":wait", 0, limit - 1));
    }

    /** Returns the number of waiting conversations and the oldest waiting start (epoch ms, 0 for none). */
    public Future<long[]> waitingFigures(String queue) {
        Future<Long> count = redis.call(c -> c.zcard(PREFIX + "q:" + queue + ":wait"));
        Future<List<io.lettuce.core.ScoredValue<String>>> oldest =
                redis.call(c -> c.zrangeWithScores(PREFIX + "q:" + queue + ":since", 0, 0));
        return Future.all(count, oldest).map(all -> new long[] {count.result(),
                oldest.result().isEmpty() ? 0 : (long) oldest.result().get(0).getScore()});
    }

    /** Returns the free agents of a queue, the next to be offered first. */
    public Future<List<String>> available(String queue) {
        return redis.call(c -> c.zrange(PREFIX + "q:" + queue + ":avail", 0, -1));
    }

    public Future<Map<String, String>> failures() {
        return redis.call(c -> c.hgetall(PREFIX + "failures"));
    }

    /** Returns a queue's counters for one statistics day. */
    public Future<Map<String, String>> stats(String day, String queue) {
        return redis.call(c -> c.hgetall(PREFIX + "stats:" + day + ":" + queue));
    }

    /** Arms the overflow of a waiting conversation; the timer is ignored if it has moved on by then. */
    public Future<Void> scheduleOverflow(String conversationId, String from, String to, Instant due) {
        return redis.call(c -> c.zadd(TIMERS, (double) due.toEpochMilli(),
                "overflow|" + conversationId + "|" + from + "|" + to)).mapEmpty();
    }

    /** Sets the latest citizen text shown in offers. */
    public Future<Void> preview(String conversationId, String text) {
        return redis.call(c -> c.hset(PREFIX + "conv:" + conversationId, "preview", text)).mapEmpty();
    }

    /** Returns the number of conversations of a queue offered and not yet accepted or declined. */
    public Future<Long> offeredCount(String queue) {
        return redis.call(c -> c.scard(PREFIX + "q:" + queue + ":offered"));
    }

    /** Records whether the latest presence change reached Asterisk ({@code voice.available}). */
    public Future<Void> voiceAvailable(String userId, boolean available) {
        return redis.call(c -> c.hset(PREFIX + "agent:" + userId, "voiceAvailable", available ? "1" : "0")).mapEmpty();
    }

    // Profiles

    public Future<Optional<AgentProfile>> profile(String userId) {
        return redis.call(c -> c.hget(PROFILES, userId))
                .map(json -> Optional.ofNullable(json).map(text -> AgentProfile.fromJson(new JsonObject(text))));
    }

    public Future<List<AgentProfile>> profiles() {
        return redis.call(c -> c.hgetall(PROFILES)).map(all -> all.values().stream()
                .map(text -> AgentProfile.fromJson(new JsonObject(text)))
                .sorted(Comparator.comparing(AgentProfile::userId))
                .toList());
    }

    /** Returns the user whose profile names a member interface, compared as app_queue does (ignoring case). */
    public Future<Optional<String>> userOfInterface(String memberInterface) {
        return redis.call(c -> c.hget(INTERFACES, interfaceKey(memberInterface))).map(Optional::ofNullable);
    }

    /**
     * Returns the key of a member interface in the interface index. Asterisk's app_queue compares
     * member interfaces with {@code strcasecmp}, so {@code PJSIP/1001} and {@code pjsip/1001} are one
     * member and must belong to one agent.
     */
    static String interfaceKey(String memberInterface) {
        return memberInterface.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Stores a profile if the stored version is {@code profile.version()}; completes with the stored
     * profile, or fails with {@code version_conflict} or {@code interface_in_use}.
     */
    public Future<AgentProfile> saveProfile(AgentProfile profile) {
        AgentProfile next = new AgentProfile(profile.userId(), profile.skills(), profile.chatCapacity(),
                profile.memberInterface(), profile.voiceQueues(), profile.version() + 1);
        String unique = profile.memberInterface() == null ? "" : interfaceKey(profile.memberInterface());
        return PUT.<String>run(redis, ScriptOutputType.VALUE, new String[] {PROFILES, INTERFACES}, profile.userId(),
                Long.toString(profile.version()), next.toJson().encode(), "upsert", unique, "0")
                .compose(outcome -> switch (outcome) {
                    case "ok" -> Future.succeededFuture(next);
                    case "taken" -> Future.failedFuture(io.yikou.core.http.ApiException.of(409, "interface_in_use"));
                    default -> Future.failedFuture(io.yikou.core.http.ApiException.of(409, "version_conflict"));
                });
    }

    // Queues

    public Future<List<QueueDefinition>> queues() {
        return redis.call(c -> c.hgetall(QUEUES)).map(all -> all.values().stream()
                .map(text -> QueueDefinition.fromJson(new JsonObject(text)))
                .sorted(Comparator.comparingInt(QueueDefinition::order).thenComparing(QueueDefinition::id))
                .toList());
    }

    public Future<Optional<QueueDefinition>> queue(String id) {
        return redis.call(c -> c.hget(QUEUES, id))
                .map(json -> Optional.ofNullable(json).map(text -> QueueDefinition.fromJson(new JsonObject(text))));
    }

    /** Returns the revision of the queue set. Read it before {@link #queues()} to check the queues together. */
    public Future<String> queuesRevision() {
        return redis.call(c -> c.get(QUEUES_REVISION)).map(revision -> revision == null ? "0" : revision);
    }

    /**
     * Creates ({@code create}) or replaces a queue; completes with the stored queue, or fails with
     * {@code queue_exists}, {@code queue_not_found} or {@code version_conflict}.
     */
    public Future<QueueDefinition> saveQueue(QueueDefinition queue, boolean create) {
        return saveQueue(queue, create, "");
    }

    /**
     * Like {@link #saveQueue(QueueDefinition, boolean)}, and also fails with {@code version_conflict}
     * when any queue changed since {@code revision} was read ({@code ""} skips that check).
     */
    public Future<QueueDefinition> saveQueue(QueueDefinition queue, boolean create, String revision) {
        QueueDefinition next = queue.withVersion(create ? 1 : queue.version() + 1);
        return PUT.<String>run(redis, ScriptOutputType.VALUE, new String[] {QUEUES, INTERFACES, QUEUES_REVISION},
                queue.id(), create ? "0" : Long.toString(queue.version()), next.toJson().encode(),
                create ? "create" : "update", "", "0", revision)
                .compose(outcome -> switch (outcome) {
                    case "ok" -> Future.succeededFuture(next);
                    case "exists" -> Future.failedFuture(io.yikou.core.http.ApiException.of(409, "queue_exists"));
                    case "missing" -> Future.failedFuture(io.yikou.core.http.ApiException.notFound("queue_not_found"));
                    default -> Future.failedFuture(io.yikou.core.http.ApiException.of(409, "version_conflict"));
                });
    }

    /**
     * Deletes a queue unless any queue changed since {@code revision} was read; fails with
     * {@code queue_not_found} or {@code version_conflict}.
     */
    public Future<Void> deleteQueue(String id, String revision) {
        return PUT.<String>run(redis, ScriptOutputType.VALUE, new String[] {QUEUES, INTERFACES, QUEUES_REVISION}, id,
                        "0", "", "update", "", "1", revision)
                .compose(outcome -> switch (outcome) {
                    case "ok" -> Future.<Void>succeededFuture();
                    case "missing" -> Future.failedFuture(io.yikou.core.http.ApiException.notFound("queue_not_found"));
                    default -> Future.failedFuture(io.yikou.core.http.ApiException.of(409, "version_conflict"));
                });
    }

    // Sticky agents: who handled a citizen's tickets

    /** Remembers that an agent handled a ticket of a citizen, for routing the citizen's next contact. */
    public Future<Void> rememberTicketAgent(String citizenId, String ticketNumber, String userId) {
        return redis.call(c -> c.hset(PREFIX + "ticket-agent", ticketNumber, userId))
                .compose(v -> redis.call(c -> c.sadd(PREFIX + "citizen-tickets:" + citizenId, ticketNumber)))
                .mapEmpty();
    }

    /** Returns the tickets handled by agents for a citizen, with the agent of each. */
    public Future<Map<String, String>> ticketAgents(String citizenId) {
        return redis.call(c -> c.smembers(PREFIX + "citizen-tickets:" + citizenId)).compose(numbers -> {
            if (numbers.isEmpty()) {
                return Future.succeededFuture(Map.of());
            }
            String[] fields = numbers.toArray(String[]::new);
            return redis.call(c -> c.hmget(PREFIX + "ticket-agent", fields)).map(values -> {
                Map<String, String> agents = new java.util.LinkedHashMap<>();
                values.forEach(kv -> kv.ifHasValue(value -> agents.put(kv.getKey(), value)));
                return agents;
            });
        });
    }
}

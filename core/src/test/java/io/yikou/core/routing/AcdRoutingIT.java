package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.http.ApiException;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.testkit.Await;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The messaging ACD against a real redis-server: offers, accepts and declines, timers, overflow, transfer,
 * priorities, blending and two nodes racing for the same conversations. The clock is moved by hand,
 * so timeouts are exact and no test waits for them.
 */
class AcdRoutingIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static Vertx vertx;
    private static RedisConnector redis;
    private static RedisConnector redis2;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T02:00:00Z"));
    private AcdService acd;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
        redis2 = RedisConnector.connect(vertx, REDIS.url(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        redis.close();
        redis2.close();
        Await.result(vertx.close());
    }

    @BeforeEach
    void reset() {
        Await.result(redis.call(c -> c.flushall()));
        acd = service(redis, AcdOptions.defaults());
    }

    private AcdService service(RedisConnector connector, AcdOptions options) {
        AcdStore store = new AcdStore(connector, clock, ZoneId.of("Asia/Shanghai"));
        return new AcdService(vertx, store, options, new PushPublisher(connector),
                userId -> Future.succeededFuture(Optional.of(new AcdService.Person(userId, userId, "坐席" + userId))));
    }

    // Set-up helpers

    private void queue(String id, int order, JsonObject match, JsonObject overflow, String... skills) {
        JsonObject body = new JsonObject().put("id", id).put("name", "队列" + id).put("order", order)
                .put("match", match).put("requiredSkills", new JsonArray(List.of(skills))).put("overflow", overflow);
        List<io.yikou.core.http.FieldError> errors = new ArrayList<>();
        QueueDefinition queue = QueueDefinition.fromRequest(null, body, errors);
        assertThat(errors).isEmpty();
        Await.result(acd.saveQueue(queue, true));
    }

    private void wechatQueue() {
        queue("wechat", 10, new JsonObject().put("channels", new JsonArray().add("wechat")), null, "channel:wechat");
    }

    private void agent(String userId, Integer capacity, String... skills) {
        Await.result(acd.saveProfile(new AgentProfile(userId, List.of(skills), capacity, null, List.of(), 0)));
    }

    private void ready(String userId) {
        Await.result(acd.setPresence(userId, "ready", null));
    }

    private AcdResult enqueue(String conversationId, String channel, boolean elderly, String preferred) {
        return Await.result(acd.enqueue(new AcdService.Entry(conversationId, channel, "CIT-" + conversationId,
                elderly, "zh", null, "路灯坏了 " + conversationId, preferred)));
    }

    private Map<String, String> routing(String conversationId) {
        return Await.result(acd.store().routing(conversationId)).orElseThrow();
    }

    private JsonObject state(String userId) {
        return Await.result(acd.agentJson(userId));
    }

    private String errorCode(Future<?> future) {
        return ((ApiException) Await.failure(future)).code();
    }

    // Tests

    @Test
    void offersToReadyAgentAndAcceptAssigns() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");

        enqueue("V-1", "wechat", false, null);

        assertThat(routing("V-1")).containsEntry("status", "offered").containsEntry("agent", "u-a");
        JsonArray offers = Await.result(acd.offersOf("u-a"));
        assertThat(offers).hasSize(1);
        JsonObject offer = offers.getJsonObject(0);
        assertThat(offer.getString("queue")).isEqualTo("wechat");
        assertThat(offer.getString("preview")).isEqualTo("路灯坏了 V-1");
        assertThat(offer.getString("expiresAt")).isEqualTo("2026-12-04T02:00:20Z");
        assertThat(state("u-a").getString("state")).isEqualTo("ringing");

        clock.advance(Duration.ofSeconds(4));
        JsonObject assignment = Await.result(acd.accept("V-1", "u-a"));

        assertThat(assignment.getString("agentId")).isEqualTo("u-a");
        assertThat(assignment.getLong("waitSeconds")).isEqualTo(4L);
        JsonObject agent = state("u-a");
        assertThat(agent.getString("state")).isEqualTo("busy");
        assertThat(agent.getJsonObject("chats").getInteger("active")).isEqualTo(1);
        assertThat(agent.getJsonObject("chats").getInteger("capacity")).isEqualTo(3);
        assertThat(Await.result(acd.assignmentsOf("u-a"))).hasSize(1);
        assertThat(errorCode(acd.accept("V-1", "u-a"))).isEqualTo("offer_expired");
    }

    @Test
    void offerEventReachesOnlyTheAgent() throws Exception {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        RedisClient client = RedisClient.create(REDIS.url());
        List<JsonObject> events = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub()) {
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    events.add(new JsonObject(message));
                }
            });
            pubsub.sync().subscribe(PushPublisher.CHANNEL);

            enqueue("V-1", "wechat", false, null);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> "offer.new".equals(e.getString("event"))));
        } finally {
            client.shutdown();
        }
        JsonObject offer = events.stream().filter(e -> "offer.new".equals(e.getString("event"))).findFirst()
                .orElseThrow();
        assertThat(offer.getString("topic")).isEqualTo("agent");
        assertThat(offer.getString("userId")).isEqualTo("u-a");
        assertThat(offer.getJsonObject("data").getString("conversationId")).isEqualTo("V-1");
        assertThat(events).anyMatch(e -> "agent.state".equals(e.getString("event"))
                && "wallboard.agents".equals(e.getString("topic")) && e.getString("userId") == null
                && "ringing".equals(e.getJsonObject("data").getString("state")));
    }

    @Test
    void declineRequeuesAndSkipsTheDecliner() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        agent("u-b", null, "channel:wechat");
        ready("u-a");
        clock.advance(Duration.ofSeconds(1));
        ready("u-b");

        enqueue("V-1", "wechat", false, null);
        assertThat(routing("V-1")).containsEntry("agent", "u-a");

        Await.result(acd.decline("V-1", "u-a"));

        Map<String, String> after = routing("V-1");
        assertThat(after).containsEntry("status", "offered").containsEntry("agent", "u-b")
                .containsEntry("declined", "u-a");
        assertThat(errorCode(acd.decline("V-1", "u-a"))).isEqualTo("offer_expired");
        assertThat(state("u-a").getString("state")).isEqualTo("ready");
    }

    @Test
    void expiredOfferRequeuesAndPausesAgent() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        agent("u-b", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);

        clock.advance(Duration.ofSeconds(19));
        assertThat(Await.result(acd.fireTimers())).isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(Await.result(acd.fireTimers())).isEqualTo(1);

        assertThat(routing("V-1")).containsEntry("status", "waiting").containsEntry("declined", "u-a");
        JsonObject agent = state("u-a");
        assertThat(agent.getString("state")).isEqualTo("not_ready");
        assertThat(agent.getString("reason")).isEqualTo("missed_offer");
        assertThat(errorCode(acd.accept("V-1", "u-a"))).isEqualTo("offer_expired");

        ready("u-b");
        assertThat(routing("V-1")).containsEntry("status", "offered").containsEntry("agent", "u-b");
    }

    @Test
    void fewestChatsFirstThenLongestIdle() {
        wechatQueue();
        agent("u-busy", null, "channel:wechat");
        ready("u-busy");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-busy"));
        clock.advance(Duration.ofSeconds(5));
        agent("u-early", null, "channel:wechat");
        ready("u-early");
        clock.advance(Duration.ofSeconds(5));
        agent("u-late", null, "channel:wechat");
        ready("u-late");

        enqueue("V-2", "wechat", false, null);
        enqueue("V-3", "wechat", false, null);
        enqueue("V-4", "wechat", false, null);

        assertThat(routing("V-2")).containsEntry("agent", "u-early");
        assertThat(routing("V-3")).containsEntry("agent", "u-late");
        // Everybody now has one chat or offer; u-busy has been idle longest by its idle time.
        assertThat(routing("V-4")).containsEntry("agent", "u-busy");
    }

    @Test
    void elderlyCitizensAreOfferedFirst() {
        wechatQueue();
        agent("u-a", 1, "channel:wechat");
        enqueue("V-young", "wechat", false, null);
        clock.advance(Duration.ofSeconds(30));
        enqueue("V-old", "wechat", true, null);

        ready("u-a");

        Map<String, String> old = routing("V-old");
        assertThat(old).containsEntry("status", "offered").containsEntry("agent", "u-a");
        assertThat(old.get("reasons")).contains("elderly");
        assertThat(routing("V-young")).containsEntry("status", "waiting");
        JsonObject offer = Await.result(acd.offerJson("V-old")).orElseThrow();
        assertThat(offer.getInteger("priority")).isEqualTo(2);
        assertThat(offer.getJsonArray("reasons")).contains("elderly");
    }

    @Test
    void repeatContactGoesToThePreviousAgent() {
        wechatQueue();
        agent("u-idle", null, "channel:wechat");
        ready("u-idle");
        clock.advance(Duration.ofSeconds(60));
        agent("u-known", null, "channel:wechat");
        ready("u-known");

        enqueue("V-1", "wechat", false, "u-known");

        assertThat(routing("V-1")).containsEntry("agent", "u-known");
        assertThat(routing("V-1").get("reasons")).contains("repeat_open_ticket");

        // Once the previous agent declines, the longest idle agent gets it.
        Await.result(acd.decline("V-1", "u-known"));
        assertThat(routing("V-1")).containsEntry("agent", "u-idle");
    }

    @Test
    void waitingConversationOverflowsToTheNextQueue() {
        queue("all-chat", 20, new JsonObject(), null, "overflow-team");
        queue("wechat", 10, new JsonObject().put("channels", new JsonArray().add("wechat")),
                new JsonObject().put("afterSeconds", 60).put("toQueue", "all-chat"), "channel:wechat");
        agent("u-team", null, "overflow-team");
        ready("u-team");

        enqueue("V-1", "wechat", false, null);
        assertThat(routing("V-1")).containsEntry("status", "waiting").containsEntry("queue", "wechat");

        clock.advance(Duration.ofSeconds(61));
        Await.result(acd.fireTimers());

        Map<String, String> moved = routing("V-1");
        assertThat(moved).containsEntry("queue", "all-chat").containsEntry("overflowedFrom", "wechat")
                .containsEntry("status", "offered").containsEntry("agent", "u-team");
        assertThat(moved.get("reasons")).contains("overflow");
    }

    @Test
    void transferToAnAgentAndBack() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        agent("u-b", null, "other");
        agent("u-c", null, "channel:wechat");
        ready("u-a");
        ready("u-b");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));

        assertThat(errorCode(acd.transfer("V-1", "u-b", null, "u-c", false))).isEqualTo("not_assigned_to_you");
        assertThat(errorCode(acd.transfer("V-1", "u-b", "wechat", "u-a", false))).isEqualTo("invalid_transfer");
        assertThat(errorCode(acd.transfer("V-1", "u-nobody", null, "u-a", false))).isEqualTo("agent_not_found");
        assertThat(errorCode(acd.transfer("V-1", "u-c", null, "u-a", false))).isEqualTo("agent_logged_out");
        assertThat(errorCode(acd.transfer("V-1", null, "nowhere", "u-a", false))).isEqualTo("queue_not_found");

        JsonObject routed = Await.result(acd.transfer("V-1", "u-b", null, "u-a", false));

        assertThat(routed.getString("status")).isEqualTo("offered");
        assertThat(routed.getString("agentId")).isEqualTo("u-b");
        assertThat(routed.getJsonArray("reasons")).contains("transfer");
        assertThat(state("u-a").getJsonObject("chats").getInteger("active")).isZero();
        assertThat(Await.result(acd.offerJson("V-1")).orElseThrow().getString("transferredBy")).isEqualTo("u-a");

        // u-b declines: the conversation returns to its queue, where u-a is free again.
        Await.result(acd.decline("V-1", "u-b"));
        assertThat(routing("V-1")).containsEntry("status", "offered").containsEntry("agent", "u-a")
                .containsEntry("queue", "wechat");
    }

    @Test
    void supervisorTransfersToAQueue() {
        wechatQueue();
        queue("weibo", 20, new JsonObject().put("channels", new JsonArray().add("weibo")), null, "channel:weibo");
        agent("u-a", null, "channel:wechat");
        agent("u-w", null, "channel:weibo");
        ready("u-a");
        ready("u-w");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));

        JsonObject routed = Await.result(acd.transfer("V-1", null, "weibo", "u-sup", true));

        assertThat(routed.getString("queue")).isEqualTo("weibo");
        assertThat(routed.getString("agentId")).isEqualTo("u-w");
        assertThat(routed.getInteger("priority")).isEqualTo(1);
    }

    @Test
    void closingFreesCapacityForTheNextConversation() {
        wechatQueue();
        agent("u-a", 1, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));
        enqueue("V-2", "wechat", false, null);
        assertThat(routing("V-2")).containsEntry("status", "waiting");

        Await.result(acd.close("V-1", "agent", "CIT-V-1", List.of("96010-20261204-000001")));

        assertThat(routing("V-1")).containsEntry("status", "done");
        assertThat(routing("V-2")).containsEntry("status", "offered").containsEntry("agent", "u-a");
        assertThat(Await.result(acd.store().ticketAgents("CIT-V-1")))
                .containsEntry("96010-20261204-000001", "u-a");
        assertThat(errorCode(acd.transfer("V-1", null, "wechat", "u-a", true))).isEqualTo("conversation_closed");
    }

    @Test
    void conversationNoQueueTakesIsAFailureUntilRetried() {
        wechatQueue();
        agent("u-w", null, "channel:weibo");
        ready("u-w");

        enqueue("V-9", "weibo", false, null);

        assertThat(routing("V-9")).containsEntry("status", "unroutable");
        JsonArray failures = Await.result(acd.failures());
        assertThat(failures).hasSize(1);
        assertThat(failures.getJsonObject(0).getString("reason")).isEqualTo("no_queue");
        assertThat(failures.getJsonObject(0).getString("at")).isEqualTo("2026-12-04T02:00:00Z");

        queue("weibo", 20, new JsonObject().put("channels", new JsonArray().add("weibo")), null, "channel:weibo");
        JsonObject retried = Await.result(acd.retry("V-9", null));

        assertThat(retried.getString("queue")).isEqualTo("weibo");
        assertThat(retried.getString("status")).isEqualTo("offered");
        assertThat(Await.result(acd.failures())).isEmpty();
        assertThat(errorCode(acd.retry("V-404", null))).isEqualTo("conversation_not_routed");
    }

    @Test
    void retryLeavesAnAssignedConversationAlone() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));

        String offered = errorCode(acd.retry("V-1", null));
        String toQueue = errorCode(acd.retry("V-1", "wechat"));

        assertThat(offered).isEqualTo("conversation_not_failed");
        assertThat(toQueue).isEqualTo("conversation_not_failed");
        assertThat(routing("V-1")).containsEntry("status", "assigned").containsEntry("agent", "u-a");
        assertThat(Await.result(acd.assignmentsOf("u-a"))).hasSize(1);
        assertThat(state("u-a").getJsonObject("chats").getInteger("active")).isEqualTo(1);
    }

    @Test
    void declinedOfferOfADeletedQueueFails() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.deleteQueue("wechat"));

        Await.result(acd.decline("V-1", "u-a"));

        assertThat(routing("V-1")).containsEntry("status", "unroutable");
        assertThat(Await.result(acd.failures()).getJsonObject(0).getString("reason")).isEqualTo("queue_deleted");
    }

    @Test
    void defaultQueueTakesWhatNoQueueMatches() {
        acd = service(redis, AcdOptions.defaults().with(Duration.ofSeconds(30), 0, Duration.ofSeconds(20),
                Optional.of("wechat")));
        wechatQueue();

        enqueue("V-5", "weibo", false, null);

        assertThat(routing("V-5")).containsEntry("status", "waiting").containsEntry("queue", "wechat");
    }

    @Test
    void presenceRulesAreChecked() {
        agent("u-a", null, "channel:wechat");

        assertThat(errorCode(acd.setPresence("u-a", "away", null))).isEqualTo("invalid_presence");
        assertThat(errorCode(acd.setPresence("u-a", "not_ready", null))).isEqualTo("reason_required");
        assertThat(errorCode(acd.setPresence("u-a", "not_ready", "nap"))).isEqualTo("invalid_reason");
        JsonObject lunch = Await.result(acd.setPresence("u-a", "not_ready", "lunch"));
        assertThat(lunch.getString("state")).isEqualTo("not_ready");
        assertThat(lunch.getString("reason")).isEqualTo("lunch");
    }

    @Test
    void loggingOutWithAConversationIsRefused() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));

        assertThat(errorCode(acd.setPresence("u-a", "logged_out", null))).isEqualTo("conversations_assigned");
    }

    @Test
    void loggingOutWithdrawsOpenOffers() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);

        JsonObject out = Await.result(acd.setPresence("u-a", "logged_out", null));

        assertThat(out.getString("state")).isEqualTo("logged_out");
        assertThat(out.getJsonObject("chats").getInteger("offered")).isZero();
        assertThat(routing("V-1")).containsEntry("status", "waiting");
    }

    @Test
    void offerWithdrawnAtLogoutReturnsAfterLogin() {
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);

        Await.result(acd.setPresence("u-a", "logged_out", null));
        assertThat(routing("V-1")).containsEntry("status", "waiting").containsEntry("declined", "");
        ready("u-a");

        assertThat(routing("V-1")).containsEntry("status", "offered").containsEntry("agent", "u-a");
        assertThat(Await.result(acd.offersOf("u-a"))).hasSize(1);
    }

    @Test
    void callsBlockChatsAndEndInWrapUp() {
        wechatQueue();
        Await.result(acd.saveProfile(new AgentProfile("u-a", List.of("channel:wechat"), null, "PJSIP/1001",
                List.of("96010-general"), 0)));
        ready("u-a");
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1001").put("status", "ringing")
                .put("ringing", true).put("paused", false)));
        assertThat(state("u-a").getString("state")).isEqualTo("ringing");
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1001").put("status", 2)
                .put("linkedid", "1733278507.12").put("paused", false)));
        JsonObject onCall = state("u-a");
        assertThat(onCall.getString("state")).isEqualTo("busy");
        assertThat(onCall.getJsonObject("voice").getString("call")).isEqualTo("1733278507.12");
        assertThat(onCall.getJsonObject("voice").getBoolean("available")).isFalse();

        enqueue("V-1", "wechat", false, null);
        assertThat(routing("V-1")).containsEntry("status", "waiting");

        clock.advance(Duration.ofSeconds(60));
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1001").put("status", "not_in_use")
                .put("paused", false)));
        JsonObject wrapUp = state("u-a");
        assertThat(wrapUp.getString("state")).isEqualTo("wrap_up");
        assertThat(wrapUp.getString("wrapUpEndsAt")).isEqualTo("2026-12-04T02:01:30Z");
        assertThat(routing("V-1")).containsEntry("status", "waiting");

        clock.advance(Duration.ofSeconds(31));
        Await.result(acd.fireTimers());

        assertThat(routing("V-1")).containsEntry("status", "offered").containsEntry("agent", "u-a");
    }

    @Test
    void wrapUpAfterChatWhenConfigured() {
        AcdOptions d = AcdOptions.defaults();
        acd = service(redis, new AcdOptions(Duration.ofSeconds(45), true, d.chatCapacity(), d.maxChatsDuringCall(),
                d.notReadyReasons(), d.missedOfferNotReady(), d.offerTimeout(), d.defaultQueue(), d.elderlyPriority(),
                d.transferPriority(), d.timerInterval(), d.sweepInterval(), d.serviceLevel(), d.zone(),
                d.sessionCheckInterval()));
        wechatQueue();
        agent("u-a", null, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        Await.result(acd.accept("V-1", "u-a"));

        Await.result(acd.close("V-1", "agent", "CIT-V-1", List.of()));

        JsonObject agent = state("u-a");
        assertThat(agent.getString("state")).isEqualTo("wrap_up");
        assertThat(agent.getString("wrapUpEndsAt")).isEqualTo("2026-12-04T02:00:45Z");
        clock.advance(Duration.ofSeconds(46));
        Await.result(acd.fireTimers());
        assertThat(state("u-a").getString("state")).isEqualTo("ready");
    }

    @Test
    void blendingRuleAllowsChatsDuringACall() {
        acd = service(redis, AcdOptions.defaults().with(Duration.ZERO, 1, Duration.ofSeconds(20), Optional.empty()));
        wechatQueue();
        Await.result(acd.saveProfile(new AgentProfile("u-a", List.of("channel:wechat"), null, "PJSIP/1001",
                List.of(), 0)));
        ready("u-a");
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1001").put("status", "in_use")
                .put("linkedid", "1.1")));

        enqueue("V-1", "wechat", false, null);
        enqueue("V-2", "wechat", false, null);

        assertThat(routing("V-1")).containsEntry("status", "offered");
        assertThat(routing("V-2")).containsEntry("status", "waiting");
    }

    @Test
    void unpauseClearsThePauseReason() {
        Await.result(acd.saveProfile(new AgentProfile("u-a", List.of(), null, "PJSIP/8001", List.of("96010-zixun"),
                0)));
        ready("u-a");
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/8001").put("status", 1)
                .put("paused", true).put("pausedReason", "小休")));
        JsonObject paused = state("u-a").getJsonObject("voice");
        assertThat(paused.getBoolean("paused")).isTrue();
        assertThat(paused.getString("pausedReason")).isEqualTo("小休");

        clock.advance(Duration.ofSeconds(300));
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/8001").put("status", 1)
                .put("paused", false).put("pausedReason", "")));

        JsonObject voice = state("u-a").getJsonObject("voice");
        assertThat(voice.getBoolean("paused")).isFalse();
        assertThat(voice.getString("pausedReason")).isNull();
        assertThat(state("u-a").getString("state")).isEqualTo("ready");
    }

    @Test
    void readyEndsWrapUpEarly() {
        acd = service(redis, AcdOptions.defaults());
        Await.result(acd.saveProfile(new AgentProfile("u-a", List.of(), null, "PJSIP/1002", List.of(), 0)));
        ready("u-a");
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1002").put("status", "in_use")
                .put("linkedid", "1.2")));
        Await.result(acd.memberStatus(new JsonObject().put("interface", "PJSIP/1002").put("status", "not_in_use")));
        assertThat(state("u-a").getString("state")).isEqualTo("wrap_up");

        assertThat(Await.result(acd.setPresence("u-a", "ready", null)).getString("state")).isEqualTo("ready");
    }

    @Test
    void queueStatsCountWaitingAndAnswered() {
        wechatQueue();
        agent("u-a", 1, "channel:wechat");
        ready("u-a");
        enqueue("V-1", "wechat", false, null);
        clock.advance(Duration.ofSeconds(10));
        Await.result(acd.accept("V-1", "u-a"));
        enqueue("V-2", "wechat", false, null);
        clock.advance(Duration.ofSeconds(40));

        JsonObject stats = Await.result(acd.queueStats()).getJsonObject(0);

        JsonObject chat = stats.getJsonObject("chat");
        assertThat(stats.getString("kind")).isEqualTo("chat");
        assertThat(stats.getValue("voice")).isNull();
        assertThat(chat.getLong("waiting")).isEqualTo(1L);
        assertThat(chat.getLong("longestWaitSeconds")).isEqualTo(40L);
        assertThat(chat.getLong("answered")).isEqualTo(1L);
        assertThat(chat.getLong("answeredWithinTarget")).isEqualTo(1L);
        assertThat(chat.getDouble("serviceLevel")).isEqualTo(1.0);
        assertThat(chat.getLong("averageWaitSeconds")).isEqualTo(10L);
        assertThat(stats.getJsonObject("agents").getInteger("busy")).isEqualTo(1);
    }

    @Test
    void queueAdministrationChecksOverflowAndUse() {
        queue("all-chat", 20, new JsonObject(), null);
        queue("wechat", 10, new JsonObject(), new JsonObject().put("afterSeconds", 60).put("toQueue", "all-chat"));
        QueueDefinition loop = QueueDefinition.fromRequest(null, new JsonObject().put("id", "all-chat")
                .put("name", "全部").put("overflow", new JsonObject().put("afterSeconds", 60).put("toQueue", "wechat")),
                new ArrayList<>()).withVersion(1);

        ApiException loopError = (ApiException) Await.failure(acd.saveQueue(loop, false));
        assertThat(loopError.fields()).anyMatch(f -> f.code().equals("overflow_loop"));
        assertThat(errorCode(acd.deleteQueue("all-chat"))).isEqualTo("queue_in_use");
        enqueue("V-1", "wechat", false, null);
        assertThat(errorCode(acd.deleteQueue("wechat"))).isEqualTo("queue_not_empty");
    }

    /**
     * Two nodes (two services with their own Redis connections) enqueue, dispatch, fire timers and
     * accept at the same time; every conversation ends up with exactly one agent and no agent exceeds
     * capacity.
     */
    @Test
    void concurrentOverflowUpdatesNeverCloseALoop() {
        for (int round = 0; round < 20; round++) {
            String first = "loop-a" + round;
            String second = "loop-b" + round;
            queue(first, 50, new JsonObject(), null);
            queue(second, 60, new JsonObject(), null);
            QueueDefinition firstQueue = Await.result(acd.store().queue(first)).orElseThrow();
            QueueDefinition secondQueue = Await.result(acd.store().queue(second)).orElseThrow();

            Future<QueueDefinition> toSecond = acd.saveQueue(withOverflow(firstQueue, second), false);
            Future<QueueDefinition> toFirst = acd.saveQueue(withOverflow(secondQueue, first), false);
            Await.result(Future.join(toSecond, toFirst).otherwiseEmpty());

            assertThat(toSecond.succeeded() && toFirst.succeeded()).as("round %d: both updates stored", round)
                    .isFalse();
            assertThat(toSecond.succeeded() || toFirst.succeeded()).as("round %d: one update stored", round)
                    .isTrue();
        }
    }

    private static QueueDefinition withOverflow(QueueDefinition queue, String target) {
        return new QueueDefinition(queue.id(), queue.name(), queue.order(), queue.match(), queue.requiredSkills(),
                queue.priority(), queue.offerTimeoutSeconds(), new QueueDefinition.Overflow(5, target),
                queue.serviceLevelSeconds(), queue.voiceQueues(), queue.alerts(), queue.version());
    }

    @Test
    void twoNodesNeverAssignOneConversationTwice() {
        // Agents stay ready after a missed offer, so expired offers move on to other agents.
        AcdOptions d = AcdOptions.defaults();
        AcdOptions options = new AcdOptions(d.wrapUp(), false, d.chatCapacity(), 0, d.notReadyReasons(), false,
                d.offerTimeout(), d.defaultQueue(), d.elderlyPriority(), d.transferPriority(), d.timerInterval(),
                d.sweepInterval(), d.serviceLevel(), d.zone(), d.sessionCheckInterval());
        acd = service(redis, options);
        AcdService other = service(redis2, options);
        wechatQueue();
        int agents = 20;
        int conversations = 200;
        for (int i = 0; i < agents; i++) {
            agent("u-" + i, 3, "channel:wechat");
        }
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            AcdService node = i % 2 == 0 ? acd : other;
            work.add(node.enqueue(new AcdService.Entry("V-" + i, "wechat", "CIT-" + i, i % 7 == 0, "zh", null, "",
                    null)));
            if (i % 10 == 0) {
                work.add(acd.dispatchAll());
                work.add(other.dispatchAll());
            }
            if (i < agents) {
                work.add((i % 2 == 0 ? other : acd).setPresence("u-" + i, "ready", null));
            }
        }
        Await.result(Future.join(work));
        Await.result(Future.all(acd.dispatchAll(), other.dispatchAll()));

        // Both nodes try to accept every offer for its agent at once: exactly one wins each.
        List<Future<JsonObject>> accepts = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            for (Object item : Await.result(acd.offersOf("u-" + i))) {
                String id = ((JsonObject) item).getString("conversationId");
                accepts.add(acd.accept(id, "u-" + i));
                accepts.add(other.accept(id, "u-" + i));
            }
        }
        Await.result(Future.join(accepts).otherwiseEmpty());
        long won = accepts.stream().filter(Future::succeeded).count();
        assertThat(won * 2).isEqualTo(accepts.size());
        assertThat(won).isEqualTo(agents * 3L);

        Map<String, String> owner = new HashMap<>();
        for (int i = 0; i < agents; i++) {
            List<String> assigned = Await.result(acd.store().assignedTo("u-" + i));
            assertThat(assigned).hasSize(3);
            for (String id : assigned) {
                assertThat(owner.put(id, "u-" + i)).as("conversation %s assigned twice", id).isNull();
                assertThat(routing(id)).containsEntry("status", "assigned").containsEntry("agent", "u-" + i);
            }
        }
        long waiting = 0;
        for (int i = 0; i < conversations; i++) {
            String status = routing("V-" + i).get("status");
            assertThat(status).isIn("assigned", "waiting");
            waiting += "waiting".equals(status) ? 1 : 0;
        }
        assertThat(waiting).isEqualTo(conversations - agents * 3L);
        assertThat(Await.result(acd.store().waiting("wechat", 1000))).hasSize((int) waiting);

        // Second round: both nodes close, fire expiries and offer at once; the counters must still match the sets.
        List<Future<?>> churn = new ArrayList<>();
        owner.forEach((id, agent) -> churn.add((id.hashCode() % 2 == 0 ? acd : other).close(id, "agent", null,
                List.of())));
        churn.add(acd.dispatchAll());
        churn.add(other.dispatchAll());
        Await.result(Future.join(churn));
        clock.advance(Duration.ofSeconds(21));
        Await.result(Future.join(acd.fireTimers(), other.fireTimers(), acd.dispatchAll(), other.dispatchAll()));

        Map<String, String> offeredTo = new HashMap<>();
        for (int i = 0; i < agents; i++) {
            String agent = "u-" + i;
            Map<String, String> hash = Await.result(redis.call(c -> c.hgetall(AcdStore.PREFIX + "agent:" + agent)));
            List<String> offers = Await.result(acd.store().offersOf(agent));
            assertThat(Integer.parseInt(hash.get("offered"))).as("offer count of %s", agent).isEqualTo(offers.size());
            assertThat(Integer.parseInt(hash.get("active"))).as("chats of %s", agent).isZero();
            assertThat(offers.size()).as("offers of %s", agent).isLessThanOrEqualTo(3);
            for (String id : offers) {
                assertThat(offeredTo.put(id, agent)).as("conversation %s offered twice", id).isNull();
                assertThat(routing(id)).containsEntry("status", "offered").containsEntry("agent", agent);
                assertThat(routing(id).get("declined").split(",")).as("declined list of %s", id)
                        .doesNotContain(agent);
            }
        }
        assertThat(offeredTo).hasSize(agents * 3);
    }
}

package io.yikou.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code agent.*} and {@code routing.*} sections, plus the two {@code wallboard.*} keys the chat
 * figures need (the live module reads the same keys for the voice figures).
 *
 * @param wrapUp              wrap-up after a call; zero for none
 * @param wrapUpAfterChat     whether closing the last chat (with no call) starts a wrap-up too
 * @param chatCapacity        chats at once for agents whose profile sets none
 * @param maxChatsDuringCall  the blending rule: new chat offers go to an agent on a call only while the
 *                            agent has fewer chats than this (0: no chats are offered during calls)
 * @param notReadyReasons     reasons an agent may choose, with their labels
 * @param missedOfferNotReady whether an expired offer makes the agent not ready (reason {@code missed_offer})
 * @param offerTimeout        how long an offer waits for the agent when the queue sets none
 * @param defaultQueue        queue for conversations no queue matches; empty makes them routing failures
 * @param elderlyPriority     priority added for elderly citizens
 * @param transferPriority    priority added to a transferred conversation
 * @param timerInterval       how often a node fires due timers (offer expiry, wrap-up end, overflow)
 * @param sweepInterval       how often a node offers waiting conversations without a trigger
 * @param serviceLevel        service-level target (a chat accepted within it counts as answered in time) when the queue sets none
 * @param zone                time zone of the statistics day
 * @param sessionCheckInterval how often a node looks for agents still logged in whose staff sessions all expired
 */
public record AcdOptions(Duration wrapUp, boolean wrapUpAfterChat, int chatCapacity, int maxChatsDuringCall,
                         List<Reason> notReadyReasons, boolean missedOfferNotReady, Duration offerTimeout,
                         Optional<String> defaultQueue, int elderlyPriority, int transferPriority,
                         Duration timerInterval, Duration sweepInterval, Duration serviceLevel, ZoneId zone,
                         Duration sessionCheckInterval) {

    /** The reason routing sets when an offer expires; always accepted, never offered in the list. */
    public static final String MISSED_OFFER = "missed_offer";
    /** The reason routing sets when an agent's last staff session ends with chats assigned; agents cannot choose it. */
    public static final String SESSION_ENDED = "session_ended";

    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");

    /** A not-ready reason: a code and its label in Chinese and English. */
    public record Reason(String code, String zh, String en) {

        public String label(Locale locale) {
            return "en".equals(locale.getLanguage()) ? en : zh;
        }
    }

    public static final List<Reason> DEFAULT_REASONS = List.of(
            new Reason("break", "小休", "Break"),
            new Reason("lunch", "午餐", "Lunch"),
            new Reason("meeting", "会议", "Meeting"),
            new Reason("training", "培训", "Training"),
            new Reason("after_call_work", "话后处理", "After-call work"));

    public AcdOptions {
        notReadyReasons = List.copyOf(notReadyReasons);
    }

    public static List<EnvOverride> envOverrides() {
        return List.of(new EnvOverride("YIKOU_AGENT_WRAP_UP", "agent.wrap-up.duration"),
                new EnvOverride("YIKOU_AGENT_CHAT_CAPACITY", "agent.chat-capacity"),
                new EnvOverride("YIKOU_ROUTING_OFFER_TIMEOUT", "routing.offer-timeout"),
                new EnvOverride("YIKOU_ROUTING_DEFAULT_QUEUE", "routing.default-queue"));
    }

    public static AcdOptions read(ConfigReader reader) {
        Optional<String> defaultQueue = reader.optionalString("routing.default-queue");
        defaultQueue.ifPresent(queue -> {
            if (!queue.matches("[a-z0-9-]{1,40}")) {
                reader.problem("routing.default-queue", queue, "a queue id of 1 to 40 of a-z, 0-9 and -");
            }
        });
        return new AcdOptions(
                reader.duration("agent.wrap-up.duration", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                reader.bool("agent.wrap-up.after-chat", false),
                reader.integer("agent.chat-capacity", 3, 0, 20),
                reader.integer("agent.blending.max-chats-during-call", 0, 0, 20),
                reasons(reader),
                reader.bool("routing.missed-offer-not-ready", true),
                reader.duration("routing.offer-timeout", Duration.ofSeconds(20), Duration.ofSeconds(5),
                        Duration.ofMinutes(10)),
                defaultQueue,
                reader.integer("routing.elderly-priority", 2, 0, 10),
                reader.integer("routing.transfer-priority", 1, 0, 10),
                reader.duration("routing.timer-interval", Duration.ofMillis(250), Duration.ofMillis(20),
                        Duration.ofSeconds(10)),
                reader.duration("routing.sweep-interval", Duration.ofSeconds(2), Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                reader.duration("wallboard.service-level", Duration.ofSeconds(15), Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                reader.zone("wallboard.zone", ZoneId.of("Asia/Shanghai")),
                reader.duration("agent.session-check-interval", Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofHours(1)));
    }

    /**
     * Reads {@code agent.not-ready-reasons}: a list of {@code {code, zh, en}} mappings. A plain code
     * is accepted too when it is one of the defaults, whose labels are known.
     */
    private static List<Reason> reasons(ConfigReader reader) {
        String key = "agent.not-ready-reasons";
        JsonNode node = reader.subtree(key);
        if (node.isMissingNode() || node.isNull()) {
            return DEFAULT_REASONS;
        }
        if (!node.isArray() || node.isEmpty()) {
            reader.problem(key, node.toString(), "a non-empty list of {code, zh, en}");
            return DEFAULT_REASONS;
        }
        List<Reason> reasons = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode item : node) {
            Reason reason = null;
            if (item.isObject()) {
                String code = item.path("code").asText("").trim();
                String zh = item.path("zh").asText("").trim();
                String en = item.path("en").asText("").trim();
                if (CODE.matcher(code).matches() && !zh.isEmpty() && zh.length() <= 40 && !en.isEmpty()
                        && en.length() <= 40) {
                    reason = new Reason(code, zh, en);
                }
            } else if (item.isValueNode()) {
                String code = item.asText().trim();
                reason = DEFAULT_REASONS.stream().filter(r -> r.code().equals(code)).findFirst().orElse(null);
            }
            if (reason == null || MISSED_OFFER.equals(reason.code()) || SESSION_ENDED.equals(reason.code())
                    || !codes.add(reason.code())) {
                reader.problem(key, item.toString(), "{code: a-z 0-9 _, zh: label, en: label}, each code once, "
                        + "not missed_offer or session_ended (routing sets them)");
                continue;
            }
            reasons.add(reason);
        }
        return reasons.isEmpty() ? DEFAULT_REASONS : reasons;
    }

    /** Tells whether an agent may choose a reason code. */
    public boolean knowsReason(String code) {
        return notReadyReasons.stream().anyMatch(reason -> reason.code().equals(code));
    }

    /** Defaults, for tests and tools without a configuration file. */
    public static AcdOptions defaults() {
        return new AcdOptions(Duration.ofSeconds(30), false, 3, 0, DEFAULT_REASONS, true, Duration.ofSeconds(20),
                Optional.empty(), 2, 1, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(15),
                ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(30));
    }

    /** Returns a copy with another wrap-up, blending rule, offer timeout and default queue, for tests. */
    public AcdOptions with(Duration newWrapUp, int newMaxChatsDuringCall, Duration newOfferTimeout,
                           Optional<String> newDefaultQueue) {
        return new AcdOptions(newWrapUp, wrapUpAfterChat, chatCapacity, newMaxChatsDuringCall, notReadyReasons,
                missedOfferNotReady, newOfferTimeout, newDefaultQueue, elderlyPriority, transferPriority,
                timerInterval, sweepInterval, serviceLevel, zone, sessionCheckInterval);
    }
}

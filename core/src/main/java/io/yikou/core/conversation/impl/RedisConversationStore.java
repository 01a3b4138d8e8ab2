package io.yikou.core.conversation.impl;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.citizen.Identity;
import io.yikou.core.contact.Channel;
import io.yikou.core.conversation.Conversation;
import io.yikou.core.conversation.ConversationMessage;
import io.yikou.core.conversation.ConversationState;
import io.yikou.core.conversation.ConversationStore;
import io.yikou.core.conversation.DialogueState;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RecordUpdater;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisKeys;
import io.yikou.core.redis.RedisScript;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConversationStore} on Redis. A conversation is a JSON record in {@code {yk}:conversations};
 * its messages are members of a sorted set scored by creation time in milliseconds, each member
 * prefixed with the zero-padded message id so that messages of the same second sort by message id.
 * Thread-safe.
 */
public final class RedisConversationStore implements ConversationStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConversationStore.class);
    private static final RedisScript APPEND = RedisScript.load(RedisConversationStore.class,
            "/io/yikou/core/conversation/append-message.lua");
    private static final RedisScript CLOSE = RedisScript.load(RedisConversationStore.class,
            "/io/yikou/core/conversation/close-conversation.lua");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int MAX_ATTEMPTS = 8;
    private static final BigInteger MAX_UNSIGNED_LONG = BigInteger.ONE.shiftLeft(64);

    private final RedisConnector redis;
    private final RecordUpdater updater;
    private final ZoneId zone;
    private final Clock clock;
    private final long streamMaxLength;
    private final int maxMessages;
    private final SecureRandom random = new SecureRandom();

    public RedisConversationStore(RedisConnector redis, ZoneId zone, Clock clock, long streamMaxLength,
                                  int maxMessages) {
        this.redis = redis;
        this.updater = new RecordUpdater(redis, streamMaxLength);
        this.zone = zone;
        this.clock = clock;
        this.streamMaxLength = streamMaxLength;
        this.maxMessages = maxMessages;
    }

    @Override
    public Future<Appended> appendInbound(Channel channel, String account, Identity citizen, String citizenId,
                                          ConversationMessage message, Instant now) {
        String citizenKey = Conversation.citizenKey(channel, account, citizen);
        return redis.call(c -> c.hget(RedisKeys.openConversations(), citizenKey))
                .compose(openId -> append(channel, account, citizen, citizenId, message, now, citizenKey, openId, 1));
    }

    private Future<Appended> append(Channel channel, String account, Identity citizen, String citizenId,
                                    ConversationMessage message, Instant now, String citizenKey, String openId,
                                    int attempt) {
        if (attempt > MAX_ATTEMPTS) {
            return Future.failedFuture(new IllegalStateException(
                    "open conversation of " + citizenKey.substring(0, citizenKey.indexOf(':')) + " kept changing"));
        }
        Conversation fresh = openId == null
                ? new Conversation(newId(now), channel, account, citizen, citizenId, ConversationState.OPEN, now,
                        null, null, List.of(), DialogueState.IDLE, null, now, 1)
                : null;
        String id = openId != null ? openId : fresh.id();
        String[] keys = {RedisKeys.conversations(), RedisKeys.openConversations(), RedisKeys.conversationActivity(),
                RedisKeys.conversationIndex(), RedisKeys.conversationMessages(id), RedisKeys.stream(),
                RedisKeys.lastInbound()};
        return APPEND.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                        citizenKey,
                        id,
                        fresh == null ? "" : JsonCodec.write(fresh),
                        member(message),
                        Long.toString(message.createdAt().toEpochMilli()),
                        Long.toString(now.toEpochMilli()),
                        Long.toString(streamMaxLength),
                        message.isInbound() ? "1" : "0",
                        Integer.toString(maxMessages))
                .compose(reply -> switch ((String) reply.get(0)) {
                    case "ok" -> Future.succeededFuture(new Appended(
                            JsonCodec.read((String) reply.get(4), Conversation.class),
                            (Long) reply.get(2) == 1L, (Long) reply.get(3) == 1L));
                    case "retry" -> {
                        String current = (String) reply.get(1);
                        yield append(channel, account, citizen, citizenId, message, now, citizenKey,
                                current.isEmpty() ? null : current, attempt + 1);
                    }
                    case "full" -> {
                        LOG.info("Conversation {} reached {} messages; closing it and opening another", id,
                                maxMessages);
                        yield close(id, "full").compose(closed -> append(channel, account, citizen, citizenId,
                                message, now, citizenKey, null, attempt + 1));
                    }
                    default -> Future.failedFuture(new IllegalStateException("unexpected reply " + reply));
                });
    }

    @Override
    public Future<Void> appendReply(String conversationId, ConversationMessage message) {
        return redis.call(c -> c.zadd(RedisKeys.conversationMessages(conversationId),
                        (double) message.createdAt().toEpochMilli(), member(message)))
                .mapEmpty();
    }

    @Override
    public Future<Optional<Conversation>> find(String id) {
        return redis.call(c -> c.hget(RedisKeys.conversations(), id))
                .map(json -> Optional.ofNullable(json).map(text -> JsonCodec.read(text, Conversation.class)));
    }

    @Override
    public Future<Optional<Conversation>> findOpen(Channel channel, String account, Identity citizen) {
        return redis.call(c -> c.hget(RedisKeys.openConversations(), Conversation.citizenKey(channel, account, citizen)))
                .compose(id -> id == null ? Future.succeededFuture(Optional.<Conversation>empty()) : find(id));
    }

    @Override
    public Future<List<ConversationMessage>> messages(String id) {
        return redis.call(c -> c.zrange(RedisKeys.conversationMessages(id), 0, -1))
                .map(members -> {
                    List<ConversationMessage> messages = new ArrayList<>(members.size());
                    for (String member : members) {
                        messages.add(JsonCodec.read(member.substring(member.indexOf('|') + 1),
                                ConversationMessage.class));
                    }
                    return messages;
                });
    }

    @Override
    public Future<Conversation> modify(String id, UnaryOperator<Conversation> change) {
        return modify(id, change, 1);
    }

    private Future<Conversation> modify(String id, UnaryOperator<Conversation> change, int attempt) {
        return find(id).compose(found -> {
            Conversation current = found.orElseThrow(() -> new NoSuchElementException("conversation not found: " + id));
            Conversation updated = change.apply(current);
            if (updated == current) {
                return Future.succeededFuture(current);
            }
            return updater.update(RedisKeys.conversations(), null, "conversation", id, current.version(),
                            JsonCodec.write(updated), updated.version(), "conversation.updated",
                            current.state().code(), updated.state().code())
                    .compose(outcome -> switch (outcome.state()) {
                        case "ok" -> Future.succeededFuture(updated);
                        case "conflict" -> attempt < MAX_ATTEMPTS
                                ? modify(id, change, attempt + 1)
                                : Future.failedFuture(new IllegalStateException(
                                        "conversation " + id + " kept changing; gave up after " + attempt + " attempts"));
                        default -> Future.failedFuture(new NoSuchElementException("conversation not found: " + id));
                    });
        });
    }

    @Override
    public Future<List<Conversation>> recent(Optional<ConversationState> state, int limit) {
        // Open conversations have their own index, so listing them never scans closed ones.
        Future<List<String>> ids = state.filter(s -> s == ConversationState.OPEN).isPresent()
                ? redis.call(c -> c.zrevrange(RedisKeys.conversationActivity(), 0, limit - 1))
                : redis.call(c -> c.zrevrangebyscore(RedisKeys.conversationIndex(), Range.create(0d, Double.MAX_VALUE),
                        Limit.create(0, state.isPresent() ? limit * 4L : limit)));
        return ids.compose(list -> list.isEmpty()
                        ? Future.succeededFuture(List.<KeyValue<String, String>>of())
                        : redis.call(c -> c.hmget(RedisKeys.conversations(), list.toArray(String[]::new))))
                .map(values -> {
                    List<Conversation> conversations = new ArrayList<>();
                    for (KeyValue<String, String> value : values) {
                        if (!value.hasValue()) {
                            continue;
                        }
                        Conversation conversation = JsonCodec.read(value.getValue(), Conversation.class);
                        if (state.isEmpty() || conversation.state() == state.get()) {
                            conversations.add(conversation);
                        }
                        if (conversations.size() == limit) {
                            break;
                        }
                    }
                    return conversations;
                });
    }

    @Override
    public Future<Optional<Instant>> lastInbound(Channel channel, String account, Identity citizen) {
        return redis.call(c -> c.hget(RedisKeys.lastInbound(), Conversation.citizenKey(channel, account, citizen)))
                .map(ms -> Optional.ofNullable(ms).map(text -> Instant.ofEpochMilli(Long.parseLong(text))));
    }

    @Override
    public Future<Boolean> close(String id, String reason) {
        return closeIf(id, reason, null, 1);
    }

    @Override
    public Future<Integer> closeIdle(Instant cutoff, int batch) {
        Range<Double> range = Range.create(0d, (double) cutoff.toEpochMilli());
        return redis.call(c -> c.zrangebyscore(RedisKeys.conversationActivity(), range, Limit.create(0, batch)))
                .compose(ids -> {
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (String id : ids) {
                        chain = chain.compose(count -> closeIf(id, "idle", cutoff, 1)
                                .map(closed -> closed ? count + 1 : count));
                    }
                    return chain;
                });
    }

    private Future<Boolean> closeIf(String id, String reason, Instant idleCutoff, int attempt) {
        return find(id).compose(found -> {
            if (found.isEmpty()) {
                // An index entry without a record: drop it so the sweep does not meet it again.
                return redis.call(c -> c.zrem(RedisKeys.conversationActivity(), id)).map(false);
            }
            Conversation current = found.get();
            if (!current.isOpen()) {
                return redis.call(c -> c.zrem(RedisKeys.conversationActivity(), id)).map(false);
            }
            Conversation closed = current.close(reason, clock.instant());
            String[] keys = {RedisKeys.conversations(), RedisKeys.openConversations(),
                    RedisKeys.conversationActivity(), RedisKeys.stream()};
            return CLOSE.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
                            id,
                            Long.toString(current.version()),
                            JsonCodec.write(closed),
                            current.citizenKey(),
                            idleCutoff == null ? "" : Long.toString(idleCutoff.toEpochMilli()),
                            Long.toString(streamMaxLength),
                            reason,
                            Long.toString(closed.version()))
                    .compose(reply -> switch ((String) reply.get(0)) {
                        case "ok" -> {
                            LOG.info("Closed conversation {} ({})", id, reason);
                            yield Future.succeededFuture(true);
                        }
                        case "conflict" -> attempt < MAX_ATTEMPTS
                                ? closeIf(id, reason, idleCutoff, attempt + 1)
                                : Future.failedFuture(new IllegalStateException("conversation " + id + " kept changing"));
                        default -> Future.succeededFuture(false);
                    });
        });
    }

    private String newId(Instant now) {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        return "V-" + DAY.format(now.atZone(zone)) + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Builds the sorted-set member: a sort prefix, {@code |}, then the JSON. Within one score Redis
     * orders members byte-wise, so the prefix is the message id zero-padded to 20 digits (a 64-bit
     * id has at most 20), and entries without a numeric id sort after those with one.
     */
    static String member(ConversationMessage message) {
        return sortPrefix(message.messageId()) + "|" + JsonCodec.write(message);
    }

    static String sortPrefix(String messageId) {
        if (messageId != null && messageId.matches("\\d{1,20}")) {
            BigInteger id = new BigInteger(messageId);
            if (id.compareTo(MAX_UNSIGNED_LONG) < 0) {
                return String.format("%020d", id);
            }
        }
        return "~" + (messageId == null ? "" : messageId.replace('|', '_'));
    }
}

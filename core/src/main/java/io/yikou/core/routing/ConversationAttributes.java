package io.yikou.core.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.config.ConfigReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the routing attributes of a conversation from the citizen's text before queue choice:
 * the language by {@link #language} and the category group from the knowledge-base classifier,
 * asked over the local event bus at {@value #CLASSIFY_ADDRESS}. Core does not depend on the
 * knowledge-base module, so when no local consumer replies or the reply times out the conversation
 * is routed without a category group. Thread-safe.
 */
public final class ConversationAttributes {

    /** Event-bus address of the classifier: {@code {"text"}} to {@code {"suggestions": [{"category", "group", "score"}]}}. */
    public static final String CLASSIFY_ADDRESS = "kb.classify";
    /** Language of a conversation whose text shows neither Han characters nor Latin letters. */
    public static final String DEFAULT_LANGUAGE = "zh";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationAttributes.class);
    /** Maximum text sent to the classifier, in code points (the classifier itself accepts up to 10,000). */
    private static final int MAX_CLASSIFY_TEXT = 2_000;

    /**
     * The {@code routing.category-*} keys.
     *
     * @param categoryThreshold minimum score (0 to 1) of the classifier's top suggestion for its group to count
     * @param classifyTimeout   how long queue choice waits for the classifier
     */
    public record Options(double categoryThreshold, Duration classifyTimeout) {

        public static Options defaults() {
            return new Options(0.5, Duration.ofSeconds(2));
        }

        public static Options read(ConfigReader reader) {
            String key = "routing.category-threshold";
            String raw = reader.string(key, "0.5");
            double threshold = 0.5;
            try {
                threshold = Double.parseDouble(raw.trim());
                if (!(threshold >= 0 && threshold <= 1)) {
                    reader.problem(key, raw, "a number from 0 to 1");
                    threshold = 0.5;
                }
            } catch (NumberFormatException e) {
                reader.problem(key, raw, "a number from 0 to 1");
            }
            return new Options(threshold, reader.duration("routing.category-timeout", Duration.ofSeconds(2),
                    Duration.ofMillis(50), Duration.ofSeconds(30)));
        }
    }

    /** A conversation's language and category group ({@code null} for none). */
    public record Attributes(String language, String categoryGroup) {
    }

    private final Vertx vertx;
    private final Options options;
    private final AtomicBoolean unavailableLogged = new AtomicBoolean();

    public ConversationAttributes(Vertx vertx, Options options) {
        this.vertx = vertx;
        this.options = options;
    }

    /**
     * Returns the language of a citizen's text: {@code zh} when it contains a Han character, else
     * {@code en} when it contains a Latin letter, else {@code earlier} (the language the conversation
     * already carries), else {@value #DEFAULT_LANGUAGE}.
     */
    public static String language(String text, String earlier) {
        String detected = detect(text);
        if (detected != null) {
            return detected;
        }
        return earlier == null || earlier.isEmpty() ? DEFAULT_LANGUAGE : earlier;
    }

    /** Tells whether a text gives a language of its own (a Han character or a Latin letter). */
    public static boolean hasLanguage(String text) {
        return detect(text) != null;
    }

    private static String detect(String text) {
        if (text == null) {
            return null;
        }
        boolean latin = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
            if (script == Character.UnicodeScript.HAN) {
                return "zh";
            }
            latin |= script == Character.UnicodeScript.LATIN && Character.isLetter(codePoint);
            i += Character.charCount(codePoint);
        }
        return latin ? "en" : null;
    }

    /** Derives both attributes of a text; the future always succeeds, because a classifier failure leaves the group empty. */
    public Future<Attributes> of(String conversationId, String text, String earlierLanguage) {
        String language = language(text, earlierLanguage);
        if (text == null || text.isBlank()) {
            return Future.succeededFuture(new Attributes(language, null));
        }
        return categoryGroup(conversationId, text).map(group -> new Attributes(language, group));
    }

    /** Asks the classifier for the group of its top suggestion; {@code null} below the threshold or on failure. */
    Future<String> categoryGroup(String conversationId, String text) {
        int codePoints = Math.min(MAX_CLASSIFY_TEXT, text.codePointCount(0, text.length()));
        String sent = text.substring(0, text.offsetByCodePoints(0, codePoints));
        DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(options.classifyTimeout().toMillis());
        return vertx.eventBus().<JsonObject>request(CLASSIFY_ADDRESS, new JsonObject().put("text", sent), delivery)
                .map(reply -> {
                    unavailableLogged.set(false);
                    return topGroup(reply.body(), options.categoryThreshold());
                })
                .otherwise(error -> {
                    if (unavailableLogged.compareAndSet(false, true)) {
                        String why = error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
                                ? "no knowledge-base classifier runs on this node" : error.getMessage();
                        LOG.warn("Routing conversations without a category group until {} answers again ({}); first was {}",
                                CLASSIFY_ADDRESS, why, conversationId);
                    }
                    return null;
                });
    }

    /** Returns the group of the best suggestion when its score reaches the threshold. */
    static String topGroup(JsonObject reply, double threshold) {
        JsonArray suggestions = reply == null ? null : reply.getJsonArray("suggestions");
        if (suggestions == null) {
            return null;
        }
        JsonObject best = null;
        for (Object item : suggestions) {
            if (item instanceof JsonObject suggestion && suggestion.getValue("score") instanceof Number score
                    && (best == null || score.doubleValue() > best.getDouble("score"))) {
                best = suggestion;
            }
        }
        if (best == null || best.getDouble("score") < threshold) {
            return null;
        }
        String group = best.getString("group");
        return group == null || group.isBlank() ? null : group;
    }
}

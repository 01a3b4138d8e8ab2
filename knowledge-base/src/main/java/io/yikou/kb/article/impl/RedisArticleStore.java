package io.yikou.kb.article.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.json.JsonCodec;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;
import io.yikou.kb.article.Article;
import io.yikou.kb.article.ArticleConflictException;
import io.yikou.kb.article.ArticleStore;
import io.yikou.kb.article.KbKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ArticleStore} on Redis: articles as JSON in one hash, written by a Lua script that checks
 * versions and announces each change on the change stream. Thread-safe.
 */
public final class RedisArticleStore implements ArticleStore {

    /** Approximate number of change and feedback entries kept; followers only need recent ones. */
    private static final long STREAM_MAX_LENGTH = 100_000;

    private static final RedisScript SAVE = RedisScript.load(RedisArticleStore.class, "save-articles.lua");

    private final RedisConnector redis;
    private final Clock clock;

    public RedisArticleStore(RedisConnector redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Future<Optional<Article>> find(String id) {
        return redis.call(c -> c.hget(KbKeys.articles(), id))
                .map(json -> Optional.ofNullable(json).map(text -> JsonCodec.read(text, Article.class)));
    }

    @Override
    public Future<List<Article>> all() {
        return redis.call(c -> c.hgetall(KbKeys.articles())).map(entries -> {
            List<Article> articles = new ArrayList<>(entries.size());
            for (String json : entries.values()) {
                articles.add(JsonCodec.read(json, Article.class));
            }
            articles.sort((a, b) -> a.id().compareTo(b.id()));
            return articles;
        });
    }

    @Override
    public Future<List<Article>> saveAll(List<Article> articles, Map<String, Long> baseVersions) {
        if (articles.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<String> args = new ArrayList<>(1 + 3 * articles.size());
        args.add(Long.toString(STREAM_MAX_LENGTH));
        List<Article> stored = new ArrayList<>(articles.size());
        java.time.Instant now = clock.instant();
        return versionsOf(articles, baseVersions).compose(bases -> {
            for (Article article : articles) {
                long base = baseVersions.getOrDefault(article.id(), -1L);
                long current = bases.get(article.id());
                Article next = article.stored(current + 1, now);
                stored.add(next);
                args.add(article.id());
                args.add(Long.toString(base < 0 ? -1 : base));
                args.add(JsonCodec.write(next));
            }
            return SAVE.<List<Object>>run(redis, ScriptOutputType.MULTI,
                    new String[] {KbKeys.articles(), KbKeys.changes()}, args.toArray(String[]::new));
        }).compose(result -> {
            if ("conflict".equals(String.valueOf(result.get(0)))) {
                return Future.failedFuture(new ArticleConflictException(String.valueOf(result.get(1)),
                        Long.parseLong(String.valueOf(result.get(2)))));
            }
            return Future.succeededFuture(List.copyOf(stored));
        });
    }

    /**
     * Reads the stored version of each article, so a replacing import can number its versions. An
     * article whose base version is given uses that base instead; the script rejects it if stale.
     */
    private Future<Map<String, Long>> versionsOf(List<Article> articles, Map<String, Long> baseVersions) {
        Map<String, Long> versions = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Article article : articles) {
            Long base = baseVersions.get(article.id());
            if (base != null && base >= 0) {
                versions.put(article.id(), base);
            } else {
                unknown.add(article.id());
            }
        }
        if (unknown.isEmpty()) {
            return Future.succeededFuture(versions);
        }
        return redis.call(c -> c.hmget(KbKeys.articles(), unknown.toArray(String[]::new))).map(values -> {
            for (var value : values) {
                long version = value.hasValue() ? JsonCodec.read(value.getValue(), Article.class).version() : 0;
                versions.put(value.getKey(), version);
            }
            return versions;
        });
    }

    @Override
    public Future<Votes> vote(String articleId, boolean useful, String query, String actor) {
        String field = articleId + (useful ? ":up" : ":down");
        return redis.call(c -> c.hincrby(KbKeys.votes(), field, 1))
                .compose(ignored -> redis.call(c -> c.xadd(KbKeys.feedback(),
                        io.lettuce.core.XAddArgs.Builder.maxlen(STREAM_MAX_LENGTH).approximateTrimming(),
                        Map.of("id", articleId, "useful", useful ? "1" : "0", "query", query == null ? "" : query,
                                "actor", actor == null ? "" : actor, "at", clock.instant().toString()))))
                .compose(ignored -> redis.call(c -> c.xadd(KbKeys.changes(),
                        io.lettuce.core.XAddArgs.Builder.maxlen(STREAM_MAX_LENGTH).approximateTrimming(),
                        Map.of("kind", "feedback", "id", articleId))))
                .compose(ignored -> redis.call(c -> c.hmget(KbKeys.votes(), articleId + ":up", articleId + ":down")))
                .map(values -> new Votes(count(values.get(0)), count(values.get(1))));
    }

    @Override
    public Future<Map<String, Votes>> allVotes() {
        return redis.call(c -> c.hgetall(KbKeys.votes())).map(entries -> {
            Map<String, long[]> counts = new HashMap<>();
            entries.forEach((field, value) -> {
                int colon = field.lastIndexOf(':');
                if (colon <= 0) {
                    return;
                }
                long[] pair = counts.computeIfAbsent(field.substring(0, colon), k -> new long[2]);
                pair[field.endsWith(":up") ? 0 : 1] = Long.parseLong(value);
            });
            Map<String, Votes> votes = new HashMap<>();
            counts.forEach((id, pair) -> votes.put(id, new Votes(pair[0], pair[1])));
            return votes;
        });
    }

    private static long count(io.lettuce.core.KeyValue<String, String> value) {
        return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
    }
}

package io.yikou.kb.article;

/**
 * Names of the Redis keys the knowledge base writes. They share the hash tag {@code {kb}}, so the
 * scripts that touch several of them stay valid on Redis Cluster; the knowledge base is small
 * enough for one shard.
 */
public final class KbKeys {

    private static final String TAG = "{kb}";

    private KbKeys() {
    }

    /** Hash of article id to article JSON. */
    public static String articles() {
        return TAG + ":articles";
    }

    /**
     * Stream announcing article and feedback changes ({@code kind}, {@code id}, {@code version}),
     * which every node with a local Lucene index follows.
     */
    public static String changes() {
        return TAG + ":changes";
    }

    /** Hash of {@code <article id>:up} and {@code <article id>:down} to vote counts. */
    public static String votes() {
        return TAG + ":votes";
    }

    /** Stream of individual feedback entries: article, query, useful or not, agent, time. */
    public static String feedback() {
        return TAG + ":feedback";
    }
}

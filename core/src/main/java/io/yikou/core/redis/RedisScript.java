package io.yikou.core.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script kept as a classpath resource and run with {@code EVALSHA}, falling back to
 * {@code EVAL} once when the server does not have it cached (after a restart or on a new node).
 * Thread-safe.
 */
public final class RedisScript {

    private final String name;
    private final String body;
    private final String sha;

    private RedisScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    /** Loads a script from the classpath, relative to {@code anchor}'s package. */
    public static RedisScript load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + resource + " missing beside " + anchor.getName());
            }
            return new RedisScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + resource, e);
        }
    }

    /** Runs the script; the result type follows {@code output}. */
    public <T> Future<T> run(RedisConnector redis, ScriptOutputType output, String[] keys, String... args) {
        return redis.<T>call(c -> c.evalsha(sha, output, keys, args))
                .recover(error -> {
                    if (error instanceof RedisNoScriptException
                            || (error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT"))) {
                        return redis.<T>call(c -> c.eval(body, output, keys, args));
                    }
                    return Future.failedFuture(error);
                });
    }

    public String name() {
        return name;
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}

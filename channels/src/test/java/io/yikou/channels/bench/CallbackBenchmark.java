package io.yikou.channels.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.yikou.channels.support.ChannelNode;
import io.yikou.channels.wechat.WechatModuleProvider;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.core.conversation.ConversationModuleProvider;
import io.yikou.core.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures safe-mode WeChat callbacks against a bare Vert.x hello-world server in the same run:
 * latency percentiles at a fixed request rate, then the maximum throughput of a closed loop.
 *
 * <p>The fixed-rate phase schedules each request at its intended start time and measures latency
 * from that time, not from when it was actually sent, so a stalled server shows up in the
 * percentiles instead of slowing the load down (the correction wrk2 applies). Every callback is a
 * new message (unique MsgId, fresh AES envelope, 200 different citizens), so each one runs the full
 * path: signature, decryption, safe XML, contact creation in Redis and the conversation append.
 *
 * <p>Run with {@code rate seconds concurrency [warm-up seconds]} arguments; see {@code docs/benchmarks.md}. Not part
 * of {@code mvn verify}.
 */
public final class CallbackBenchmark {

    private static final String TOKEN = "benchtoken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wxbench000000000";

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;

        Path redisDir = Files.createTempDirectory("yikou-bench-redis");
        // The WeChat API stand-in on loopback: the module fetches a token at start, and the benchmark
        // must never reach the real API host.
        Vertx apiVertx = Vertx.vertx();
        HttpServer wechatApi = ChannelNode.await(apiVertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
                        .end("{\"access_token\":\"BENCH-TOKEN\",\"expires_in\":7200,\"errcode\":0,\"errmsg\":\"ok\"}"))
                .listen(0, "127.0.0.1"));
        try (RedisServerProcess redis = new RedisServerProcess(redisDir, 0).start()) {
            String yaml = """
                    wechat:
                      api-base-url: http://127.0.0.1:%d
                      accounts:
                        - id: bench
                          app-id: %s
                          app-secret: unused
                          token: %s
                          encoding-aes-key: %s
                    conversation:
                      welcome: false
                    """.formatted(wechatApi.actualPort(), APP_ID, TOKEN, AES_KEY);
            try (ChannelNode node = ChannelNode.start(redis.url(), yaml, "bench", new ConversationModuleProvider(),
                    new WechatModuleProvider())) {
                Vertx helloVertx = Vertx.vertx();
                HttpServer hello = ChannelNode.await(helloVertx.createHttpServer()
                        .requestHandler(request -> request.body().onComplete(body -> request.response().end("success")))
                        .listen(0, "127.0.0.1"));
                Vertx clientVertx = Vertx.vertx();
                HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                        new PoolOptions().setHttp1MaxSize(concurrency));
                io.vertx.core.Context clientContext = clientVertx.getOrCreateContext();
                AtomicLong msgId = new AtomicLong(30_000_000_000_000_000L);
                WechatCrypto crypto = new WechatCrypto(AES_KEY, APP_ID);

                System.out.printf(Locale.ROOT, "cores=%d rate=%d/s seconds=%d concurrency=%d%n",
                        Runtime.getRuntime().availableProcessors(), rate, seconds, concurrency);
                // Warm-up: JIT, connection pools, Lua script cache. A few seconds left the JIT compiler
                // busy during the timed phase on a 2-core machine, so the default is 30 s.
                fixedRate(clientContext, client, hello.actualPort(), "/", () -> "x", 500, Math.min(5, warmupSeconds));
                fixedRate(clientContext, client, node.port(), "", () -> callback(crypto, msgId.incrementAndGet()), 500,
                        warmupSeconds);

                drain(redis.url());
                report("hello-world fixed rate", fixedRate(clientContext, client, hello.actualPort(), "/", () -> "x", rate, seconds));
                report("safe-mode callback fixed rate", fixedRate(clientContext, client, node.port(), "",
                        () -> callback(crypto, msgId.incrementAndGet()), rate, seconds));
                drain(redis.url());
                System.out.printf(Locale.ROOT, "hello-world max throughput: %.0f req/s%n",
                        closedLoop(client, hello.actualPort(), "/", () -> "x", concurrency, 10));
                System.out.printf(Locale.ROOT, "safe-mode callback max throughput: %.0f req/s%n",
                        closedLoop(client, node.port(), "", () -> callback(crypto, msgId.incrementAndGet()),
                                concurrency, 10));

                client.close();
                clientVertx.close();
                hello.close();
                helloVertx.close();
            }
        } finally {
            wechatApi.close();
            apiVertx.close();
        }
    }

    /**
     * Waits until every stored contact has joined its conversation, so background processing of one
     * phase does not run into the next.
     */
    private static void drain(String redisUrl) throws InterruptedException {
        io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(redisUrl);
        try (var connection = redis.connect()) {
            var sync = connection.sync();
            long started = System.nanoTime();
            while (System.nanoTime() - started < TimeUnit.MINUTES.toNanos(5)) {
                long contacts = sync.hlen(io.yikou.core.redis.RedisKeys.contacts());
                long messages = 0;
                for (String key : sync.keys("{yk}:conv:msgs:*")) {
                    messages += sync.zcard(key);
                }
                if (messages >= contacts) {
                    System.out.printf(Locale.ROOT, "drained: %d contacts in conversations after %.1f s%n", contacts,
                            (System.nanoTime() - started) / 1e9);
                    return;
                }
                Thread.sleep(500);
            }
        } finally {
            redis.shutdown();
        }
    }

    /** One request: a path with its signed query and a body. */
    private record Call(String uri, String body) {
    }

    private interface Calls {
        Object next();
    }

    private static Call callback(WechatCrypto crypto, long id) {
        String openId = "oBENCH_citizen_" + (id % 200);
        long now = Instant.now().getEpochSecond();
        String xml = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + now + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[楼道灯坏了😭请尽快修 " + id + "]]></Content><MsgId>" + id + "</MsgId></xml>";
        String encrypted = crypto.encrypt(xml);
        String timestamp = Long.toString(now);
        String nonce = Long.toString(id);
        String query = "/channels/wechat/bench?signature=" + WechatCrypto.signature(TOKEN, timestamp, nonce)
                + "&timestamp=" + timestamp + "&nonce=" + nonce + "&encrypt_type=aes&msg_signature="
                + WechatCrypto.signature(TOKEN, timestamp, nonce, encrypted);
        return new Call(query, "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[" + encrypted
                + "]]></Encrypt></xml>");
    }

    private static Future<Integer> send(HttpClient client, int port, String path, Object next) {
        Call call = next instanceof Call c ? c : new Call(path, "x");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(call.uri()).setIdleTimeout(30_000);
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(call.body())))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200 || !"success".equals(body.toString())) {
                        throw new IllegalStateException("unexpected answer " + response.statusCode() + " " + body);
                    }
                    return response.statusCode();
                }));
    }

    /** Result of a fixed-rate phase: latencies in microseconds from each request's intended start. */
    private record Result(long[] latencies, int errors, long unfinished, double seconds) {
    }

    private static Result fixedRate(io.vertx.core.Context context, HttpClient client, int port, String path,
                                    Calls calls, int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        Object[] prepared = new Object[total];
        for (int i = 0; i < total; i++) {
            prepared[i] = calls.next();
        }
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            context.runOnContext(v -> send(client, port, path, prepared[index]).onComplete(result -> {
                latencies[index] = (System.nanoTime() - intended) / 1000;
                if (result.failed()) {
                    errors.incrementAndGet();
                }
                done.countDown();
            }));
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
        return new Result(latencies, errors.get(), done.getCount(), (System.nanoTime() - start) / 1e9);
    }

    private static double closedLoop(HttpClient client, int port, String path, Calls calls, int concurrency,
                                     int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong completed = new AtomicLong();
        CountDownLatch loops = new CountDownLatch(concurrency);
        List<Runnable> starters = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            starters.add(new Runnable() {
                @Override
                public void run() {
                    if (System.nanoTime() > end) {
                        loops.countDown();
                        return;
                    }
                    send(client, port, path, calls.next()).onComplete(result -> {
                        if (result.succeeded()) {
                            completed.incrementAndGet();
                        }
                        run();
                    });
                }
            });
        }
        long start = System.nanoTime();
        starters.forEach(Runnable::run);
        loops.await(seconds + 60L, TimeUnit.SECONDS);
        return completed.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(String label, Result result) {
        long[] sorted = result.latencies().clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %d requests in %.1f s, errors %d, unanswered %d, p50 %.2f ms, "
                        + "p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", label, sorted.length,
                result.seconds(), result.errors(), result.unfinished(), percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                percentile(sorted, 0.999), sorted[sorted.length - 1] / 1000.0);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}

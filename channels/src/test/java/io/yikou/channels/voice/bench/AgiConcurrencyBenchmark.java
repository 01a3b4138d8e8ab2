package io.yikou.channels.voice.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.parsetools.RecordParser;
import io.yikou.channels.voice.agi.AgiServer;
import io.yikou.channels.voice.agi.AgiServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds N FastAGI sessions open at once and measures the round trip of each AGI command as the flow
 * sees it: from {@code AgiChannel.getVariable} being called on the worker thread to its parsed reply.
 * The peer is a Vert.x client in the same JVM that answers {@code GET VARIABLE} at once, so that
 * figure is the server's own overhead (framing, thread hand-off, parsing) plus loopback TCP.
 *
 * <p>Every session waits until all N have started, plays a greeting, then alternates a measured
 * {@code GET VARIABLE} with a {@code STREAM FILE}. The peer answers each {@code STREAM FILE} after a
 * simulated prompt of 300 to 700 ms, as a real IVR paces its commands, and the sessions stay open for
 * the whole run. Run: {@code mvn -B -q -Pbench -pl channels test-compile exec:java
 * -Dexec.mainClass=io.yikou.channels.voice.bench.AgiConcurrencyBenchmark -Dexec.args="100 500 1000"}.
 */
public final class AgiConcurrencyBenchmark {

    private static final int COMMANDS_PER_SESSION = 20;

    private AgiConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {100, 500, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        run(100, false);
        for (int sessions : sizes) {
            run(sessions, true);
        }
        System.exit(0);
    }

    private static void run(int sessions, boolean report) throws Exception {
        Vertx serverVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx();
        long[][] samples = new long[sessions][];
        AtomicInteger nextSlot = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(sessions);
        AgiServer server = new AgiServer(serverVertx, new AgiServerOptions("127.0.0.1", 0, sessions, 0,
                Duration.ofSeconds(30), Duration.ofSeconds(30), 8192, 200), name -> channel -> {
                    long[] mine = new long[COMMANDS_PER_SESSION];
                    samples[nextSlot.getAndIncrement()] = mine;
                    allStarted.countDown();
                    allStarted.await(60, TimeUnit.SECONDS);
                    // A greeting first, so the sessions' commands do not all start in the same millisecond.
                    channel.streamFile("yikou/zh-CN/welcome", "");
                    for (int i = 0; i < COMMANDS_PER_SESSION; i++) {
                        long start = System.nanoTime();
                        channel.getVariable("BENCH_" + i);
                        mine[i] = System.nanoTime() - start;
                        channel.streamFile("yikou/zh-CN/prompt-" + i, "");
                    }
                });
        int port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        NetClient client = clientVertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
        CountDownLatch closed = new CountDownLatch(sessions);
        for (int i = 0; i < sessions; i++) {
            String env = "agi_network: yes\nagi_network_script: bench\nagi_request: agi://127.0.0.1:" + port
                    + "/bench\nagi_channel: PJSIP/trunk96010-" + String.format("%08x", i) + "\nagi_language: zh\n"
                    + "agi_type: PJSIP\nagi_uniqueid: 1796416215." + i + "\nagi_callerid: 13800138000\n"
                    + "agi_calleridname: 张三\nagi_dnid: 96010\nagi_context: from-trunk\nagi_extension: 96010\n\n";
            client.connect(port, "127.0.0.1").onSuccess(socket -> {
                RecordParser lines = RecordParser.newDelimited("\n", line -> {
                    if (line.toString(StandardCharsets.US_ASCII).startsWith("STREAM FILE")) {
                        long prompt = 300 + java.util.concurrent.ThreadLocalRandom.current().nextInt(400);
                        clientVertx.setTimer(prompt, t -> socket.write(Buffer.buffer("200 result=0 endpos=8000\n")));
                    } else {
                        socket.write(Buffer.buffer("200 result=1 (value)\n".getBytes(StandardCharsets.US_ASCII)));
                    }
                });
                socket.handler(lines);
                socket.closeHandler(v -> closed.countDown());
                socket.write(Buffer.buffer(env.getBytes(StandardCharsets.UTF_8)));
            }).onFailure(error -> {
                System.err.println("connect failed: " + error);
                closed.countDown();
            });
        }
        if (!closed.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("sessions did not finish; completed " + server.completedSessions());
        }

        long[] all = Arrays.stream(samples).filter(java.util.Objects::nonNull).flatMapToLong(Arrays::stream).sorted().toArray();
        if (report) {
            System.out.printf("%5d concurrent sessions: %d commands, round trip p50 %.3f ms, p99 %.3f ms, max %.3f ms"
                            + " (completed %d, rejected %d)%n", sessions, all.length, percentile(all, 50),
                    percentile(all, 99), all[all.length - 1] / 1e6, server.completedSessions(), server.rejectedSessions());
        }
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}

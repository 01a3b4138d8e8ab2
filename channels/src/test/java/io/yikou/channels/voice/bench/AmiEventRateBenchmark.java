package io.yikou.channels.voice.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.yikou.channels.voice.ami.AmiAction;
import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiConnection;
import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.channels.voice.ami.AmiOptions;
import io.yikou.channels.voice.ami.Secret;
import io.yikou.channels.voice.live.LiveModel;
import io.yikou.channels.voice.live.LiveSynchronizer;
import io.yikou.testkit.asterisk.AmiReplay;
import io.yikou.testkit.asterisk.AmiScript;
import io.yikou.testkit.asterisk.FakeAmiServer;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.Transcript;
import io.yikou.testkit.asterisk.VoiceHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.UserEventAction;

/**
 * Replays the recorded AMI events at full speed over a loopback socket and measures events per
 * second two ways on the same bytes: applied to Yikou's live model through its AMI client, and
 * delivered by Asterisk-Java's {@code ManagerConnection} to a listener that only counts them.
 *
 * <p>Run: {@code mvn -B -q -Pbench -pl channels test-compile exec:java
 * -Dexec.mainClass=io.yikou.channels.voice.bench.AmiEventRateBenchmark -Dexec.args="100 5"}
 * (repetitions of the transcript set, measured rounds). Needs {@code ../shared} beside the checkout.
 */
public final class AmiEventRateBenchmark {

    private static final String[] SCENARIOS = {"s1-ivr-queue-answered", "s2a-abandon-agents-paused",
        "s2b-abandon-while-ringing", "s5a-redirect-answered-call", "s5b-blind-transfer-answered-call",
        "s7-sip-ivr-queue-answered"};

    private AmiEventRateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Asterisk-Java warns about every field it has no setter for; logging would dominate its time.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.asteriskjava"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        ByteArrayOutputStream set = new ByteArrayOutputStream();
        int eventsPerSet = 0;
        for (String name : SCENARIOS) {
            Transcript.Connection connection = Scripts.ami(name).connection(0);
            for (AmiMessage message : AmiReplay.messages(connection.items(), 0, connection.items().size())) {
                if (message.isEvent() && message.actionId() == null) {
                    set.writeBytes(render(message));
                    eventsPerSet++;
                }
            }
        }
        byte[] stream = new byte[set.size() * repetitions];
        for (int i = 0; i < repetitions; i++) {
            System.arraycopy(set.toByteArray(), 0, stream, i * set.size(), set.size());
        }
        long events = (long) eventsPerSet * repetitions;
        System.out.printf("stream: %d events, %.1f MiB (%d repetitions of %d events from %d transcripts)%n", events,
                stream.length / 1048576.0, repetitions, eventsPerSet, SCENARIOS.length);

        // Warm-up: one small round of each, not reported, so the JIT has compiled the hot paths.
        byte[] warmUp = java.util.Arrays.copyOf(stream, set.size() * Math.min(repetitions, 20));
        yikou(warmUp, (long) eventsPerSet * Math.min(repetitions, 20));
        asteriskJava(warmUp, (long) eventsPerSet * Math.min(repetitions, 20));
        System.out.printf("in process (decoder and live model on one thread, no socket): %.0f events/s%n",
                inProcess(set.toByteArray(), eventsPerSet, repetitions));

        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        List<Double> oursCpu = new ArrayList<>();
        List<Double> theirsCpu = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long cpu = cpuNanos();
            ours.add(yikou(stream, events));
            oursCpu.add(events / ((cpuNanos() - cpu) / 1e9));
            cpu = cpuNanos();
            theirs.add(asteriskJava(stream, events));
            theirsCpu.add(events / ((cpuNanos() - cpu) / 1e9));
            System.out.printf("round %d: Yikou live model %.0f events/s (%.0f per CPU-second), "
                    + "Asterisk-Java dispatch %.0f events/s (%.0f per CPU-second)%n", round + 1, ours.get(round),
                    oursCpu.get(round), theirs.get(round), theirsCpu.get(round));
        }
        System.out.printf("median: Yikou live model %.0f events/s (%.0f per CPU-second), "
                + "Asterisk-Java dispatch %.0f events/s (%.0f per CPU-second)%n", median(ours), median(oursCpu),
                median(theirs), median(theirsCpu));
        System.out.printf("load average at the end: %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.exit(0);
    }

    /** Feeds the stream straight into the decoder and the live model, best of three passes. */
    private static double inProcess(byte[] set, int eventsPerSet, int repetitions) {
        LiveModel model = new LiveModel(Set.of("citizen", "from-trunk"), Clock.systemUTC());
        io.yikou.channels.voice.ami.AmiFrameDecoder decoder = new io.yikou.channels.voice.ami.AmiFrameDecoder(8192,
                262144, false, new io.yikou.channels.voice.ami.AmiFrameDecoder.Listener() {
                    @Override
                    public void onBanner(String banner) {
                    }

                    @Override
                    public void onMessage(AmiMessage message) {
                        model.apply(message);
                    }

                    @Override
                    public void onOversizePacket(long droppedBytes, String reason) {
                    }
                });
        double best = 0;
        for (int pass = 0; pass < 3; pass++) {
            long start = System.nanoTime();
            for (int i = 0; i < repetitions; i++) {
                decoder.feed(set);
            }
            best = Math.max(best, (double) eventsPerSet * repetitions / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static byte[] render(AmiMessage message) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.size(); i++) {
            text.append(message.key(i)).append(": ").append(message.value(i)).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Builds a script that logs the client in, waits for its UserEvent action, then sends the whole stream. */
    private static AmiScript blast(byte[] stream) {
        AmiScript login = Scripts.afterLogin();
        List<Transcript.Item> items = new ArrayList<>(login.items());
        items.add(new Transcript.Sent(Map.of("Action", "UserEvent", "ActionID", "U-1"), null));
        items.add(Scripts.received("Response: Success\r\nActionID: U-1\r\nMessage: Event Sent\r\n"));
        items.add(new Transcript.Received(stream, "+0"));
        return new AmiScript(items, Set.of("Challenge", "Login", "UserEvent"), false);
    }

    private static double yikou(byte[] stream, long events) throws Exception {
        try (FakeAmiServer fake = new FakeAmiServer(VoiceHarness.SECRET).start()) {
            fake.enqueue(blast(stream));
            Vertx vertx = Vertx.vertx();
            LiveModel model = new LiveModel(Set.of("citizen", "from-trunk"), Clock.systemUTC());
            LiveSynchronizer synchronizer = new LiveSynchronizer(model);
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong applied = new AtomicLong();
            long[] firstAt = {0};
            AmiClient client = new AmiClient(vertx, AmiOptions.builder().port(fake.port())
                    .secret(Secret.of(VoiceHarness.SECRET)).maxPacketBytes(1 << 20).build(), new AmiClient.Session() {
                        @Override
                        public Future<Void> synchronize(AmiConnection connection) {
                            return synchronizer.synchronize(connection);
                        }

                        @Override
                        public void onEvent(AmiMessage event) {
                            if (applied.get() == 0) {
                                firstAt[0] = System.nanoTime();
                            }
                            synchronizer.onEvent(event);
                            if (applied.incrementAndGet() == events) {
                                done.countDown();
                            }
                        }
                    }, new Random(1), Clock.systemUTC());
            client.start();
            while (client.state() != AmiClient.State.CONNECTED) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            client.send(AmiAction.named("UserEvent").field("UserEvent", "bench").build());
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + applied.get() + " of " + events + " events applied");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            client.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            if (model.appliedEvents() < events) {
                throw new IllegalStateException("model applied " + model.appliedEvents());
            }
            return events / seconds;
        }
    }

    private static double asteriskJava(byte[] stream, long events) throws Exception {
        try (FakeAmiServer fake = new FakeAmiServer(VoiceHarness.SECRET).start()) {
            fake.enqueue(blast(stream));
            ManagerConnection connection = new ManagerConnectionFactory("127.0.0.1", fake.port(), "yikou",
                    VoiceHarness.SECRET).createManagerConnection();
            AtomicLong received = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            long[] target = {Long.MAX_VALUE};
            connection.addEventListener(event -> {
                if (received.incrementAndGet() == target[0]) {
                    done.countDown();
                }
            });
            connection.login();
            long before = received.get();
            target[0] = before + events;
            long start = System.nanoTime();
            connection.sendAction(new UserEventAction(new org.asteriskjava.manager.event.UserEvent(connection) {
                private static final long serialVersionUID = 1L;
            }));
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Asterisk-Java dispatched only " + (received.get() - before) + " of "
                        + events + " events");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.logoff();
            return events / seconds;
        }
    }

    /**
     * CPU time of the whole process (fake server, client and Vert.x included), so a busy shared
     * machine does not distort the comparison as much as wall-clock time does.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}

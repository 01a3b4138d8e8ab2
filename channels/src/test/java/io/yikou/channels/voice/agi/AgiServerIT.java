package io.yikou.channels.voice.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.yikou.testkit.asterisk.Chunking;
import io.yikou.testkit.asterisk.FakeAgiClient;
import io.yikou.testkit.asterisk.Scripts;
import io.yikou.testkit.asterisk.Transcript;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the FastAGI server with recorded Asterisk sessions over real sockets: commands must match
 * the recording byte for byte, replies must parse to what Asterisk meant, and hangups, silence,
 * garbage and oversize lines must end or spare sessions as documented.
 */
class AgiServerIT {

    private Vertx vertx;
    private AgiServer server;
    private final Map<String, AgiScript> scripts = new ConcurrentHashMap<>();
    private final List<Object> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        start(AgiServerOptions.defaults().withPort(0).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10)));
    }

    private void start(AgiServerOptions options) throws Exception {
        if (server != null) {
            server.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        server = new AgiServer(vertx, options, scripts::get);
        server.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The commands the recorded Python FastAGI server sent in s1 and s7, through the typed API. */
    private AgiScript mainMenu() {
        return channel -> {
            observed.add(channel.environment());
            channel.answer();
            channel.verbose("96010 IVR: main-menu for " + channel.environment().callerNumber(), 1);
            observed.add(channel.getVariable("CALLERID(name)").orElse(null));
            observed.add(channel.getFullVariable("${CALLERID(num)}/${CHANNEL(language)}").orElse(null));
            channel.command("CHANNEL STATUS");
            channel.streamFile("custom/welcome", "");
            String digits = channel.getData("custom/menu", 6000, 1);
            observed.add(digits);
            channel.setVariable("IVR_CHOICE", digits);
            channel.setVariable("IVR_NOTE", "市民选择了" + digits);
            channel.exec("NoOp", "IVR choice=" + digits);
        };
    }

    private List<String> recordedCommands(Transcript transcript) {
        return transcript.connection(0).items().stream()
                .filter(item -> item instanceof Transcript.Sent)
                .map(item -> ((Transcript.Sent) item).commandLine())
                .toList();
    }

    @Test
    void mainMenuSessionMatchesRecordingByteForByte() throws Exception {
        scripts.put("main-menu", mainMenu());
        Transcript s1 = Scripts.agi("s1-ivr-main-menu");
        FakeAgiClient client = FakeAgiClient.strict(s1).run(server.port(), 5000);

        assertThat(client.exchanges()).extracting(FakeAgiClient.Exchange::command)
                .containsExactlyElementsOf(recordedCommands(s1));
        assertThat(client.serverClosed()).isTrue();
        AgiEnvironment env = (AgiEnvironment) observed.get(0);
        assertThat(env.script()).isEqualTo("main-menu");
        assertThat(env.callerName()).isEqualTo("张三");
        assertThat(env.uniqueid()).isEqualTo("1796416099.1");
        assertThat(env.arguments()).containsExactly("13800138000", "96010");
        assertThat(env.dialledNumber()).isEqualTo("96010");
        assertThat(observed.subList(1, 4)).containsExactly("张三", "13800138000/en", "1");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
    }

    @Test
    void sipSessionWithEnvironmentOneByteAtATime() throws Exception {
        scripts.put("main-menu", mainMenu());
        Transcript s7 = Scripts.agi("s7-sip-ivr-main-menu");
        FakeAgiClient client = FakeAgiClient.strict(s7).chunking(Chunking.byteByByte()).run(server.port(), 5000);

        assertThat(client.exchanges()).extracting(FakeAgiClient.Exchange::command)
                .containsExactlyElementsOf(recordedCommands(s7));
        AgiEnvironment env = (AgiEnvironment) observed.get(0);
        assertThat(env.get("agi_type")).isEqualTo("PJSIP");
        assertThat(env.callerName()).isEqualTo("张三");
        assertThat(env.dialledNumber()).isEqualTo("96010");
    }

    @Test
    void commandTourRepliesParseAsAsteriskMeant() throws Exception {
        scripts.put("command-tour", channel -> {
            channel.answer();
            observed.add(channel.command("CHANNEL STATUS").resultInt(-9));
            observed.add(channel.getVariable("NO_SUCH_VAR").isPresent());
            channel.setVariable("TOUR_VAR", "中文值 with spaces");
            observed.add(channel.getVariable("TOUR_VAR").orElseThrow());
            observed.add(channel.getFullVariable("${TOUR_VAR}|${CALLERID(all)}").orElseThrow());
            channel.command("SET CALLERID \"李四\" <13900139000>");
            channel.getFullVariable("${CALLERID(all)}");
            channel.command("SET CALLERID \"\\\"李四\\\" <13900139000>\"");
            observed.add(channel.getFullVariable("${CALLERID(all)}").orElseThrow());
            channel.command("DATABASE PUT hotline lastcaller 13800138000");
            observed.add(channel.command("DATABASE GET hotline lastcaller").data());
            channel.command("DATABASE DEL hotline lastcaller");
            observed.add(channel.command("DATABASE GET hotline lastcaller").resultInt(-9));
            observed.add((int) channel.streamFile("custom/no-such-prompt", ""));
            channel.command("STREAM FILE custom/goodbye \"\" 8000");
            observed.add((int) channel.waitForDigit(1000));
            observed.add(channel.getData("custom/menu", 1500, 2));
            channel.command("EXEC Wait \"0.5\"");
            observed.add(channel.exec("NoSuchApplication", "foo"));
            channel.exec("Set", "CDR(userfield)=agi-tour");
            channel.command("NOOP");
            try {
                channel.command("FROBNICATE now");
            } catch (AgiException.CommandFailed e) {
                observed.add(e.code());
            }
            try {
                channel.command("STREAM FILE");
            } catch (AgiException.CommandFailed e) {
                observed.add(e.code());
                observed.add(e.getMessage().contains("End of proper usage."));
            }
            channel.command("SET AUTOHANGUP 0");
            channel.hangup();
            try {
                channel.verbose("after explicit HANGUP", 1);
            } catch (AgiException.Hangup e) {
                observed.add("hangup");
                throw e;
            }
        });
        Transcript tour = Scripts.agi("agi-command-tour");
        FakeAgiClient client = FakeAgiClient.strict(tour).run(server.port(), 5000);

        // The server closes the socket on HANGUP before the flow's thread unwinds: wait for the thread.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
        List<String> recorded = recordedCommands(tour);
        int verboseAfterHangup = recorded.indexOf("VERBOSE \"after explicit HANGUP\" 1");
        assertThat(client.exchanges()).extracting(FakeAgiClient.Exchange::command)
                .containsExactlyElementsOf(recorded.subList(0, verboseAfterHangup + 1));
        assertThat(observed).containsExactly(6, false, "中文值 with spaces", "中文值 with spaces|\"钱九\" <13755556666>",
                "\"李四\" <13900139000>", "13800138000", 0, 0, 0, "", -2, 510, 520, true, "hangup");
        assertThat(client.serverClosed()).isTrue();
    }

    @Test
    void hangupMidFlowFreesThreadAtOnce() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        scripts.put("hangup-probe", channel -> {
            try {
                channel.answer();
                observed.add((int) channel.streamFile("custom/long-notice", ""));
                channel.verbose("after hangup", 1);
                observed.add("still running");
                channel.getVariable("AGISIGHUP");
            } catch (AgiException.Hangup e) {
                observed.add("hangup");
                observed.add(channel.isHungUp());
                throw e;
            } finally {
                ended.countDown();
            }
        });
        FakeAgiClient client = FakeAgiClient.strict(Scripts.agi("agi-hangup-with-sighup")).run(server.port(), 5000);

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(observed).containsExactly(0, "hangup", true);
        assertThat(client.exchanges()).extracting(FakeAgiClient.Exchange::command)
                .containsExactly("ANSWER", "STREAM FILE custom/long-notice \"\"", "VERBOSE \"after hangup\" 1");
        assertThat(client.serverClosed()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
        assertThat(server.completedSessions()).isEqualTo(1);
    }

    private static int readUntilClosed(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        int total = 0;
        while (in.read() >= 0) {
            total++;
        }
        return total;
    }

    @Test
    void silentConnectionIsClosedAfterTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            assertThat(readUntilClosed(socket)).isZero();
        }
        assertThat(server.completedSessions()).isZero();
    }

    @Test
    void garbageConnectionsAreClosed() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilClosed(socket)).isZero();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(new byte[] {0, 1, 2, (byte) 0xff, 3});
            assertThat(readUntilClosed(socket)).isZero();
        }
        assertThat(server.completedSessions()).isZero();
    }

    @Test
    void oversizeLineIsDroppedAndSessionGoesOn() throws Exception {
        scripts.put("main-menu", channel -> {
            observed.add(channel.environment().arguments());
            channel.answer();
        });
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = socket.getOutputStream();
            String env = "agi_network: yes\nagi_network_script: main-menu\nagi_request: agi://127.0.0.1/main-menu\n"
                    + "agi_channel: PJSIP/trunk96010-00000001\nagi_arg_1: " + "9".repeat(20_000) + "\nagi_arg_2: 96010\n\n";
            out.write(env.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            assertThat(in.readNBytes(answer, 0, 7)).isEqualTo(7);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("ANSWER\n");
            out.write("200 result=0\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilClosed(socket)).isZero();
        }
        assertThat(observed).containsExactly(List.of());
    }

    @Test
    void sessionsBeyondPoolAreClosedAtOnce() throws Exception {
        start(new AgiServerOptions("127.0.0.1", 0, 1, 0, Duration.ofMillis(500), Duration.ofSeconds(10), 8192, 200));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        scripts.put("main-menu", channel -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        Transcript s1 = Scripts.agi("s1-ivr-main-menu");
        Thread first = new Thread(() -> {
            try {
                FakeAgiClient.lenient(s1).run(server.port(), 10_000);
            } catch (Exception e) {
                observed.add(e);
            }
        });
        first.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        FakeAgiClient second = FakeAgiClient.lenient(s1).run(server.port(), 5000);
        assertThat(second.serverClosed()).isTrue();
        assertThat(second.exchanges()).isEmpty();
        assertThat(server.rejectedSessions()).isEqualTo(1);
        release.countDown();
        first.join(5000);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeSessions() == 0);
    }

    @Test
    void unknownFlowClosesSession() throws Exception {
        FakeAgiClient client = FakeAgiClient.lenient(Scripts.agi("s1-ivr-main-menu")).run(server.port(), 5000);
        assertThat(client.serverClosed()).isTrue();
        assertThat(client.exchanges()).isEmpty();
    }

    @Test
    void replyParserReadsDataAndAttributes() {
        AgiReply reply = AgiReply.parse("200 result=1 (中文值 with spaces|\"钱九\" <13755556666>)");
        assertThat(reply.data()).isEqualTo("中文值 with spaces|\"钱九\" <13755556666>");
        AgiReply stream = AgiReply.parse("200 result=-1 endpos=16000");
        assertThat(stream.resultInt(0)).isEqualTo(-1);
        assertThat(stream.attributes()).containsEntry("endpos", "16000");
        AgiReply timeout = AgiReply.parse("200 result= (timeout)");
        assertThat(timeout.result()).isEmpty();
        assertThat(timeout.data()).isEqualTo("timeout");
        assertThat(AgiReply.parse("511 Command Not Permitted on a dead channel or intercept routine").code()).isEqualTo(511);
        assertThatThrownBy(() -> AgiReply.parse("HANGUP")).isInstanceOf(IllegalArgumentException.class);
    }
}

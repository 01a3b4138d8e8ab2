package io.yikou.testkit.asterisk;

import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.testkit.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Shortcuts for tests: recorded transcripts by name, and scripts built from synthetic packets. */
public final class Scripts {

    private Scripts() {
    }

    public static Transcript ami(String name) {
        return Transcript.read(SharedData.require("fixtures/asterisk/" + name + ".ami.txt"));
    }

    public static Transcript agi(String name) {
        return Transcript.read(SharedData.require("fixtures/asterisk/" + name + ".agi.txt"));
    }

    /** The queue state recorded by QueueStatus in s3 (both static members, not paused). */
    public static List<String> hotlineQueueStatus() {
        return AmiReplay.recordedList(ami("s3-member-admin-status").connection(0), "A-31");
    }

    /**
     * Returns a QueueStatus responder for {@link FakeAmiServer#listResponder} with the recording read
     * now, on the test's thread. Read inside the responder, a missing recording would stop only the
     * fake server's thread, and the test would time out instead of being skipped.
     */
    public static Function<AmiMessage, List<String>> hotlineQueueStatusResponder() {
        List<String> events = hotlineQueueStatus();
        return action -> events;
    }

    /**
     * A script that waits for the client's login, accepts it, then sends these packets (each a
     * {@code Key: Value} block with CRLF line ends, without the closing blank line).
     */
    public static AmiScript afterLogin(String... packets) {
        List<Transcript.Item> items = new ArrayList<>();
        items.add(new Transcript.Received("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.UTF_8), "+0"));
        items.add(new Transcript.Sent(Map.of("Action", "Login", "ActionID", "L-1"), null));
        items.add(received("Response: Success\r\nActionID: L-1\r\nMessage: Authentication accepted\r\n"));
        items.add(received("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 9\r\nLastReload: 9\r\n"
                + "Status: Fully Booted\r\n"));
        items.add(received("Event: SuccessfulAuth\r\nPrivilege: security,all\r\nService: AMI\r\n"));
        for (String packet : packets) {
            items.add(received(packet));
        }
        return new AmiScript(items, Set.of("Login"), false);
    }

    public static Transcript.Received received(String packet) {
        return new Transcript.Received((packet + "\r\n").getBytes(StandardCharsets.UTF_8), "+0");
    }

    /** A received packet made of raw bytes, for encodings other than UTF-8. */
    public static Transcript.Received received(byte[] packet) {
        byte[] bytes = new byte[packet.length + 2];
        System.arraycopy(packet, 0, bytes, 0, packet.length);
        bytes[packet.length] = '\r';
        bytes[packet.length + 1] = '\n';
        return new Transcript.Received(bytes, "+0");
    }
}

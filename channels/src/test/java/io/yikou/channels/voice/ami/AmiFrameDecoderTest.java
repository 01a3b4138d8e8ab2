package io.yikou.channels.voice.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.testkit.SharedData;
import io.yikou.testkit.asterisk.Chunking;
import io.yikou.testkit.asterisk.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AmiFrameDecoderTest {

    private static final String[] TRANSCRIPTS = {
        "s1-ivr-queue-answered.ami.txt", "s2a-abandon-agents-paused.ami.txt", "s2b-abandon-while-ringing.ami.txt",
        "s3-member-admin-status.ami.txt", "s5a-redirect-answered-call.ami.txt",
        "s5b-blind-transfer-answered-call.ami.txt", "s7-sip-ivr-queue-answered.ami.txt",
        "agi-hangup-with-sighup.ami.txt"};

    private static final class Collector implements AmiFrameDecoder.Listener {
        final List<String> banners = new ArrayList<>();
        final List<AmiMessage> messages = new ArrayList<>();
        final List<Long> oversize = new ArrayList<>();

        @Override
        public void onBanner(String banner) {
            banners.add(banner);
        }

        @Override
        public void onMessage(AmiMessage message) {
            messages.add(message);
        }

        @Override
        public void onOversizePacket(long droppedBytes, String reason) {
            oversize.add(droppedBytes);
        }
    }

    private static Transcript transcript(String name) {
        return Transcript.read(SharedData.require("fixtures/asterisk/" + name));
    }

    private static Collector decode(byte[] bytes, Chunking chunking) {
        Collector collector = new Collector();
        AmiFrameDecoder decoder = new AmiFrameDecoder(8192, 262144, true, collector);
        for (byte[] chunk : chunking.split(bytes)) {
            decoder.feed(chunk);
        }
        assertThat(decoder.hasPartialData()).as("bytes left over").isFalse();
        return collector;
    }

    private static List<Map<String, String>> headers(Collector collector) {
        List<Map<String, String>> all = new ArrayList<>();
        for (AmiMessage message : collector.messages) {
            all.add(message.toMap());
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"s1-ivr-queue-answered.ami.txt", "s2a-abandon-agents-paused.ami.txt",
        "s2b-abandon-while-ringing.ami.txt", "s3-member-admin-status.ami.txt", "s5a-redirect-answered-call.ami.txt",
        "s5b-blind-transfer-answered-call.ami.txt", "s7-sip-ivr-queue-answered.ami.txt",
        "agi-hangup-with-sighup.ami.txt"})
    void transcriptsMatchTheirRecordedDigest(String name) {
        for (Transcript.Connection connection : transcript(name).connections()) {
            byte[] bytes = connection.receivedBytes();
            assertThat(bytes.length).as(name + " length").isEqualTo(connection.expectedLength());
            assertThat(Transcript.sha256(bytes)).as(name + " sha256").isEqualTo(connection.expectedSha256());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void fragmentsDecodeLikeWholeStream(long seed) {
        for (String name : TRANSCRIPTS) {
            byte[] bytes = transcript(name).connection(0).receivedBytes();
            Collector whole = decode(bytes, Chunking.whole());
            Collector awkward = decode(bytes, Chunking.awkward(seed));
            assertThat(headers(awkward)).as(name).isEqualTo(headers(whole));
            assertThat(awkward.banners).containsExactly("Asterisk Call Manager/11.0.0");
        }
    }

    @Test
    void bytesOneAtATimeDecodeLikeWholeStream() {
        byte[] bytes = transcript("s1-ivr-queue-answered.ami.txt").connection(0).receivedBytes();
        Collector whole = decode(bytes, Chunking.whole());
        Collector single = decode(bytes, Chunking.byteByByte());
        assertThat(headers(single)).isEqualTo(headers(whole));
        assertThat(whole.messages).hasSizeGreaterThan(150);
        assertThat(whole.oversize).isEmpty();
    }

    @Test
    void chineseNamesSurviveSplitInsideCharacters() {
        byte[] bytes = ("Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\n"
                + "CallerIDNum: 01088888888\r\nCallerIDName: 张三\r\nUniqueid: 1700000300.1\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Collector collector = decode(bytes, Chunking.byteByByte());
        assertThat(collector.messages).hasSize(1);
        assertThat(collector.messages.get(0).get("CallerIDName")).isEqualTo("张三");
        assertThat(collector.messages.get(0).hasInvalidUtf8("CallerIDName")).isFalse();
    }

    @Test
    void gbkCallerNameIsFlaggedWithItsBytes() {
        byte[] head = "Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDNum: 01088888888\r\nCallerIDName: "
                .getBytes(StandardCharsets.US_ASCII);
        byte[] gbk = {(byte) 0xd5, (byte) 0xc5, (byte) 0xc8, (byte) 0xfd};
        byte[] tail = "\r\nUniqueid: 1700000300.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + gbk.length + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(gbk, 0, bytes, head.length, gbk.length);
        System.arraycopy(tail, 0, bytes, head.length + gbk.length, tail.length);

        Collector collector = decode(bytes, Chunking.whole());
        AmiMessage message = collector.messages.get(0);
        assertThat(message.hasInvalidUtf8("CallerIDName")).isTrue();
        assertThat(message.invalidUtf8Keys()).containsEntry("CallerIDName", "d5c5c8fd");
        assertThat(message.get("CallerIDNum")).isEqualTo("01088888888");
        assertThat(message.get("Uniqueid")).isEqualTo("1700000300.1");
    }

    @Test
    void oversizePacketIsDroppedAndNextOneParsed() {
        StringBuilder big = new StringBuilder("Asterisk Call Manager/11.0.0\r\nEvent: Big\r\n");
        for (int i = 0; i < 200; i++) {
            big.append("Variable: v").append(i).append("=").append("x".repeat(100)).append("\r\n");
        }
        big.append("\r\nEvent: Small\r\nUniqueid: 1.2\r\n\r\n");
        Collector collector = new Collector();
        AmiFrameDecoder decoder = new AmiFrameDecoder(1024, 4096, true, collector);
        for (byte[] chunk : Chunking.awkward(3).split(big.toString().getBytes(StandardCharsets.UTF_8))) {
            decoder.feed(chunk);
        }
        assertThat(collector.oversize).hasSize(1);
        assertThat(collector.messages).extracting(AmiMessage::event).containsExactly("Small");
        assertThat(decoder.hasPartialData()).isFalse();
    }

    @Test
    void overlongLineIsDroppedWithItsPacket() {
        String text = "Asterisk Call Manager/11.0.0\r\nEvent: Long\r\nData: " + "y".repeat(5000)
                + "\r\nMore: 1\r\n\r\nEvent: After\r\n\r\n";
        Collector collector = new Collector();
        AmiFrameDecoder decoder = new AmiFrameDecoder(1024, 65536, true, collector);
        decoder.feed(text.getBytes(StandardCharsets.UTF_8));
        assertThat(collector.oversize).hasSize(1);
        assertThat(collector.messages).extracting(AmiMessage::event).containsExactly("After");
    }

    @Test
    void valuesKeepColonsAndEmptyValues() {
        Collector collector = decode(("Asterisk Call Manager/11.0.0\r\nEvent: X\r\nEventTV: 2026-12-04T20:28:19.484+0000\r\n"
                + "SystemName: \r\nLineWithoutColon\r\n\r\n").getBytes(StandardCharsets.UTF_8), Chunking.whole());
        AmiMessage message = collector.messages.get(0);
        assertThat(message.get("EventTV")).isEqualTo("2026-12-04T20:28:19.484+0000");
        assertThat(message.get("SystemName")).isEmpty();
        assertThat(message.get("")).isEqualTo("LineWithoutColon");
    }

    @Test
    void actionRejectsLineBreaksInValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmiAction.named("QueuePause")
                        .field("Reason", "小休\r\nAction: Hangup").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Reason");
    }

    @Test
    void backoffDoublesUpToCapWithJitter() {
        Backoff backoff = new Backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30), 0.2,
                new java.util.Random(5));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        long[] nominal = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (int i = 0; i < nominal.length; i++) {
            assertThat(delays.get(i)).as("attempt " + (i + 1)).isBetween(nominal[i] * 8 / 10, nominal[i]);
        }
        backoff.reset();
        assertThat(backoff.nominalNextDelayMillis()).isEqualTo(1000);
    }

}

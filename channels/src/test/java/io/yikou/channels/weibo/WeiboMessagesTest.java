package io.yikou.channels.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.channels.support.Datum;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MessageKind;
import io.yikou.core.ticket.TicketType;
import io.yikou.testkit.SharedData;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeiboMessagesTest {

    private static final WeiboAccount ACCOUNT = new WeiboAccount("test", null, "secret", "token", Datum.WGS84,
            TicketType.COMPLAINT);

    @Test
    void realSamplesParseWithDistinctKeys() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.require("data/wechat-weibo-message-samples/weibo_messages.jsonl"));
        Set<String> keys = new HashSet<>();
        for (String line : lines) {
            InboundMessage message = WeiboMessages.parse(ACCOUNT, line);
            assertThat(message.kind()).isEqualTo(MessageKind.TEXT);
            assertThat(message.sender().value()).isEqualTo("2000000001");
            assertThat(message.createdAt().getEpochSecond()).isEqualTo(1383378422L);
            keys.add(message.dedupeKey());
        }
        assertThat(keys).hasSize(3);
    }

    @Test
    void mentionKeyStaysExactAsStringOrNumber() {
        String template = "{\"ToUserName\":\"5000000001\",\"FromUserName\":\"6000000001\",\"CreateTime\":\"1700000500\","
                + "\"MsgType\":\"mention\",\"Content\":\"@北京12345 西城区某路口信号灯坏了\",\"SubType\":\"status\",\"Key\":%s}";
        for (String key : new String[] {"\"4983234567890123457\"", "4983234567890123457"}) {
            InboundMessage message = WeiboMessages.parse(ACCOUNT, template.formatted(key));
            assertThat(message.eventKey()).isEqualTo("4983234567890123457");
            assertThat(message.event()).isEqualTo("mention");
            assertThat(message.sender().value()).isEqualTo("6000000001");
            assertThat(message.text()).isEqualTo("@北京12345 西城区某路口信号灯坏了");
        }
    }

    @Test
    void idsBeyondDoublePrecisionStayExact() {
        InboundMessage message = WeiboMessages.parse(ACCOUNT, "{\"type\":\"text\",\"sender_id\":9007199254740993,"
                + "\"receiver_id\":1902538057,\"created_at\":\"Mon Jul 16 18:09:20 +0800 2012\",\"text\":\"hi\",\"data\":{}}");

        assertThat(message.sender().value()).isEqualTo("9007199254740993");
    }

    @Test
    void followEventAtTopLevelIsAnEvent() {
        InboundMessage message = WeiboMessages.parse(ACCOUNT, "{\"ToUserName\":\"5000000001\","
                + "\"FromUserName\":\"6000000001\",\"CreateTime\":\"1700000500\",\"MsgType\":\"follow\"}");

        assertThat(message.kind()).isEqualTo(MessageKind.EVENT);
        assertThat(message.event()).isEqualTo("follow");
    }

    @Test
    void documentedEventAndPositionShapesParse() {
        InboundMessage click = WeiboMessages.parse(ACCOUNT, "{\"type\":\"event\",\"receiver_id\":1902538057,"
                + "\"sender_id\":2489518277,\"created_at\":\"Mon Jul 16 18:09:20 +0800 2012\",\"text\":\"\","
                + "\"data\":{\"subtype\":\"click\",\"key\":\"REPORT_ISSUE\"}}");
        InboundMessage position = WeiboMessages.parse(ACCOUNT, "{\"type\":\"position\",\"receiver_id\":1902538057,"
                + "\"sender_id\":2489518277,\"created_at\":\"Mon Jul 16 18:09:20 +0800 2012\",\"text\":\"发送了一个位置\","
                + "\"data\":{\"longitude\":\"116.417\",\"latitude\":\"39.928\"}}");

        assertThat(click.event()).isEqualTo("click");
        assertThat(click.eventKey()).isEqualTo("REPORT_ISSUE");
        assertThat(position.point().lat()).isEqualTo(39.928);
        assertThat(position.point().lon()).isEqualTo(116.417);
    }

    @Test
    void garbageAndFractionalIdsAreRejected() {
        assertThatThrownBy(() -> WeiboMessages.parse(ACCOUNT, "{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeiboMessages.parse(ACCOUNT, "[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeiboMessages.parse(ACCOUNT, "{\"type\":\"text\"} trailing"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeiboMessages.parse(ACCOUNT, "{\"type\":\"text\",\"sender_id\":4.983234567890123E18,"
                + "\"created_at\":\"Mon Jul 16 18:09:20 +0800 2012\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}

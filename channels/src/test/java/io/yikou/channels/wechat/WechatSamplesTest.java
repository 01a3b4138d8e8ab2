package io.yikou.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikou.channels.support.Datum;
import io.yikou.channels.wechat.xml.SafeXml;
import io.yikou.core.conversation.InboundMessage;
import io.yikou.core.conversation.MessageKind;
import io.yikou.testkit.SharedData;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parses the real message samples (WxJava fixtures and messages captured from a live account). */
class WechatSamplesTest {

    private static final WechatAccount ACCOUNT = new WechatAccount("test", "wx2c2769f8efd9abc2", "secret", "token",
            null, null, null, null, Datum.WGS84);

    @Test
    void everyInboundSampleParsesAndMaps() throws Exception {
        List<String> lines = Files.readAllLines(
                SharedData.require("data/wechat-weibo-message-samples/wechat_messages.jsonl"));
        ObjectMapper json = new ObjectMapper();
        int mapped = 0;
        for (String line : lines) {
            JsonNode sample = json.readTree(line);
            String xml = sample.get("xml").asText();
            if (xml.contains("%1$s") || xml.contains("%s")) {
                continue;
            }
            Map<String, String> fields = SafeXml.parseFields(xml);
            assertThat(fields).as(sample.get("origin_file").asText()).isNotEmpty();
            boolean inbound = sample.get("direction").asText().equals("inbound");
            if (inbound && fields.containsKey("FromUserName") && fields.containsKey("MsgType")
                    && fields.containsKey("CreateTime")) {
                InboundMessage message = WechatMessages.toInbound(ACCOUNT, fields);
                assertThat(message.dedupeKey()).isNotBlank();
                if (!sample.get("msg_type").asText().isEmpty()) {
                    assertThat(message.type()).isEqualTo(sample.get("msg_type").asText().toLowerCase());
                }
                mapped++;
            }
        }
        assertThat(mapped).isGreaterThan(30);
    }

    @Test
    void capturedLiveMessagesKeepTheirIds() throws Exception {
        List<String> lines = Files.readAllLines(
                SharedData.require("data/wechat-weibo-message-samples/wechat_messages.jsonl"));
        ObjectMapper json = new ObjectMapper();
        int live = 0;
        for (String line : lines) {
            JsonNode sample = json.readTree(line);
            if (!sample.get("origin").asText().contains("weixin_proxy_simulator")) {
                continue;
            }
            Map<String, String> fields = SafeXml.parseFields(sample.get("xml").asText());
            InboundMessage message = WechatMessages.toInbound(ACCOUNT, fields);
            assertThat(message.messageId()).isEqualTo(fields.get("MsgId").trim());
            if (message.kind() == MessageKind.LOCATION) {
                assertThat(message.point()).isNotNull();
            }
            if (message.kind() == MessageKind.VOICE) {
                assertThat(message.mediaId()).isNotBlank();
            }
            if (message.kind() == MessageKind.IMAGE) {
                // The captured photo carries only PicUrl, no MediaId; the URL is kept for the agent.
                assertThat(message.fields()).containsKey("PicUrl");
            }
            live++;
        }
        assertThat(live).isEqualTo(4);
    }

    @Test
    void eventRepeatsShareOneKey() {
        Map<String, String> fields = Map.of("ToUserName", "gh_1", "FromUserName", "oTEST_citizen_0003",
                "CreateTime", "1700000100", "MsgType", "event", "Event", "subscribe");

        InboundMessage first = WechatMessages.toInbound(ACCOUNT, fields);
        InboundMessage second = WechatMessages.toInbound(ACCOUNT, fields);

        assertThat(first.dedupeKey()).isEqualTo("oTEST_citizen_0003:1700000100:subscribe");
        assertThat(second.dedupeKey()).isEqualTo(first.dedupeKey());
        assertThat(first.event()).isEqualTo("subscribe");
    }

    @Test
    void largeMsgIdStaysExact() {
        Map<String, String> fields = Map.of("FromUserName", "o1", "CreateTime", "1409735668", "MsgType", "text",
                "Content", "x", "MsgId", "6054768590064713728");

        assertThat(WechatMessages.toInbound(ACCOUNT, fields).messageId()).isEqualTo("6054768590064713728");
    }
}

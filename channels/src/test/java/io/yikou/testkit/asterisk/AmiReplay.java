package io.yikou.testkit.asterisk;

import io.yikou.channels.voice.ami.AmiFrameDecoder;
import io.yikou.channels.voice.ami.AmiMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the fake server gives from the recordings themselves: a recorded event list, and the
 * channels that were alive at a point of a transcript (what {@code CoreShowChannels} would have
 * listed there).
 */
public final class AmiReplay {

    private AmiReplay() {
    }

    /** Returns the events of the list a recorded action produced, without ActionID and Complete event. */
    public static List<String> recordedList(Transcript.Connection connection, String recordedActionId) {
        List<String> events = new ArrayList<>();
        for (AmiMessage message : messages(connection.items(), 0, connection.items().size())) {
            if (!recordedActionId.equals(message.actionId()) || message.event() == null
                    || message.event().endsWith("Complete")) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < message.size(); i++) {
                if (!message.key(i).equalsIgnoreCase("ActionID")) {
                    text.append(message.key(i)).append(": ").append(message.value(i)).append("\r\n");
                }
            }
            events.add(text.toString());
        }
        return events;
    }

    /** Returns {@code CoreShowChannel} events for the channels alive just before item {@code end}. */
    public static List<String> channelsAt(List<Transcript.Item> items, int end) {
        Map<String, Map<String, String>> alive = new LinkedHashMap<>();
        for (AmiMessage event : messages(items, 0, end)) {
            String name = event.event();
            String uniqueid = event.get("Uniqueid");
            if (name == null || uniqueid == null) {
                continue;
            }
            if (name.equals("Hangup")) {
                alive.remove(uniqueid);
                continue;
            }
            Map<String, String> channel = name.equals("Newchannel") ? alive.computeIfAbsent(uniqueid, k -> new LinkedHashMap<>())
                    : alive.get(uniqueid);
            if (channel == null) {
                continue;
            }
            for (String key : List.of("Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
                    "ConnectedLineNum", "ConnectedLineName", "Context", "Exten", "Uniqueid", "Linkedid")) {
                if (event.get(key) != null) {
                    channel.put(key, event.get(key));
                }
            }
            if (name.equals("BridgeEnter")) {
                channel.put("BridgeId", event.get("BridgeUniqueid"));
            } else if (name.equals("BridgeLeave")) {
                channel.put("BridgeId", "");
            }
        }
        List<String> events = new ArrayList<>();
        for (Map<String, String> channel : alive.values()) {
            StringBuilder text = new StringBuilder("Event: CoreShowChannel\r\n");
            channel.forEach((key, value) -> text.append(key).append(": ").append(value).append("\r\n"));
            if (!channel.containsKey("BridgeId")) {
                text.append("BridgeId: \r\n");
            }
            events.add(text.toString());
        }
        return events;
    }

    /** Decodes the received messages among {@code items[from, to)}. */
    public static List<AmiMessage> messages(List<Transcript.Item> items, int from, int to) {
        List<AmiMessage> messages = new ArrayList<>();
        AmiFrameDecoder decoder = new AmiFrameDecoder(65536, 1 << 20, false, new AmiFrameDecoder.Listener() {
            @Override
            public void onBanner(String banner) {
            }

            @Override
            public void onMessage(AmiMessage message) {
                messages.add(message);
            }

            @Override
            public void onOversizePacket(long droppedBytes, String reason) {
            }
        });
        for (int i = from; i < to; i++) {
            if (items.get(i) instanceof Transcript.Received received) {
                String text = received.text();
                if (text.startsWith("Asterisk Call Manager")) {
                    continue;
                }
                decoder.feed(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        return messages;
    }
}

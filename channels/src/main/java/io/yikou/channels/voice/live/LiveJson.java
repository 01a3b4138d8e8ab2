package io.yikou.channels.voice.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The live model as JSON, the shape the staff API returns and the wallboard reads from Redis.
 * Caller numbers are included in full: only staff roles read this.
 */
public final class LiveJson {

    private LiveJson() {
    }

    public static JsonObject snapshot(LiveModel model, Instant at) {
        JsonArray queues = new JsonArray();
        for (LiveQueue queue : model.queues()) {
            queues.add(queue(queue));
        }
        JsonArray calls = new JsonArray();
        for (LiveCall call : model.calls()) {
            calls.add(call(call));
        }
        return new JsonObject().put("at", at.toString()).put("queues", queues).put("calls", calls);
    }

    public static JsonObject queue(LiveQueue queue) {
        JsonArray waiting = new JsonArray();
        for (LiveQueue.WaitingCaller caller : queue.waiting()) {
            waiting.add(new JsonObject()
                    .put("uniqueid", caller.uniqueid())
                    .put("linkedid", caller.linkedid())
                    .put("position", caller.position())
                    .put("callerNumber", caller.callerNumber())
                    .put("callerName", caller.callerName())
                    .put("waitSeconds", caller.waitSeconds()));
        }
        JsonArray members = new JsonArray();
        for (LiveMember member : queue.members()) {
            members.add(member(member));
        }
        return new JsonObject()
                .put("name", queue.name())
                .put("strategy", queue.strategy())
                .put("completed", queue.completed())
                .put("abandoned", queue.abandoned())
                .put("waiting", waiting)
                .put("members", members);
    }

    public static JsonObject member(LiveMember member) {
        return new JsonObject()
                .put("queue", member.queue())
                .put("interface", member.memberInterface())
                .put("name", member.name())
                .put("stateInterface", member.stateInterface())
                .put("membership", member.membership())
                .put("penalty", member.penalty())
                .put("status", member.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("statusLabel", member.status().chineseName())
                .put("paused", member.paused())
                .put("pausedReason", member.pausedReason())
                .put("pausedSince", member.pausedSince() == null ? null : member.pausedSince().toString())
                .put("inCall", member.inCall())
                .put("callsTaken", member.callsTaken())
                .put("currentCall", member.currentCall());
    }

    public static JsonObject call(LiveCall call) {
        JsonArray channels = new JsonArray();
        for (LiveChannel channel : call.channels()) {
            channels.add(new JsonObject()
                    .put("uniqueid", channel.uniqueid())
                    .put("name", channel.name())
                    .put("state", channel.state())
                    .put("context", channel.context())
                    .put("exten", channel.exten())
                    .put("bridgeId", channel.bridgeId()));
        }
        return new JsonObject()
                .put("linkedid", call.linkedid())
                .put("inbound", call.inbound())
                .put("dialledNumber", call.dialledNumber())
                .put("callerNumber", call.callerNumber())
                .put("callerName", call.callerName())
                .put("startedAt", text(call.startedAt()))
                .put("answeredAt", text(call.answeredAt()))
                .put("ivr", call.ivr())
                .put("queue", call.queue())
                .put("holdSeconds", call.holdSeconds())
                .put("agentInterface", call.agentInterface())
                .put("agentName", call.agentName())
                .put("transferTarget", call.transferTarget())
                .put("channels", channels);
    }

    public static JsonArray pauses(List<PauseRecord> records) {
        JsonArray array = new JsonArray();
        for (PauseRecord record : records) {
            array.add(new JsonObject()
                    .put("queue", record.queue())
                    .put("interface", record.memberInterface())
                    .put("reason", record.reason())
                    .put("from", record.from().toString())
                    .put("to", record.to().toString())
                    .put("seconds", record.seconds()));
        }
        return array;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

package io.yikou.channels.voice.live;

import io.yikou.channels.voice.ami.AmiMessage;
import io.yikou.core.privacy.Masking;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state of one Asterisk: calls grouped by Linkedid, queues with their waiting callers and
 * members, and the agents behind member interfaces. Built from AMI events by
 * {@link #apply} and rebuilt from a snapshot by {@link #synchronize} after every (re)login.
 *
 * <p>Thread-safe: mutations and snapshots synchronise on the model. Listeners run inside that lock,
 * in event order, and must not block.
 */
public final class LiveModel {

    private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);
    private static final int MAX_PAUSE_HISTORY = 1000;
    private static final int MAX_UNKNOWN_SAMPLES = 20;

    private final Set<String> inboundContexts;
    private final Clock clock;
    private final List<Consumer<LiveChange>> listeners = new CopyOnWriteArrayList<>();

    private final Map<String, ChannelState> channels = new HashMap<>();
    private final Map<String, CallState> calls = new LinkedHashMap<>();
    private final Map<String, QueueState> queues = new TreeMap<>();
    private final Deque<PauseRecord> pauseHistory = new ArrayDeque<>();
    private final Map<String, Long> unknownEvents = new TreeMap<>();
    private final Deque<Map<String, String>> unknownSamples = new ArrayDeque<>();
    private long appliedEvents;

    /**
     * @param inboundContexts dialplan contexts where citizens' calls arrive, such as {@code from-trunk};
     *                        a call whose first channel starts in one of them is an inbound contact
     */
    public LiveModel(Set<String> inboundContexts, Clock clock) {
        this.inboundContexts = Set.copyOf(inboundContexts);
        this.clock = clock;
    }

    /** Adds a listener for every change; it runs inside the model's lock and must not block. */
    public void addListener(Consumer<LiveChange> listener) {
        listeners.add(listener);
    }

    // ---- mutable state, confined to this class ----

    static final class ChannelState {
        String uniqueid;
        String linkedid;
        String name;
        String state;
        String callerNumber;
        String callerName;
        String context;
        String exten;
        String bridgeId;

        LiveChannel snapshot() {
            return new LiveChannel(uniqueid, linkedid, name, state, callerNumber, callerName, context, exten, bridgeId);
        }
    }

    static final class CallState {
        final String linkedid;
        final Instant startedAt;
        final List<String> channelIds = new ArrayList<>();
        boolean inbound;
        boolean announced;
        String dialledNumber;
        String callerNumber;
        String callerName;
        Instant answeredAt;
        Instant endedAt;
        boolean ivr;
        String queue;
        Integer holdSeconds;
        String agentInterface;
        String agentName;
        Integer talkSeconds;
        boolean abandoned;
        String transferTarget;
        String endReason;

        CallState(String linkedid, Instant startedAt) {
            this.linkedid = linkedid;
            this.startedAt = startedAt;
        }
    }

    static final class MemberState {
        String memberInterface;
        String name;
        String stateInterface;
        String membership;
        int penalty;
        MemberStatus status = MemberStatus.UNKNOWN;
        boolean paused;
        String pausedReason;
        Instant pausedSince;
        boolean inCall;
        int callsTaken;
        String currentCall;
    }

    static final class Waiting {
        String uniqueid;
        String linkedid;
        int position;
        Instant joinedAt;
        String callerNumber;
        String callerName;
    }

    static final class QueueState {
        final String name;
        String strategy;
        int completed;
        int abandoned;
        final Map<String, MemberState> members = new TreeMap<>();
        final Map<String, Waiting> waiting = new LinkedHashMap<>();

        QueueState(String name) {
            this.name = name;
        }
    }

    // ---- events ----

    /** Applies one AMI event; unknown events are counted and kept as samples, never fatal. */
    public synchronized void apply(AmiMessage event) {
        String name = event.event();
        if (name == null) {
            return;
        }
        appliedEvents++;
        switch (name) {
            case "Newchannel" -> newChannel(event);
            case "NewCallerid", "NewConnectedLine", "Newstate", "Newexten", "DialState", "MusicOnHoldStart",
                 "MusicOnHoldStop", "HangupRequest", "SoftHangupRequest", "DTMFBegin", "DTMFEnd", "Hold",
                 "Unhold", "NewAccountCode" -> updateChannel(event);
            case "Hangup" -> hangup(event);
            case "BridgeEnter" -> bridge(event, event.get("BridgeUniqueid"));
            case "BridgeLeave" -> bridge(event, null);
            case "AGIExecStart" -> agiStarted(event);
            case "QueueCallerJoin" -> callerJoined(event);
            case "QueueCallerLeave" -> callerLeft(event);
            case "QueueCallerAbandon" -> callerAbandoned(event);
            case "AgentCalled" -> agentCalled(event);
            case "AgentRingNoAnswer" -> agentNoAnswer(event);
            case "AgentConnect" -> agentConnected(event);
            case "AgentComplete" -> agentCompleted(event);
            case "BlindTransfer" -> blindTransfer(event);
            case "QueueMemberStatus", "QueueMemberPause", "QueueMemberAdded", "QueueMemberPenalty",
                 "QueueMemberRinginuse", "QueueMember" -> updateMember(event);
            case "QueueMemberRemoved" -> removeMember(event);
            case "QueueParams" -> queueParams(event);
            case "QueueEntry" -> queueEntry(event);
            // Known events the model has no use for.
            case "FullyBooted", "SuccessfulAuth", "VarSet", "CEL", "Cdr", "DeviceStateChange", "LocalBridge",
                 "DialBegin", "DialEnd", "BridgeCreate", "BridgeDestroy", "AGIExecEnd", "OriginateResponse",
                 "RTCPSent", "RTCPReceived", "QueueSummary", "ChallengeSent", "Registry", "PeerStatus",
                 "ContactStatus", "RequestBadFormat", "Shutdown", "Reload", "NewPeerAccount",
                 "AttendedTransfer", "LocalOptimizationBegin", "LocalOptimizationEnd" -> { }
            default -> unknown(event);
        }
    }

    private void unknown(AmiMessage event) {
        unknownEvents.merge(event.event(), 1L, Long::sum);
        if (unknownSamples.size() == MAX_UNKNOWN_SAMPLES) {
            unknownSamples.removeFirst();
        }
        Map<String, String> sample = new LinkedHashMap<>();
        for (int i = 0; i < event.size(); i++) {
            sample.putIfAbsent(event.key(i), event.value(i));
        }
        unknownSamples.addLast(sample);
    }

    private void newChannel(AmiMessage event) {
        String uniqueid = event.get("Uniqueid");
        if (uniqueid == null) {
            return;
        }
        ChannelState channel = channels.computeIfAbsent(uniqueid, id -> new ChannelState());
        channel.uniqueid = uniqueid;
        fill(channel, event);
        CallState call = attach(channel);
        if (uniqueid.equals(call.linkedid)) {
            call.inbound = channel.context != null && inboundContexts.contains(channel.context);
            call.dialledNumber = channel.exten;
            callerFromRoot(call, channel);
            if (call.inbound && "Up".equals(channel.state)) {
                announce(call);
            }
        }
    }

    private void updateChannel(AmiMessage event) {
        ChannelState channel = channels.get(event.get("Uniqueid", ""));
        if (channel == null) {
            return;
        }
        fill(channel, event);
        CallState call = attach(channel);
        if (channel.uniqueid.equals(call.linkedid)) {
            callerFromRoot(call, channel);
            if (call.inbound && "Up".equals(channel.state)) {
                announce(call);
            }
        }
    }

    private void fill(ChannelState channel, AmiMessage event) {
        String linkedid = event.get("Linkedid");
        if (linkedid != null) {
            channel.linkedid = linkedid;
        }
        channel.name = event.get("Channel", channel.name);
        channel.state = event.get("ChannelStateDesc", channel.state);
        channel.context = event.get("Context", channel.context);
        channel.exten = event.get("Exten", channel.exten);
        if (event.get("CallerIDNum") != null) {
            channel.callerNumber = known(event.get("CallerIDNum"));
        }
        if (event.get("CallerIDName") != null) {
            channel.callerName = callerName(event, channel);
        }
    }

    /**
     * Returns the caller name, or {@code null} when its bytes are not UTF-8 (some trunks send GBK):
     * the raw bytes go to the log in hex and the call goes on with the number alone.
     */
    private static String callerName(AmiMessage event, ChannelState channel) {
        if (event.hasInvalidUtf8("CallerIDName")) {
            LOG.warn("Caller name of {} (caller {}) is not valid UTF-8; stored as unknown, raw bytes {}",
                    event.get("Uniqueid"), Masking.phone(known(event.get("CallerIDNum"))),
                    event.invalidUtf8Keys().entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase("CallerIDName"))
                            .map(Map.Entry::getValue).findFirst().orElse(""));
            return null;
        }
        String name = known(event.get("CallerIDName"));
        if (name != null && name.indexOf('\uFFFD') >= 0) {
            // Already garbled before it reached Asterisk; a replacement character is no name.
            return null;
        }
        return name;
    }

    private static String known(String value) {
        // Protocol fact: Asterisk writes the literal <unknown> for an absent caller id.
        return value == null || value.isEmpty() || value.equals("<unknown>") ? null : value;
    }

    /** Puts the channel into the call of its current Linkedid, moving it when the Linkedid changed. */
    private CallState attach(ChannelState channel) {
        String linkedid = channel.linkedid == null ? channel.uniqueid : channel.linkedid;
        CallState call = calls.get(linkedid);
        if (call != null && call.channelIds.contains(channel.uniqueid)) {
            return call;
        }
        CallState previous = null;
        for (CallState other : calls.values()) {
            if (other.channelIds.remove(channel.uniqueid)) {
                previous = other;
                break;
            }
        }
        if (previous != null && previous.channelIds.isEmpty()) {
            // Bridging gave the channel an older Linkedid: its old call was only this channel.
            previous.endReason = "merged";
            end(previous);
        }
        if (call == null) {
            call = new CallState(linkedid, clock.instant());
            calls.put(linkedid, call);
        }
        call.channelIds.add(channel.uniqueid);
        return call;
    }

    private static void callerFromRoot(CallState call, ChannelState root) {
        if (root.callerNumber != null) {
            call.callerNumber = root.callerNumber;
        }
        if (root.callerName != null) {
            call.callerName = root.callerName;
        }
    }

    private void announce(CallState call) {
        if (call.announced || !call.inbound) {
            return;
        }
        call.announced = true;
        publish(LiveChange.call(LiveChange.Kind.CALL_STARTED, snapshot(call)));
    }

    private void hangup(AmiMessage event) {
        ChannelState channel = channels.remove(event.get("Uniqueid", ""));
        if (channel == null) {
            return;
        }
        fill(channel, event);
        CallState call = calls.get(channel.linkedid == null ? channel.uniqueid : channel.linkedid);
        if (call == null) {
            return;
        }
        call.channelIds.remove(channel.uniqueid);
        for (QueueState queue : queues.values()) {
            if (queue.waiting.containsKey(channel.uniqueid)) {
                removeWaiting(queue, channel.uniqueid);
                publish(LiveChange.of(LiveChange.Kind.QUEUE_CHANGED, queue.name));
            }
        }
        if (call.channelIds.isEmpty()) {
            end(call);
        }
    }

    private void end(CallState call) {
        announce(call);
        call.endedAt = clock.instant();
        calls.remove(call.linkedid);
        for (QueueState queue : queues.values()) {
            for (MemberState member : queue.members.values()) {
                if (call.linkedid.equals(member.currentCall)) {
                    member.currentCall = null;
                }
            }
        }
        if (call.inbound) {
            publish(LiveChange.call(LiveChange.Kind.CALL_ENDED, snapshot(call)));
        }
    }

    private void bridge(AmiMessage event, String bridgeId) {
        ChannelState channel = channels.get(event.get("Uniqueid", ""));
        if (channel != null) {
            fill(channel, event);
            channel.bridgeId = bridgeId;
        }
    }

    private void agiStarted(AmiMessage event) {
        callOf(event).ifPresent(call -> call.ivr = true);
        updateChannel(event);
    }

    private Optional<CallState> callOf(AmiMessage event) {
        String linkedid = event.get("Linkedid");
        if (linkedid == null) {
            ChannelState channel = channels.get(event.get("Uniqueid", ""));
            linkedid = channel == null ? null : channel.linkedid;
        }
        return Optional.ofNullable(linkedid == null ? null : calls.get(linkedid));
    }

    private QueueState queue(String name) {
        return queues.computeIfAbsent(name, QueueState::new);
    }

    private void callerJoined(AmiMessage event) {
        String queueName = event.get("Queue");
        String uniqueid = event.get("Uniqueid");
        if (queueName == null || uniqueid == null) {
            return;
        }
        updateChannel(event);
        QueueState queue = queue(queueName);
        Waiting waiting = new Waiting();
        waiting.uniqueid = uniqueid;
        waiting.linkedid = event.get("Linkedid", uniqueid);
        waiting.position = event.intValue("Position", queue.waiting.size() + 1);
        waiting.joinedAt = clock.instant();
        waiting.callerNumber = known(event.get("CallerIDNum"));
        waiting.callerName = event.hasInvalidUtf8("CallerIDName") ? null : known(event.get("CallerIDName"));
        queue.waiting.put(uniqueid, waiting);
        publish(LiveChange.of(LiveChange.Kind.QUEUE_CHANGED, queueName));
        callOf(event).ifPresent(call -> {
            call.queue = queueName;
            announce(call);
            publish(LiveChange.call(LiveChange.Kind.CALL_QUEUED, snapshot(call)));
        });
    }

    private void callerLeft(AmiMessage event) {
        QueueState queue = queues.get(event.get("Queue", ""));
        if (queue != null && removeWaiting(queue, event.get("Uniqueid", ""))) {
            publish(LiveChange.of(LiveChange.Kind.QUEUE_CHANGED, queue.name));
        }
    }

    private static boolean removeWaiting(QueueState queue, String uniqueid) {
        Waiting left = queue.waiting.remove(uniqueid);
        if (left == null) {
            return false;
        }
        for (Waiting other : queue.waiting.values()) {
            if (other.position > left.position) {
                other.position--;
            }
        }
        return true;
    }

    private void callerAbandoned(AmiMessage event) {
        QueueState queue = queues.get(event.get("Queue", ""));
        if (queue != null) {
            queue.abandoned++;
        }
        callOf(event).ifPresent(call -> {
            call.abandoned = true;
            call.holdSeconds = event.intValue("HoldTime", 0);
        });
    }

    private MemberState member(AmiMessage event) {
        String queueName = event.get("Queue");
        String memberInterface = event.get("Interface", event.get("Location"));
        if (queueName == null || memberInterface == null) {
            return null;
        }
        return queue(queueName).members.computeIfAbsent(memberInterface, key -> {
            MemberState member = new MemberState();
            member.memberInterface = key;
            member.name = event.get("MemberName");
            return member;
        });
    }

    private void agentCalled(AmiMessage event) {
        MemberState member = member(event);
        if (member != null) {
            member.currentCall = event.get("Linkedid");
            publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, event.get("Queue") + "|" + member.memberInterface));
        }
    }

    private void agentNoAnswer(AmiMessage event) {
        MemberState member = member(event);
        if (member != null && member.currentCall != null && member.currentCall.equals(event.get("Linkedid"))) {
            member.currentCall = null;
            publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, event.get("Queue") + "|" + member.memberInterface));
        }
    }

    private void agentConnected(AmiMessage event) {
        MemberState member = member(event);
        if (member != null) {
            member.currentCall = event.get("Linkedid");
            member.inCall = true;
            publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, event.get("Queue") + "|" + member.memberInterface));
        }
        callOf(event).ifPresent(call -> {
            call.answeredAt = clock.instant();
            call.queue = event.get("Queue", call.queue);
            call.holdSeconds = event.intValue("HoldTime", 0);
            call.agentInterface = event.get("Interface");
            call.agentName = event.get("MemberName");
            publish(LiveChange.call(LiveChange.Kind.CALL_ANSWERED, snapshot(call)));
        });
    }

    private void agentCompleted(AmiMessage event) {
        MemberState member = member(event);
        if (member != null) {
            member.inCall = false;
            member.callsTaken++;
            if (member.currentCall != null && member.currentCall.equals(event.get("Linkedid"))) {
                member.currentCall = null;
            }
            publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, event.get("Queue") + "|" + member.memberInterface));
        }
        callOf(event).ifPresent(call -> {
            call.talkSeconds = event.intValue("TalkTime", 0);
            call.holdSeconds = event.intValue("HoldTime", call.holdSeconds == null ? 0 : call.holdSeconds);
            call.endReason = event.get("Reason");
            if (call.answeredAt == null) {
                // AgentConnect was missed (sent while AMI was disconnected); AgentComplete proves the answer.
                call.answeredAt = clock.instant();
            }
            if (call.agentInterface == null) {
                call.agentInterface = event.get("Interface");
                call.agentName = event.get("MemberName");
            }
        });
    }

    private void blindTransfer(AmiMessage event) {
        String linkedid = event.get("TransfererLinkedid", event.get("TransfereeLinkedid"));
        CallState call = linkedid == null ? null : calls.get(linkedid);
        if (call != null) {
            call.transferTarget = event.get("Context", "") + "," + event.get("Extension", "");
            publish(LiveChange.call(LiveChange.Kind.CALL_TRANSFERRED, snapshot(call)));
        }
    }

    /**
     * Applies any member event. A pause ends when {@code Paused} turns 0, whatever the event: the
     * finished pause goes to the history with its reason, and the reason is cleared, because
     * app_queue sends an empty {@code PausedReason} on unpause.
     */
    private void updateMember(AmiMessage event) {
        MemberState member = member(event);
        if (member == null) {
            return;
        }
        String queueName = event.get("Queue");

        member.name = event.get("MemberName", event.get("Name", member.name));
        member.stateInterface = event.get("StateInterface", member.stateInterface);
        member.membership = event.get("Membership", member.membership);
        member.penalty = event.intValue("Penalty", member.penalty);
        member.callsTaken = event.intValue("CallsTaken", member.callsTaken);
        if (event.get("Status") != null) {
            member.status = MemberStatus.fromCode(event.intValue("Status", 0));
        }
        if (event.get("InCall") != null) {
            member.inCall = event.intValue("InCall", 0) == 1;
        }

        if (event.get("Paused") != null) {
            boolean paused = event.intValue("Paused", 0) == 1;
            String reason = event.get("PausedReason", "").strip();
            if (paused) {
                long lastPause = event.longValue("LastPause", 0);
                if (!member.paused || member.pausedSince == null) {
                    member.pausedSince = lastPause > 0 ? Instant.ofEpochSecond(lastPause) : clock.instant();
                }
                member.paused = true;
                member.pausedReason = reason.isEmpty() ? null : reason;
            } else {
                if (member.paused) {
                    recordPause(queueName, member);
                }
                member.paused = false;
                member.pausedReason = null;
                member.pausedSince = null;
            }
        }
        publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, queueName + "|" + member.memberInterface));
    }

    private void recordPause(String queueName, MemberState member) {
        Instant from = member.pausedSince == null ? clock.instant() : member.pausedSince;
        if (pauseHistory.size() == MAX_PAUSE_HISTORY) {
            pauseHistory.removeFirst();
        }
        pauseHistory.addLast(new PauseRecord(queueName, member.memberInterface, member.pausedReason, from,
                clock.instant()));
    }

    private void removeMember(AmiMessage event) {
        QueueState queue = queues.get(event.get("Queue", ""));
        String memberInterface = event.get("Interface");
        if (queue == null || memberInterface == null) {
            return;
        }
        MemberState removed = queue.members.remove(memberInterface);
        if (removed != null && removed.paused) {
            recordPause(queue.name, removed);
        }
        publish(LiveChange.of(LiveChange.Kind.MEMBER_CHANGED, queue.name + "|" + memberInterface));
    }

    private void queueParams(AmiMessage event) {
        String name = event.get("Queue");
        if (name == null) {
            return;
        }
        QueueState queue = queue(name);
        queue.strategy = event.get("Strategy", queue.strategy);
        queue.completed = event.intValue("Completed", queue.completed);
        queue.abandoned = event.intValue("Abandoned", queue.abandoned);
    }

    private void queueEntry(AmiMessage event) {
        String name = event.get("Queue");
        String uniqueid = event.get("Uniqueid");
        if (name == null || uniqueid == null) {
            return;
        }
        QueueState queue = queue(name);
        Waiting waiting = queue.waiting.computeIfAbsent(uniqueid, id -> new Waiting());
        waiting.uniqueid = uniqueid;
        ChannelState channel = channels.get(uniqueid);
        waiting.linkedid = channel != null && channel.linkedid != null ? channel.linkedid : uniqueid;
        waiting.position = event.intValue("Position", queue.waiting.size());
        waiting.joinedAt = clock.instant().minusSeconds(event.intValue("Wait", 0));
        waiting.callerNumber = known(event.get("CallerIDNum"));
        waiting.callerName = event.hasInvalidUtf8("CallerIDName") ? null : known(event.get("CallerIDName"));
        CallState call = calls.get(waiting.linkedid);
        if (call != null) {
            call.queue = name;
        }
    }

    // ---- resynchronisation ----

    /**
     * Replaces the model with what Asterisk reports after a (re)login.
     *
     * @param queueStatus         events of a {@code QueueStatus} list: QueueParams, QueueMember, QueueEntry
     * @param coreShowChannels    events of a {@code CoreShowChannels} list: one CoreShowChannel per channel
     * @param asteriskRestarted   Asterisk started again since the previous session, so calls it no
     *                            longer has were cut off, not finished
     */
    public synchronized void synchronize(List<AmiMessage> queueStatus, List<AmiMessage> coreShowChannels,
                                         boolean asteriskRestarted) {
        Map<String, AmiMessage> reported = new LinkedHashMap<>();
        for (AmiMessage channel : coreShowChannels) {
            String uniqueid = channel.get("Uniqueid");
            if (uniqueid != null) {
                reported.put(uniqueid, channel);
            }
        }

        // Channels that vanished while disconnected hung up; their calls may have ended.
        for (String uniqueid : new ArrayList<>(channels.keySet())) {
            if (!reported.containsKey(uniqueid)) {
                ChannelState gone = channels.remove(uniqueid);
                CallState call = calls.get(gone.linkedid);
                if (call != null) {
                    call.channelIds.remove(uniqueid);
                }
            }
        }

        // Channels reported now: update known ones, add those that appeared meanwhile.
        for (AmiMessage event : reported.values()) {
            String uniqueid = event.get("Uniqueid");
            boolean isNew = !channels.containsKey(uniqueid);
            ChannelState channel = channels.computeIfAbsent(uniqueid, id -> new ChannelState());
            channel.uniqueid = uniqueid;
            fill(channel, event);
            channel.bridgeId = blankToNull(event.get("BridgeId"));
            CallState call = attach(channel);
            if (isNew && uniqueid.equals(call.linkedid)) {
                call.inbound = channel.context != null && inboundContexts.contains(channel.context);
                call.dialledNumber = channel.exten;
                callerFromRoot(call, channel);
            }
        }

        // Calls left without channels ended while disconnected.
        for (CallState call : new ArrayList<>(calls.values())) {
            if (call.channelIds.isEmpty()) {
                if (asteriskRestarted) {
                    call.endReason = "interrupted";
                }
                LOG.info("Call {} ended while AMI was disconnected{}", call.linkedid,
                        asteriskRestarted ? " (Asterisk restarted)" : "");
                end(call);
            }
        }

        // Queues: rebuilt from QueueStatus; members keep pause history through the same rules.
        Map<String, QueueState> previous = new HashMap<>(queues);
        queues.clear();
        for (AmiMessage event : queueStatus) {
            String name = event.get("Queue");
            if (name == null) {
                continue;
            }
            if (!queues.containsKey(name)) {
                QueueState fresh = queue(name);
                QueueState old = previous.get(name);
                if (old != null) {
                    carryMembers(old, fresh, queueStatus);
                }
            }
            switch (event.event()) {
                case "QueueParams" -> queueParams(event);
                case "QueueMember" -> updateMember(event);
                case "QueueEntry" -> queueEntry(event);
                default -> { }
            }
        }
        for (CallState call : calls.values()) {
            announce(call);
        }
        publish(LiveChange.of(LiveChange.Kind.RESYNCHRONIZED, ""));
    }

    /** Keeps the state of members still reported, so a pause that spans the reconnect is timed whole. */
    private static void carryMembers(QueueState old, QueueState fresh, List<AmiMessage> queueStatus) {
        for (AmiMessage event : queueStatus) {
            if ("QueueMember".equals(event.event()) && fresh.name.equals(event.get("Queue"))) {
                MemberState kept = old.members.get(event.get("Location", event.get("Interface", "")));
                if (kept != null) {
                    fresh.members.put(kept.memberInterface, kept);
                }
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    // ---- reads ----

    /** Returns the call with this Linkedid, if it is live. */
    public synchronized Optional<LiveCall> call(String linkedid) {
        CallState call = calls.get(linkedid);
        return call == null ? Optional.empty() : Optional.of(snapshot(call));
    }

    /** Returns the Linkedid of the call a channel belongs to, if the channel is live. */
    public synchronized Optional<String> linkedidOf(String uniqueid) {
        ChannelState channel = channels.get(uniqueid);
        return Optional.ofNullable(channel == null ? null : channel.linkedid);
    }

    public synchronized List<LiveCall> calls() {
        List<LiveCall> result = new ArrayList<>();
        for (CallState call : calls.values()) {
            result.add(snapshot(call));
        }
        return result;
    }

    public synchronized Optional<LiveQueue> findQueue(String name) {
        QueueState queue = queues.get(name);
        return queue == null ? Optional.empty() : Optional.of(snapshot(queue));
    }

    public synchronized List<LiveQueue> queues() {
        List<LiveQueue> result = new ArrayList<>();
        for (QueueState queue : queues.values()) {
            result.add(snapshot(queue));
        }
        return result;
    }

    /** Finished pauses, oldest first, at most the latest thousand. */
    public synchronized List<PauseRecord> pauseHistory() {
        return List.copyOf(pauseHistory);
    }

    /** Counts of events the model does not interpret, by event name. */
    public synchronized Map<String, Long> unknownEvents() {
        return Map.copyOf(unknownEvents);
    }

    /** Returns the headers of the latest unknown events, kept for diagnosis. */
    public synchronized List<Map<String, String>> unknownEventSamples() {
        return List.copyOf(unknownSamples);
    }

    public synchronized long appliedEvents() {
        return appliedEvents;
    }

    /** Returns the member behind an interface in every queue it belongs to: the agent's view. */
    public synchronized List<LiveMember> agent(String memberInterface) {
        List<LiveMember> result = new ArrayList<>();
        for (QueueState queue : queues.values()) {
            MemberState member = queue.members.get(memberInterface);
            if (member != null) {
                result.add(snapshot(queue.name, member));
            }
        }
        return result;
    }

    /** Returns the live channels of the member behind an interface, matched by channel name. */
    public synchronized List<LiveChannel> channelsOfInterface(String memberInterface) {
        String prefix = channelPrefix(memberInterface);
        List<LiveChannel> result = new ArrayList<>();
        for (ChannelState channel : channels.values()) {
            if (channel.name != null && channel.name.startsWith(prefix)) {
                result.add(channel.snapshot());
            }
        }
        result.sort(Comparator.comparing(LiveChannel::uniqueid));
        return result;
    }

    /**
     * Returns the prefix channel names of an interface start with: {@code PJSIP/1001} makes channels
     * {@code PJSIP/1001-0000002a}, and {@code Local/1001@agents/n} makes {@code Local/1001@agents-00000001;1}.
     */
    static String channelPrefix(String memberInterface) {
        String base = memberInterface.endsWith("/n") ? memberInterface.substring(0, memberInterface.length() - 2)
                : memberInterface;
        return base + "-";
    }

    private LiveCall snapshot(CallState call) {
        List<LiveChannel> legs = new ArrayList<>();
        for (String id : call.channelIds) {
            ChannelState channel = channels.get(id);
            if (channel != null) {
                legs.add(channel.snapshot());
            }
        }
        return new LiveCall(call.linkedid, call.inbound, call.dialledNumber, call.callerNumber, call.callerName,
                call.startedAt, call.answeredAt, call.endedAt, legs, call.ivr, call.queue, call.holdSeconds,
                call.agentInterface, call.agentName, call.talkSeconds, call.abandoned, call.transferTarget,
                call.endReason);
    }

    private LiveQueue snapshot(QueueState queue) {
        Instant now = clock.instant();
        List<LiveQueue.WaitingCaller> waiting = new ArrayList<>();
        for (Waiting w : queue.waiting.values()) {
            waiting.add(new LiveQueue.WaitingCaller(w.uniqueid, w.linkedid, w.position, w.callerNumber, w.callerName,
                    Math.max(0, now.getEpochSecond() - w.joinedAt.getEpochSecond())));
        }
        waiting.sort(Comparator.comparingInt(LiveQueue.WaitingCaller::position));
        List<LiveMember> members = new ArrayList<>();
        for (MemberState member : queue.members.values()) {
            members.add(snapshot(queue.name, member));
        }
        return new LiveQueue(queue.name, queue.strategy, queue.completed, queue.abandoned, waiting, members);
    }

    private static LiveMember snapshot(String queue, MemberState m) {
        return new LiveMember(queue, m.memberInterface, m.name, m.stateInterface, m.membership, m.penalty, m.status,
                m.paused, m.pausedReason, m.pausedSince, m.inCall, m.callsTaken, m.currentCall);
    }

    private void publish(LiveChange change) {
        for (Consumer<LiveChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("Live model listener failed on {} {}", change.kind(), change.key(), e);
            }
        }
    }
}

package io.yikou.ivr.runtime.impl;

import io.yikou.ivr.calendar.HolidayCalendar;
import io.yikou.ivr.elderly.ElderlyNumbers;
import io.yikou.ivr.elderly.PhoneNumbers;
import io.yikou.ivr.flow.Assignments;
import io.yikou.ivr.flow.Dtmf;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.flow.Language;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.flow.Target;
import io.yikou.ivr.prompt.NumberReader;
import io.yikou.ivr.prompt.PromptCatalogue;
import io.yikou.ivr.runtime.CallInfo;
import io.yikou.ivr.runtime.CallbackReceipt;
import io.yikou.ivr.runtime.CallerHangupException;
import io.yikou.ivr.runtime.EngineSettings;
import io.yikou.ivr.runtime.HotlineServices;
import io.yikou.ivr.runtime.IvrChoice;
import io.yikou.ivr.runtime.IvrResult;
import io.yikou.ivr.runtime.IvrResult.Outcome;
import io.yikou.ivr.runtime.SurveyRating;
import io.yikou.ivr.runtime.Telephony;
import io.yikou.ivr.runtime.TelephonyException;
import io.yikou.ivr.runtime.WalkEvent;
import io.yikou.ivr.runtime.WalkListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of a flow for one call: the engine's state machine. Not thread-safe; lives on the
 * FastAGI session's thread for the length of one call. Node kinds that talk to the caller are run
 * by {@link InputSteps} and {@link ServiceSteps}; this class contains the state and the main loop.
 */
public final class Walk {

    private static final Logger LOG = LoggerFactory.getLogger(Walk.class);
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([a-z][a-z0-9-]*)}");
    private static final int MAX_PATH_VARIABLE_CHARS = 1000;

    /** The shared, immutable inputs of every walk. */
    public record Environment(FlowSet flows, PromptCatalogue prompts, HolidayCalendar calendar,
                              ElderlyNumbers elderlyNumbers, Clock clock, EngineSettings settings) {
    }

    /** The transition a node returns: next node, jump, sub-flow call, return or end. */
    sealed interface Step {
    }

    record Go(String node) implements Step {
    }

    record Jump(String flow) implements Step {
    }

    record Call(String flow, String returnTo) implements Step {
    }

    record Return() implements Step {
    }

    record End(Outcome outcome, Optional<String> error) implements Step {
        End(Outcome outcome) {
            this(outcome, Optional.empty());
        }
    }

    private record Frame(Flow flow, String returnTo) {
    }

    final Environment env;
    final CallInfo call;
    final Telephony telephony;
    final HotlineServices services;
    private final WalkListener listener;

    // State of the walk.
    final Map<String, String> variables = new HashMap<>();
    final Deque<Character> pendingKeys = new ArrayDeque<>();
    final List<IvrChoice> choices = new ArrayList<>();
    private final List<String> path = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final String logPrefix;
    Flow flow;
    Language language = Language.MANDARIN;
    boolean elderly;
    Optional<String> queue = Optional.empty();
    int priority;
    Optional<String> voicemailTicket = Optional.empty();
    Optional<CallbackReceipt> callback = Optional.empty();
    Optional<SurveyRating> survey = Optional.empty();
    private String startFlow = "";

    public Walk(Environment env, CallInfo call, Telephony telephony, HotlineServices services, WalkListener listener) {
        this.env = env;
        this.call = call;
        this.telephony = telephony;
        this.services = services;
        this.listener = listener;
        this.logPrefix = "[" + call.uniqueId() + " " + PhoneNumbers.mask(call.callerNumber()) + "]";
    }

    /** Walks {@code flowName} until it ends; runtime exceptions become a failed result. */
    public IvrResult run(String flowName) {
        startFlow = flowName;
        Optional<Flow> first = env.flows().flow(flowName);
        if (first.isEmpty()) {
            LOG.warn("{} IVR flow '{}' not found; known flows: {}", logPrefix, flowName, env.flows().names());
            return finish(new End(Outcome.FAILED, Optional.of("no flow named '" + flowName + "'")));
        }
        flow = first.get();
        LOG.debug("{} IVR walk of '{}' starts", logPrefix, flowName);
        try {
            if (flow.answer()) {
                telephony.answer();
            }
            return finish(loop());
        } catch (CallerHangupException e) {
            LOG.debug("{} Caller hung up in '{}' after {} nodes: {}", logPrefix, flow.name(), path.size(), e.getMessage());
            return finish(new End(Outcome.CALLER_HUNG_UP));
        } catch (TelephonyException e) {
            LOG.warn("{} Telephony command failed in '{}' at {}: {}", logPrefix, flow.name(), lastNode(), e.getMessage());
            return finish(new End(Outcome.FAILED, Optional.of("telephony failed: " + e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("{} IVR walk of '{}' failed at {}", logPrefix, flow.name(), lastNode(), e);
            return finish(new End(Outcome.FAILED, Optional.of("internal error: " + e)));
        }
    }

    private End loop() {
        String node = flow.start().node();
        int steps = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CallerHangupException("the session thread was interrupted");
            }
            if (++steps > env.settings().maxSteps()) {
                LOG.warn("{} IVR walk stopped after {} nodes at {}/{}", logPrefix, env.settings().maxSteps(),
                        flow.name(), node);
                return new End(Outcome.FAILED, Optional.of("the walk visited more than "
                        + env.settings().maxSteps() + " nodes"));
            }
            Optional<FlowNode> current = flow.node(node);
            if (current.isEmpty()) {
                return new End(Outcome.FAILED, Optional.of("flow '" + flow.name() + "' has no node '" + node + "'"));
            }
            FlowNode n = current.get();
            path.add(flow.name() + "/" + n.id());
            emit(new WalkEvent.NodeEntered(flow.name(), n.id(), n.type(), n.source()));
            LOG.debug("{} IVR node {}/{} ({})", logPrefix, flow.name(), n.id(), n.type());

            Step step = execute(n);
            if (step instanceof Go go) {
                node = go.node();
            } else if (step instanceof Jump jump) {
                Optional<Flow> next = env.flows().flow(jump.flow());
                if (next.isEmpty()) {
                    return new End(Outcome.FAILED, Optional.of("no flow named '" + jump.flow() + "'"));
                }
                flow = next.get();
                node = flow.start().node();
            } else if (step instanceof Call sub) {
                Optional<Flow> next = env.flows().flow(sub.flow());
                if (next.isEmpty()) {
                    return new End(Outcome.FAILED, Optional.of("no flow named '" + sub.flow() + "'"));
                }
                if (stack.size() >= EngineSettings.MAX_SUB_FLOW_DEPTH) {
                    return new End(Outcome.FAILED, Optional.of("sub-flows nested deeper than "
                            + EngineSettings.MAX_SUB_FLOW_DEPTH));
                }
                stack.push(new Frame(flow, sub.returnTo()));
                flow = next.get();
                node = flow.start().node();
            } else if (step instanceof Return) {
                if (stack.isEmpty()) {
                    return new End(Outcome.RETURNED);
                }
                Frame frame = stack.pop();
                flow = frame.flow();
                node = frame.returnTo();
            } else {
                return (End) step;
            }
        }
    }

    private Step execute(FlowNode node) {
        if (node instanceof FlowNode.Play play) {
            Optional<Character> key = play(play.prompts(), play.interruptible() ? Dtmf.KEYPAD : "");
            key.ifPresent(pendingKeys::add);
            return new Go(play.next().node());
        } else if (node instanceof FlowNode.Menu menu) {
            return InputSteps.menu(this, menu);
        } else if (node instanceof FlowNode.Collect collect) {
            return InputSteps.collect(this, collect);
        } else if (node instanceof FlowNode.Survey s) {
            return InputSteps.survey(this, s);
        } else if (node instanceof FlowNode.TicketStatus ts) {
            return ServiceSteps.ticketStatus(this, ts);
        } else if (node instanceof FlowNode.BusinessHours hours) {
            return ServiceSteps.businessHours(this, hours);
        } else if (node instanceof FlowNode.Voicemail vm) {
            return ServiceSteps.voicemail(this, vm);
        } else if (node instanceof FlowNode.Callback cb) {
            return ServiceSteps.callback(this, cb);
        } else if (node instanceof FlowNode.ElderlyCheck check) {
            return ServiceSteps.elderlyCheck(this, check);
        } else if (node instanceof FlowNode.Transfer transfer) {
            play(transfer.prompts(), "");
            int boost = elderly ? transfer.elderlyPriorityBoost().orElse(env.settings().elderlyPriorityBoost()) : 0;
            queue = Optional.of(transfer.queue());
            priority = transfer.priority() + boost;
            return new End(Outcome.TRANSFER);
        } else if (node instanceof FlowNode.Assign assign) {
            apply(assign.assignments());
            return new Go(assign.next().node());
        } else if (node instanceof FlowNode.Branch branch) {
            return new Go(branch(branch));
        } else if (node instanceof FlowNode.Hangup hangup) {
            play(hangup.prompts(), "");
            return new End(Outcome.HANGUP);
        } else if (node instanceof FlowNode.Goto go) {
            return new Go(go.target().node());
        } else if (node instanceof FlowNode.GotoFlow jump) {
            return new Jump(jump.flow());
        } else if (node instanceof FlowNode.SubFlow sub) {
            return new Call(sub.flow(), sub.next().node());
        } else if (node instanceof FlowNode.Return) {
            return new Return();
        }
        return new End(Outcome.FAILED, Optional.of("node '" + node.id() + "' of flow '" + flow.name() + "' is invalid"));
    }

    private String branch(FlowNode.Branch branch) {
        String value = switch (branch.subject()) {
            case LANGUAGE -> language.tag();
            case ELDERLY -> elderly ? "yes" : "no";
            case VARIABLE -> variable(branch.name().orElse(""));
            case CHANNEL_VARIABLE -> telephony.getVariable(branch.name().orElse("")).orElse("");
        };
        for (Map.Entry<String, Target> c : branch.cases().entrySet()) {
            boolean equal = switch (branch.subject()) {
                case LANGUAGE -> Language.parse(c.getKey()).map(l -> l == language).orElse(false);
                case ELDERLY -> c.getKey().equalsIgnoreCase(value);
                default -> c.getKey().equals(value);
            };
            if (equal) {
                return c.getValue().node();
            }
        }
        return branch.otherwise().node();
    }

    /** Applies a set node's or a menu choice's changes. */
    void apply(Assignments assignments) {
        for (Map.Entry<String, String> v : assignments.channelVariables().entrySet()) {
            String value = interpolate(v.getValue());
            telephony.setVariable(v.getKey(), value);
            emit(new WalkEvent.VariableSet(v.getKey(), value, true));
        }
        boolean changed = false;
        if (assignments.language().isPresent() && assignments.language().get() != language) {
            language = assignments.language().get();
            changed = true;
        }
        if (assignments.elderly().isPresent() && assignments.elderly().get() != elderly) {
            elderly = assignments.elderly().get();
            changed = true;
        }
        if (changed) {
            emit(new WalkEvent.ModeChanged(language, elderly));
        }
    }

    void setElderly(boolean on) {
        if (elderly != on) {
            elderly = on;
            emit(new WalkEvent.ModeChanged(language, elderly));
        }
    }

    /** Replaces {@code ${name}} with flow variables; unknown names become empty. */
    String interpolate(String text) {
        Matcher m = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variable(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Returns a flow variable, including the built-in ones, or empty text. */
    String variable(String name) {
        return switch (name) {
            case "caller" -> call.callerNumber();
            case "dialled" -> call.dialledNumber();
            case "unique-id" -> call.uniqueId();
            case "contact-id" -> call.contactId().orElse("");
            case "language" -> language.tag();
            case "elderly" -> elderly ? "yes" : "no";
            case "flow" -> flow == null ? "" : flow.name();
            default -> variables.getOrDefault(name, "");
        };
    }

    void store(String name, String value) {
        variables.put(name, value);
    }

    // ---- playback ----

    /**
     * Plays prompt items in order and stops at the first key in {@code escapeDigits}.
     *
     * @return the key that stopped playback
     */
    Optional<Character> play(List<PromptItem> items, String escapeDigits) {
        for (PromptItem item : items) {
            for (String id : expand(item)) {
                Optional<Character> key = playPrompt(id, escapeDigits);
                if (key.isPresent()) {
                    return key;
                }
            }
        }
        return Optional.empty();
    }

    Optional<Character> playPrompt(String id, String escapeDigits) {
        String file = env.settings().soundPrefix() + "/" + language.tag() + (elderly ? "/slow/" : "/") + id;
        Optional<Character> key = telephony.streamFile(file, escapeDigits);
        emit(new WalkEvent.PromptPlayed(id, file, env.prompts().text(id, language).orElse(""), key));
        return key;
    }

    private List<String> expand(PromptItem item) {
        if (item instanceof PromptItem.Recorded recorded) {
            return List.of(recorded.id());
        }
        if (item instanceof PromptItem.SayDigits digits) {
            return NumberReader.digits(variable(digits.variable()));
        }
        String text = variable(((PromptItem.SayNumber) item).variable()).strip();
        if (!text.matches("-?\\d{1,18}")) {
            return NumberReader.digits(text);
        }
        return NumberReader.number(Long.parseLong(text), language);
    }

    /** Takes a key typed ahead during an interruptible prompt, else waits for one. */
    Optional<Character> nextKey(Duration timeout) {
        if (!pendingKeys.isEmpty()) {
            return Optional.of(pendingKeys.poll());
        }
        return telephony.waitForDigit(timeout);
    }

    /** Returns {@code timeout} lengthened in elderly mode. */
    Duration scaled(Duration timeout) {
        return elderly ? Duration.ofMillis(timeout.toMillis() * env.settings().elderlyTimeoutPercent() / 100) : timeout;
    }

    void emit(WalkEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            LOG.warn("{} Walk listener failed on {}", logPrefix, event.getClass().getSimpleName(), e);
        }
    }

    String logPrefix() {
        return logPrefix;
    }

    List<String> path() {
        return path;
    }

    private String lastNode() {
        return path.isEmpty() ? "(start)" : path.get(path.size() - 1);
    }

    // ---- ending ----

    private IvrResult finish(End end) {
        Outcome outcome = end.outcome();
        Optional<String> error = end.error();
        Map<String, String> channelVariables = new LinkedHashMap<>();
        if (outcome != Outcome.CALLER_HUNG_UP) {
            Map<String, String> wanted = resultVariables(outcome);
            try {
                for (Map.Entry<String, String> v : wanted.entrySet()) {
                    telephony.setVariable(v.getKey(), v.getValue());
                    channelVariables.put(v.getKey(), v.getValue());
                }
                if (outcome == Outcome.HANGUP) {
                    telephony.hangup();
                }
            } catch (CallerHangupException e) {
                LOG.info("{} Caller hung up while the IVR result was being set", logPrefix);
                if (outcome != Outcome.HANGUP) {
                    outcome = Outcome.CALLER_HUNG_UP;
                }
            } catch (RuntimeException e) {
                LOG.warn("{} Setting the IVR result on the channel failed: {}", logPrefix, e.getMessage());
                outcome = Outcome.FAILED;
                error = Optional.of("setting channel variables failed: " + e.getMessage());
            }
        }
        IvrResult result = new IvrResult(outcome, startFlow, queue, priority, language, elderly, call.contactId(), path,
                choices, voicemailTicket, callback, survey, error, channelVariables);
        emit(new WalkEvent.Finished(result));
        // Per-call lines stay at debug: the voice channel records each call's IVR result in its contact.
        LOG.debug("{} IVR walk of '{}' ended: {} queue={} priority={} language={} elderly={} nodes={}", logPrefix,
                startFlow, outcome.code(), queue.orElse("-"), priority, language.tag(), elderly, path.size());
        return result;
    }

    private Map<String, String> resultVariables(Outcome outcome) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("YIKOU_OUTCOME", outcome.code());
        if (outcome == Outcome.TRANSFER && queue.isPresent()) {
            vars.put("YIKOU_QUEUE", queue.get());
            vars.put("YIKOU_PRIORITY", Integer.toString(priority));
            // app_queue serves waiting callers with a higher QUEUE_PRIO first.
            vars.put("QUEUE_PRIO", Integer.toString(priority));
        }
        vars.put("YIKOU_LANGUAGE", language.tag());
        vars.put("YIKOU_ELDERLY", elderly ? "1" : "0");
        call.contactId().ifPresent(id -> vars.put("YIKOU_CONTACT_ID", id));
        vars.put("YIKOU_IVR_PATH", cap(String.join(">", path)));
        vars.put("YIKOU_IVR_CHOICES", cap(String.join(",", choices.stream().map(IvrChoice::toString).toList())));
        voicemailTicket.ifPresent(t -> vars.put("YIKOU_VOICEMAIL_TICKET", t));
        callback.ifPresent(c -> vars.put("YIKOU_CALLBACK_ID", c.requestId()));
        return vars;
    }

    private static String cap(String text) {
        return text.length() <= MAX_PATH_VARIABLE_CHARS ? text : text.substring(0, MAX_PATH_VARIABLE_CHARS - 3) + "...";
    }
}

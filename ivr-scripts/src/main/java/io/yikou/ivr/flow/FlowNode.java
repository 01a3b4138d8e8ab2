package io.yikou.ivr.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One step of a flow. Each record is one {@code type:} of the YAML language; {@code docs/ivr.md}
 * describes their fields. Node ids are unique within a flow; targets name node ids of the same flow.
 */
public sealed interface FlowNode {

    String id();

    SourceRef source();

    /** The {@code type:} word of this node in YAML. */
    String type();

    /** Ways out of this node, in field order. */
    List<Edge> edges();

    /** Tells whether the node waits for the caller's keys or voice. */
    default boolean collectsInput() {
        return false;
    }

    /** Returns every prompt of the node, for the catalogue check. */
    default List<PromptItem> allPrompts() {
        return List.of();
    }

    /** Plays prompts, then moves on. */
    record Play(String id, SourceRef source, List<PromptItem> prompts, boolean interruptible, Target next)
            implements FlowNode {
        public String type() {
            return "play";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", false));
        }

        public List<PromptItem> allPrompts() {
            return prompts;
        }
    }

    /** A menu choice: the key, where it leads and what it changes first. */
    record Choice(char key, SourceRef source, Target next, Assignments assignments) {
    }

    /** Plays prompts and waits for one key; retries on no input or a key without a choice. */
    record Menu(String id, SourceRef source, List<PromptItem> prompts, Map<Character, Choice> choices,
                InputSettings input, Target onExhausted) implements FlowNode {
        public Menu {
            choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        }

        public String type() {
            return "menu";
        }

        public List<Edge> edges() {
            List<Edge> edges = new ArrayList<>();
            choices.values().forEach(c -> edges.add(c.next().edge("choices." + c.key(), true)));
            edges.add(onExhausted.edge("on-exhausted", false));
            return edges;
        }

        public boolean collectsInput() {
            return true;
        }

        public List<PromptItem> allPrompts() {
            return concat(prompts, input.noInputPrompts(), input.invalidPrompts());
        }
    }

    /**
     * Plays prompts and reads several digits until the terminator, the maximum count or the
     * inter-digit timeout. The digits are checked and stored in a flow variable.
     */
    record Collect(String id, SourceRef source, List<PromptItem> prompts, int minDigits, int maxDigits,
                   Optional<Character> terminator, Duration interDigitTimeout, DigitFormat format,
                   Optional<Pattern> pattern, String store, boolean sensitive, InputSettings input,
                   Target next, Target onExhausted) implements FlowNode {
        public String type() {
            return "collect";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", true), onExhausted.edge("on-exhausted", false));
        }

        public boolean collectsInput() {
            return true;
        }

        public List<PromptItem> allPrompts() {
            return concat(prompts, input.noInputPrompts(), input.invalidPrompts());
        }
    }

    /**
     * Asks the hotline services for a ticket's status and reads it out: intro prompts, the number
     * digit by digit, the status prompt {@code ticket-status-<code>}, and any detail text the service
     * returns through text-to-speech where the channel has it.
     */
    record TicketStatus(String id, SourceRef source, String ticketVariable, List<PromptItem> prompts,
                        boolean readNumber, Target found, Target notFound) implements FlowNode {
        public String type() {
            return "ticket-status";
        }

        public List<Edge> edges() {
            return List.of(found.edge("found", false), notFound.edge("not-found", false));
        }

        public List<PromptItem> allPrompts() {
            return prompts;
        }
    }

    /** Branches on the holiday calendar and the opening hours at the current time. */
    record BusinessHours(String id, SourceRef source, OpeningHours hours, Target open, Target closed,
                         Optional<Target> holiday) implements FlowNode {
        public String type() {
            return "business-hours";
        }

        public List<Edge> edges() {
            List<Edge> edges = new ArrayList<>(List.of(open.edge("open", false), closed.edge("closed", false)));
            holiday.ifPresent(h -> edges.add(h.edge("holiday", false)));
            return edges;
        }
    }

    /**
     * Ends the walk and hands the call to an Asterisk queue. The priority rises by the elderly boost
     * in elderly mode; {@code QUEUE_PRIO} is set so app_queue orders callers by it.
     */
    record Transfer(String id, SourceRef source, List<PromptItem> prompts, String queue, int priority,
                    OptionalInt elderlyPriorityBoost) implements FlowNode {
        public String type() {
            return "transfer";
        }

        public List<Edge> edges() {
            return List.of();
        }

        public List<PromptItem> allPrompts() {
            return prompts;
        }
    }

    /**
     * Records a message and turns it into a ticket through the hotline services. The ticket number
     * goes to the flow variable {@code ticket}. A caller who hangs up after speaking still gets a ticket.
     */
    record Voicemail(String id, SourceRef source, List<PromptItem> prompts, Duration maxDuration,
                     Duration minDuration, Duration silence, boolean beep, char finishKey, Target next,
                     Target onEmpty) implements FlowNode {
        public String type() {
            return "voicemail";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", false), onEmpty.edge("on-empty", false));
        }

        public boolean collectsInput() {
            return true;
        }

        public List<PromptItem> allPrompts() {
            return prompts;
        }
    }

    /**
     * Records a callback request that keeps the caller's place in the queue; the position comes back
     * in the flow variable {@code callback-position}.
     */
    record Callback(String id, SourceRef source, String queue, Optional<String> numberVariable, Target next,
                    Target onError) implements FlowNode {
        public String type() {
            return "callback";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", false), onError.edge("on-error", false));
        }
    }

    /**
     * Asks for a satisfaction rating (1 满意 / 2 基本满意 / 3 不满意) and stores it against the call and
     * the ticket named by a channel variable.
     */
    record Survey(String id, SourceRef source, List<PromptItem> prompts, String ticketChannelVariable,
                  InputSettings input, Target next, Target onExhausted) implements FlowNode {
        public String type() {
            return "survey";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", true), onExhausted.edge("on-exhausted", false));
        }

        public boolean collectsInput() {
            return true;
        }

        public List<PromptItem> allPrompts() {
            return concat(prompts, input.noInputPrompts(), input.invalidPrompts());
        }
    }

    /** Checks the caller's number against the registered elderly numbers and turns elderly mode on. */
    record ElderlyCheck(String id, SourceRef source, Target registered, Target other) implements FlowNode {
        public String type() {
            return "elderly-check";
        }

        public List<Edge> edges() {
            return List.of(registered.edge("registered", false), other.edge("other", false));
        }
    }

    /** Sets channel variables, the language or elderly mode ({@code type: set}). */
    record Assign(String id, SourceRef source, Assignments assignments, Target next) implements FlowNode {
        public String type() {
            return "set";
        }

        public List<Edge> edges() {
            return List.of(next.edge("next", false));
        }
    }

    /** Value a {@code branch} node compares. */
    enum BranchSubject {
        LANGUAGE, ELDERLY, VARIABLE, CHANNEL_VARIABLE
    }

    /**
     * Compares the language, elderly mode ({@code yes}/{@code no}), a flow variable or a channel
     * variable with the case values; the first equal one wins, else {@code default}.
     */
    record Branch(String id, SourceRef source, BranchSubject subject, Optional<String> name,
                  Map<String, Target> cases, Target otherwise) implements FlowNode {
        public Branch {
            cases = Collections.unmodifiableMap(new LinkedHashMap<>(cases));
        }

        public String type() {
            return "branch";
        }

        public List<Edge> edges() {
            List<Edge> edges = new ArrayList<>();
            cases.forEach((value, target) -> edges.add(target.edge("cases." + value, false)));
            edges.add(otherwise.edge("default", false));
            return edges;
        }
    }

    /** Plays prompts and hangs up. */
    record Hangup(String id, SourceRef source, List<PromptItem> prompts) implements FlowNode {
        public String type() {
            return "hangup";
        }

        public List<Edge> edges() {
            return List.of();
        }

        public List<PromptItem> allPrompts() {
            return prompts;
        }
    }

    /** Moves to another node of the same flow. */
    record Goto(String id, SourceRef source, Target target) implements FlowNode {
        public String type() {
            return "goto";
        }

        public List<Edge> edges() {
            return List.of(target.edge("target", false));
        }
    }

    /** Continues at another flow's start and does not come back. */
    record GotoFlow(String id, SourceRef source, String flow, SourceRef flowSource) implements FlowNode {
        public String type() {
            return "goto-flow";
        }

        public List<Edge> edges() {
            return List.of(new Edge(Edge.Kind.JUMP, flow, "flow", false, flowSource));
        }
    }

    /** Runs another flow until it reaches a {@code return} node, then continues at {@code next}. */
    record SubFlow(String id, SourceRef source, String flow, SourceRef flowSource, Target next)
            implements FlowNode {
        public String type() {
            return "sub-flow";
        }

        public List<Edge> edges() {
            return List.of(new Edge(Edge.Kind.CALL, flow, "flow", false, flowSource), next.edge("next", false));
        }
    }

    /** Ends a sub-flow; in a flow run on its own, ends the walk and returns to the dialplan. */
    record Return(String id, SourceRef source) implements FlowNode {
        public String type() {
            return "return";
        }

        public List<Edge> edges() {
            return List.of();
        }
    }

    /** Stands for a node the parser could not read, so one mistake does not hide the others. */
    record Broken(String id, SourceRef source) implements FlowNode {
        public String type() {
            return "broken";
        }

        public List<Edge> edges() {
            return List.of();
        }
    }

    @SafeVarargs
    private static List<PromptItem> concat(List<PromptItem>... lists) {
        List<PromptItem> all = new ArrayList<>();
        for (List<PromptItem> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}

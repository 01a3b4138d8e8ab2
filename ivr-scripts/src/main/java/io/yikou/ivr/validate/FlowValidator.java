package io.yikou.ivr.validate;

import io.yikou.ivr.flow.Edge;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.FlowSet;
import io.yikou.ivr.flow.PromptItem;
import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.prompt.PromptCatalogue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a set of parsed flows before they may run. Every target and flow must exist, every node
 * must be reachable, and every prompt must be in the catalogue in both languages. Every variable
 * read must be written somewhere, sub-flows must not call themselves, and no loop may run forever
 * for a caller who presses nothing. Stateless apart from the catalogue; thread-safe.
 *
 * <p>Findings carry the file and line of the offending field. Parse problems are not repeated here.
 */
public final class FlowValidator {

    /** Flow variables every walk has, or that nodes write; see {@code docs/ivr.md}. */
    public static final Set<String> BUILT_IN_VARIABLES = Set.of("caller", "dialled", "unique-id", "contact-id",
            "language", "elderly", "flow");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)}");

    private final PromptCatalogue catalogue;

    public FlowValidator(PromptCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Validates every flow of the set against the others; returns problems sorted by file and line. */
    public List<FlowProblem> validate(FlowSet flows) {
        List<FlowProblem> problems = new ArrayList<>();
        Set<String> written = writtenVariables(flows);
        for (Flow flow : flows.flows()) {
            checkTargets(flow, flows, problems);
            checkReachable(flow, problems);
            checkPrompts(flow, problems);
            checkVariables(flow, written, problems);
        }
        checkRecursion(flows, problems);
        new LoopFinder(flows).find(problems);
        problems.sort(Comparator.comparing((FlowProblem p) -> p.source().file())
                .thenComparingInt(p -> p.source().line()).thenComparingInt(p -> p.source().column()));
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static void checkTargets(Flow flow, FlowSet flows, List<FlowProblem> problems) {
        String start = flow.start().node();
        if (!start.isEmpty() && flow.node(start).isEmpty()) {
            problems.add(FlowProblem.error("unknown-target", flow.start().source(), "start names '" + start
                    + "', which is not a node of flow '" + flow.name() + "'" + hint(start, flow.nodes().keySet())));
        }
        for (FlowNode node : flow.nodes().values()) {
            for (Edge edge : node.edges()) {
                if (edge.target().isEmpty()) {
                    continue;
                }
                if (edge.kind() == Edge.Kind.NODE && flow.node(edge.target()).isEmpty()) {
                    problems.add(FlowProblem.error("unknown-target", edge.source(), "node '" + node.id() + "' ("
                            + edge.label() + ") names '" + edge.target() + "', which is not a node of flow '"
                            + flow.name() + "'" + hint(edge.target(), flow.nodes().keySet())));
                }
                if (edge.kind() != Edge.Kind.NODE && flows.flow(edge.target()).isEmpty()) {
                    problems.add(FlowProblem.error("unknown-flow", edge.source(), "node '" + node.id()
                            + "' names flow '" + edge.target() + "', which is not loaded"
                            + hint(edge.target(), flows.names())));
                }
            }
        }
    }

    private static void checkReachable(Flow flow, List<FlowProblem> problems) {
        boolean broken = flow.nodes().values().stream().anyMatch(n -> n instanceof FlowNode.Broken);
        if (broken || flow.node(flow.start().node()).isEmpty()) {
            return; // the unreadable node or start was reported; reachability would only add noise
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(flow.start().node()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!seen.add(id)) {
                continue;
            }
            flow.node(id).ifPresent(n -> n.edges().stream()
                    .filter(e -> e.kind() == Edge.Kind.NODE && !e.target().isEmpty())
                    .forEach(e -> todo.push(e.target())));
        }
        for (FlowNode node : flow.nodes().values()) {
            if (!seen.contains(node.id())) {
                problems.add(FlowProblem.error("unreachable-node", node.source(), "node '" + node.id()
                        + "' cannot be reached from start '" + flow.start().node() + "'; link it or remove it"));
            }
        }
    }

    private void checkPrompts(Flow flow, List<FlowProblem> problems) {
        for (FlowNode node : flow.nodes().values()) {
            for (PromptItem item : node.allPrompts()) {
                if (item instanceof PromptItem.Recorded recorded && !catalogue.contains(recorded.id())) {
                    problems.add(FlowProblem.error("missing-prompt", recorded.source(), "prompt '" + recorded.id()
                            + "' is not in the prompt catalogue" + hint(recorded.id(), catalogue.ids())
                            + "; add it with zh-CN and en texts"));
                }
            }
        }
    }

    private static void checkVariables(Flow flow, Set<String> written, List<FlowProblem> problems) {
        for (FlowNode node : flow.nodes().values()) {
            for (VariableUse use : reads(node)) {
                if (!BUILT_IN_VARIABLES.contains(use.name()) && !written.contains(use.name())) {
                    problems.add(FlowProblem.error("unknown-variable", use.source(), "node '" + node.id()
                            + "' reads variable '" + use.name() + "', which no node writes"
                            + hint(use.name(), union(written, BUILT_IN_VARIABLES))));
                }
            }
        }
    }

    private record VariableUse(String name, SourceRef source) {
    }

    private static List<VariableUse> reads(FlowNode node) {
        List<VariableUse> uses = new ArrayList<>();
        for (PromptItem item : node.allPrompts()) {
            if (item instanceof PromptItem.SayDigits d) {
                uses.add(new VariableUse(d.variable(), d.source()));
            } else if (item instanceof PromptItem.SayNumber n) {
                uses.add(new VariableUse(n.variable(), n.source()));
            }
        }
        List<io.yikou.ivr.flow.Assignments> assignments = new ArrayList<>();
        if (node instanceof FlowNode.Assign assign) {
            assignments.add(assign.assignments());
        } else if (node instanceof FlowNode.Menu menu) {
            menu.choices().values().forEach(c -> assignments.add(c.assignments()));
        } else if (node instanceof FlowNode.TicketStatus ts) {
            uses.add(new VariableUse(ts.ticketVariable(), ts.source()));
        } else if (node instanceof FlowNode.Callback cb) {
            cb.numberVariable().ifPresent(v -> uses.add(new VariableUse(v, cb.source())));
        } else if (node instanceof FlowNode.Branch branch && branch.subject() == FlowNode.BranchSubject.VARIABLE) {
            branch.name().ifPresent(v -> uses.add(new VariableUse(v, branch.source())));
        }
        for (io.yikou.ivr.flow.Assignments a : assignments) {
            for (String value : a.channelVariables().values()) {
                Matcher m = INTERPOLATION.matcher(value);
                while (m.find()) {
                    uses.add(new VariableUse(m.group(1), node.source()));
                }
            }
        }
        return uses;
    }

    /** Variables some node of the set writes: collect stores and the variables service nodes set. */
    static Set<String> writtenVariables(FlowSet flows) {
        Set<String> written = new TreeSet<>();
        for (Flow flow : flows.flows()) {
            for (FlowNode node : flow.nodes().values()) {
                if (node instanceof FlowNode.Collect collect) {
                    written.add(collect.store());
                } else if (node instanceof FlowNode.Voicemail) {
                    written.add("ticket");
                } else if (node instanceof FlowNode.Callback) {
                    written.addAll(List.of("callback-position", "callback-id"));
                } else if (node instanceof FlowNode.Survey) {
                    written.add("survey-rating");
                } else if (node instanceof FlowNode.BusinessHours) {
                    written.addAll(List.of("day-kind", "holiday-name"));
                } else if (node instanceof FlowNode.TicketStatus) {
                    written.add("ticket-status");
                }
            }
        }
        return written;
    }

    private static void checkRecursion(FlowSet flows, List<FlowProblem> problems) {
        for (Flow flow : flows.flows()) {
            for (FlowNode node : flow.nodes().values()) {
                if (node instanceof FlowNode.SubFlow sub && calls(flows, sub.flow(), flow.name(), new HashSet<>())) {
                    problems.add(FlowProblem.error("recursive-sub-flow", sub.flowSource(), "node '" + sub.id()
                            + "' calls flow '" + sub.flow() + "', which leads back to '" + flow.name()
                            + "' before returning; sub-flows must not call themselves"));
                }
            }
        }
    }

    /** Tells whether running flow {@code from} can call or jump into {@code target}. */
    private static boolean calls(FlowSet flows, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        Optional<Flow> flow = flows.flow(from);
        if (flow.isEmpty()) {
            return false;
        }
        for (FlowNode node : flow.get().nodes().values()) {
            for (Edge edge : node.edges()) {
                if (edge.kind() != Edge.Kind.NODE && calls(flows, edge.target(), target, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String hint(String word, Set<String> candidates) {
        return Suggestions.closest(word, candidates, Math.max(2, word.length() / 4))
                .map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}

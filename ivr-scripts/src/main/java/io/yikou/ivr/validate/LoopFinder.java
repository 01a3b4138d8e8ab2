package io.yikou.ivr.validate;

import io.yikou.ivr.flow.Edge;
import io.yikou.ivr.flow.Flow;
import io.yikou.ivr.flow.FlowNode;
import io.yikou.ivr.flow.FlowSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds loops that a caller who presses nothing never leaves.
 *
 * <p>The graph contains every node of every flow. Its edges are the ways out that need no accepted
 * input: {@code next} of prompts and service nodes, {@code on-exhausted} (taken after timeouts),
 * jumps and sub-flow calls. Menu choices and a collect's {@code next} need keys and are left out.
 * A sub-flow node's {@code next} counts only when the called flow can reach a {@code return}
 * without input. Every strongly connected component with a cycle is then a loop a silent caller
 * (or an open line with nobody on it) would go round forever; one whose nodes never wait at all
 * would spin without pause.
 */
final class LoopFinder {

    private final FlowSet flows;
    private final Map<String, Boolean> returnsSilently = new HashMap<>();

    LoopFinder(FlowSet flows) {
        this.flows = flows;
    }

    void find(List<FlowProblem> problems) {
        computeSilentReturns();
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (Flow flow : flows.flows()) {
            for (FlowNode node : flow.nodes().values()) {
                graph.put(key(flow, node), silentSuccessors(flow, node));
            }
        }
        for (List<String> component : new Tarjan(graph).components()) {
            boolean selfLoop = component.size() == 1 && graph.get(component.get(0)).contains(component.get(0));
            if (component.size() > 1 || selfLoop) {
                report(component, problems);
            }
        }
    }

    private void report(List<String> component, List<FlowProblem> problems) {
        List<FlowNode> nodes = new ArrayList<>();
        for (String key : component) {
            node(key).ifPresent(nodes::add);
        }
        nodes.sort(Comparator.comparing((FlowNode n) -> n.source().file()).thenComparingInt(n -> n.source().line()));
        if (nodes.isEmpty()) {
            return;
        }
        boolean waits = nodes.stream().anyMatch(FlowNode::collectsInput);
        List<String> names = component.stream().sorted().limit(6).toList();
        String members = String.join(", ", names) + (component.size() > 6 ? ", ..." : "");
        String message = waits
                ? "nodes " + members + " form a loop that a caller who presses nothing never leaves; send one"
                        + " exit (such as on-exhausted) to a node outside the loop, for example a transfer or hangup"
                : "nodes " + members + " form a loop that never waits for input and would spin forever;"
                        + " route one of them elsewhere";
        problems.add(FlowProblem.error("loop-without-input", nodes.get(0).source(), message));
    }

    private List<String> silentSuccessors(Flow flow, FlowNode node) {
        List<String> next = new ArrayList<>();
        for (Edge edge : node.edges()) {
            if (edge.target().isEmpty() || edge.afterInput()) {
                continue;
            }
            if (edge.kind() == Edge.Kind.NODE) {
                if (node instanceof FlowNode.SubFlow sub && !returnsSilently.getOrDefault(sub.flow(), false)) {
                    continue;
                }
                if (flow.node(edge.target()).isPresent()) {
                    next.add(flow.name() + "/" + edge.target());
                }
            } else {
                flows.flow(edge.target()).filter(f -> f.node(f.start().node()).isPresent())
                        .ifPresent(f -> next.add(f.name() + "/" + f.start().node()));
            }
        }
        return next;
    }

    /** Marks flows that can reach a return node without input, until nothing changes. */
    private void computeSilentReturns() {
        flows.names().forEach(name -> returnsSilently.put(name, false));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Flow flow : flows.flows()) {
                if (!returnsSilently.get(flow.name()) && reachesReturnSilently(flow)) {
                    returnsSilently.put(flow.name(), true);
                    changed = true;
                }
            }
        }
    }

    private boolean reachesReturnSilently(Flow start) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(start.name() + "/" + start.start().node());
        while (!todo.isEmpty()) {
            String key = todo.pop();
            if (!seen.add(key)) {
                continue;
            }
            Optional<FlowNode> node = node(key);
            if (node.isEmpty()) {
                continue;
            }
            if (node.get() instanceof FlowNode.Return) {
                return true;
            }
            Flow flow = flows.flow(key.substring(0, key.indexOf('/'))).orElseThrow();
            for (String successor : silentSuccessors(flow, node.get())) {
                // A call edge enters the sub-flow, whose return leads back here, not to the caller of start.
                if (!(node.get() instanceof FlowNode.SubFlow) || successor.startsWith(flow.name() + "/")) {
                    todo.push(successor);
                }
            }
        }
        return false;
    }

    private Optional<FlowNode> node(String key) {
        int slash = key.indexOf('/');
        return flows.flow(key.substring(0, slash)).flatMap(f -> f.node(key.substring(slash + 1)));
    }

    private static String key(Flow flow, FlowNode node) {
        return flow.name() + "/" + node.id();
    }

    /** Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack. */
    private static final class Tarjan {
        private final Map<String, List<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> components = new ArrayList<>();
        private int counter;

        Tarjan(Map<String, List<String>> graph) {
            this.graph = graph;
        }

        List<List<String>> components() {
            for (String v : graph.keySet()) {
                if (!index.containsKey(v)) {
                    connect(v);
                }
            }
            return components;
        }

        private void connect(String root) {
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, 0});
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                int i = (Integer) frame[1];
                if (i == 0) {
                    index.put(v, counter);
                    low.put(v, counter);
                    counter++;
                    stack.push(v);
                    onStack.add(v);
                }
                List<String> successors = graph.getOrDefault(v, List.of());
                if (i < successors.size()) {
                    frame[1] = i + 1;
                    String w = successors.get(i);
                    if (!index.containsKey(w)) {
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }
    }
}

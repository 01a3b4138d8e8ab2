package io.yikou.ivr.library;

import io.yikou.ivr.validate.FlowProblem;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcome of a load or reload.
 *
 * @param active   flow names now active
 * @param changed  flows whose new version became active (all of them on the first load)
 * @param rejected flow (or file) name to the problems that kept its new version out; the previous
 *                 version, if any, stays active
 * @param warnings problems that did not reject anything
 */
public record ReloadReport(List<String> active, List<String> changed, Map<String, List<FlowProblem>> rejected,
                           List<FlowProblem> warnings) {

    public ReloadReport {
        active = List.copyOf(active);
        changed = List.copyOf(changed);
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
        warnings = List.copyOf(warnings);
    }

    /** True when nothing was rejected. */
    public boolean ok() {
        return rejected.isEmpty();
    }

    /** Returns every rejection as {@code file:line:column: error [code] message} lines. */
    public String describeRejections() {
        StringBuilder text = new StringBuilder();
        rejected.forEach((name, problems) -> problems.forEach(p -> text.append(p).append('\n')));
        return text.toString();
    }
}

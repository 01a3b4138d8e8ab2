package io.yikou.kb.duplicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuplicateEvaluationTest {

    private static IncidentLabels.Message message(String id) {
        return new IncidentLabels.Message(id, "标题" + id, "正文", Instant.parse("2019-05-01T00:00:00Z"), Set.of(),
                Set.of(), Set.of());
    }

    private static final IncidentLabels.Message EARLIER = message("0");

    /** Four findable messages and one that is not: linked right, linked wrong, missed twice, and a stray link. */
    private static final List<DuplicateEvaluation.Decision> DECISIONS = List.of(
            new DuplicateEvaluation.Decision(message("1"), EARLIER, 0.9, true, true, 0.9),
            new DuplicateEvaluation.Decision(message("2"), EARLIER, 0.7, false, true, 0.4),
            new DuplicateEvaluation.Decision(message("3"), EARLIER, 0.35, true, true, 0.35),
            new DuplicateEvaluation.Decision(message("4"), null, 0, false, true, 0),
            new DuplicateEvaluation.Decision(message("5"), EARLIER, 0.6, false, false, 0));

    @Test
    void precisionCountsBestMatchesAboveThreshold() {
        DuplicateEvaluation.Result result = DuplicateEvaluation.score(DECISIONS, 0.5);

        assertThat(result.links()).isEqualTo(3);
        assertThat(result.correctLinks()).isEqualTo(1);
        assertThat(result.findable()).isEqualTo(4);
        assertThat(result.precision()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(result.recall()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void reachableRecallIgnoresRanking() {
        // Message 2 has a same-incident match at 0.4 although a wrong one ranked first.
        assertThat(DuplicateEvaluation.reachableRecall(DECISIONS, 0.5)).isCloseTo(0.25, within(1e-9));
        assertThat(DuplicateEvaluation.reachableRecall(DECISIONS, 0.3)).isCloseTo(0.75, within(1e-9));
        assertThat(DuplicateEvaluation.reachableRecall(List.of(), 0.3)).isEqualTo(1.0);
    }
}

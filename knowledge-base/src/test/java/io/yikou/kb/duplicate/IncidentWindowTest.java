package io.yikou.kb.duplicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.ticket.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentWindowTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final String NOISE = "东四北大街32号院门口的工地每天夜里施工，噪音扰民严重，请尽快处理";

    private IncidentWindow window;

    @BeforeEach
    void fill() {
        window = new IncidentWindow(MatchSettings.DEFAULTS);
        window.add(record("A", NOISE, T0, null, "H02"));
        window.add(record("B", "交道口南大街的共享单车乱停乱放，占用盲道", T0, null, "H03"));
        window.add(record("C", "咨询2027年小学入学报名的时间和需要准备的材料", T0, null, "H04"));
    }

    private static IncidentRecord record(String number, String text, Instant at, GeoPoint point, String category) {
        return new IncidentRecord(number, IncidentText.of(text), at, point, null, null, null, category);
    }

    @Test
    void sameIncidentReworded() {
        List<IncidentMatch> matches = window.match(record("D", "东四北大街32号院门口工地夜里施工噪音太大，影响休息",
                T0.plus(Duration.ofHours(5)), null, "H02"));

        assertThat(matches).isNotEmpty();
        assertThat(matches.get(0).number()).isEqualTo("A");
        assertThat(matches.get(0).score()).isGreaterThanOrEqualTo(MatchSettings.DEFAULTS.candidateThreshold());
        assertThat(matches.get(0).reasons()).extracting(IncidentMatch.Reason::code)
                .contains("text_similarity", "same_category", "hours_apart");
    }

    @Test
    void identicalTextIsDuplicate() {
        List<IncidentMatch> matches = window.match(record("D", NOISE, T0.plusSeconds(60), null, null));

        assertThat(matches.get(0).number()).isEqualTo("A");
        assertThat(matches.get(0).verdict()).isEqualTo(IncidentMatch.Verdict.DUPLICATE);
    }

    @Test
    void burstKeepsBestCandidatesInOrder() {
        int burst = MatchSettings.DEFAULTS.maxCandidates() + 7;
        for (int i = 0; i < burst; i++) {
            window.add(record(String.format("N%03d", i), NOISE, T0, null, "H02"));
        }

        List<IncidentMatch> matches = window.match(record("Z", NOISE, T0.plusSeconds(60), null, "H02"));

        assertThat(matches).hasSize(MatchSettings.DEFAULTS.maxCandidates());
        assertThat(matches).extracting(IncidentMatch::score).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(matches).extracting(IncidentMatch::verdict).containsOnly(IncidentMatch.Verdict.DUPLICATE);
        assertThat(matches).allSatisfy(match -> assertThat(match.reasons()).isNotEmpty());
    }

    @Test
    void unrelatedTextFindsNothing() {
        assertThat(window.match(record("D", "表扬朝阳门社区卫生服务中心的王医生耐心细致", T0, null, null))).isEmpty();
    }

    @Test
    void farApartPointsRuleMatchOut() {
        window.add(record("P", NOISE, T0, new GeoPoint(39.9300, 116.4170), null));

        List<IncidentMatch> matches = window.match(record("Q", NOISE, T0, new GeoPoint(39.9000, 116.4170), null));

        assertThat(matches).extracting(IncidentMatch::number).doesNotContain("P").contains("A");
    }

    @Test
    void nearPointsAddDistanceReason() {
        window.add(record("P", NOISE, T0, new GeoPoint(39.9300, 116.4170), null));

        List<IncidentMatch> matches = window.match(record("Q", NOISE, T0, new GeoPoint(39.9301, 116.4171), null));

        IncidentMatch near = matches.stream().filter(m -> m.number().equals("P")).findFirst().orElseThrow();
        assertThat(near.reasons()).contains(new IncidentMatch.Reason("distance_m", "14"));
        assertThat(near.score()).isEqualTo(1.0);
    }

    @Test
    void ticketsOutsideWindowAreSkipped() {
        Instant later = T0.plus(MatchSettings.DEFAULTS.window()).plus(Duration.ofDays(1));

        assertThat(window.match(record("D", NOISE, later, null, null))).isEmpty();
    }

    @Test
    void differentCategoryLowersScore() {
        double same = window.match(record("D", NOISE + "。", T0, null, "H02")).get(0).score();
        double other = window.match(record("E", NOISE + "。", T0, null, "H07")).get(0).score();

        assertThat(other).isLessThan(same);
    }

    @Test
    void removedAndEvictedTicketsDisappear() {
        window.remove("A");
        assertThat(window.contains("A")).isFalse();

        assertThat(window.evictBefore(T0.plusSeconds(1))).isEqualTo(2);
        assertThat(window.size()).isZero();
    }

    @Test
    void haversineMatchesKnownDistance() {
        // One degree of latitude is about 111.2 km on the mean-radius sphere.
        double meters = IncidentWindow.distanceMeters(new GeoPoint(39.0, 116.0), new GeoPoint(40.0, 116.0));

        assertThat(meters).isBetween(111_150.0, 111_250.0);
    }
}

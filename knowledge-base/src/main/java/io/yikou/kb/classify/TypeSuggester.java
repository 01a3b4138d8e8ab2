package io.yikou.kb.classify;

import io.yikou.core.ticket.TicketType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Suggests a ticket's demand type (咨询, 求助, 投诉, 举报, 建议, 表扬) from keywords, because no labelled
 * data for types exists to train a model on.
 *
 * <p>Each type has a prior and a list of weighted cue phrases. A phrase found in the title counts
 * twice, in the body once; each phrase counts once however often it appears. A type's score is its
 * prior plus its cue weights, divided by the sum over all types. With no cues the priors decide, which
 * puts 咨询 first, the most common type on government hotlines. The cue lists are a judgement from
 * reading citizen messages, not a fitted model; {@code docs/knowledge-base.md} states how far they were
 * checked. Thread-safe.
 */
public final class TypeSuggester {

    private record Cue(String phrase, double weight) {
    }

    private static final Map<TicketType, Double> PRIORS = new EnumMap<>(Map.of(
            TicketType.CONSULTATION, 0.5,
            TicketType.COMPLAINT, 0.3,
            TicketType.HELP, 0.2,
            TicketType.REPORT, 0.1,
            TicketType.SUGGESTION, 0.1,
            TicketType.PRAISE, 0.05));

    private static final Map<TicketType, List<Cue>> CUES = new EnumMap<>(Map.of(
            TicketType.PRAISE, List.of(cue("表扬", 4), cue("点赞", 3), cue("锦旗", 3), cue("赞扬", 3), cue("称赞", 3),
                    cue("感谢信", 3), cue("好评", 2), cue("辛苦了", 2), cue("非常感谢", 1.5), cue("感激", 1.5),
                    cue("感谢", 0.5)),
            TicketType.REPORT, List.of(cue("举报", 4), cue("违法", 2), cue("非法", 2), cue("涉嫌", 2), cue("偷税", 2),
                    cue("逃税", 2), cue("诈骗", 2), cue("传销", 2), cue("黑车", 2), cue("无证", 1.5), cue("违规", 1.5),
                    cue("违建", 1.5), cue("违章", 1.5), cue("私自", 1), cue("偷排", 2)),
            TicketType.COMPLAINT, List.of(cue("投诉", 4), cue("扰民", 2), cue("不作为", 2), cue("乱收费", 2),
                    cue("态度恶劣", 2), cue("态度差", 2), cue("不满", 1.5), cue("拖欠", 1.5), cue("强行", 1.5),
                    cue("严重影响", 1.5), cue("噪音", 1), cue("推诿", 2), cue("刁难", 2), cue("欺骗", 1), cue("要求处理", 1),
                    cue("差评", 2)),
            TicketType.SUGGESTION, List.of(cue("建议", 4), cue("提议", 3), cue("呼吁", 2), cue("能否", 1.5),
                    cue("可否", 1.5), cue("增设", 1.5), cue("开通", 1), cue("加快", 1), cue("希望", 1), cue("应该", 0.5)),
            TicketType.HELP, List.of(cue("求助", 4), cue("救救", 3), cue("走投无路", 3), cue("救助", 2), cue("帮忙", 2),
                    cue("无助", 2), cue("帮帮", 2), cue("怎么办", 1.5), cue("帮助", 1.5), cue("困难", 1), cue("无法", 0.5)),
            TicketType.CONSULTATION, List.of(cue("咨询", 4), cue("请问", 3), cue("什么时候", 2), cue("何时", 2),
                    cue("如何办理", 2), cue("流程", 1.5), cue("如何", 1.5), cue("哪里", 1.5), cue("哪些", 1), cue("多少", 1),
                    cue("是否", 1), cue("怎么", 1), cue("政策", 1), cue("?", 1), cue("吗", 0.5))));

    private static Cue cue(String phrase, double weight) {
        return new Cue(phrase, weight);
    }

    /** Returns every type with its score, best first; the scores sum to 1. */
    public List<ScoredType> suggest(String title, String detail) {
        String normalizedTitle = TextNormalizer.normalize(title);
        String normalizedDetail = TextNormalizer.normalize(detail);
        Map<TicketType, Double> raw = new EnumMap<>(TicketType.class);
        double total = 0;
        for (TicketType type : TicketType.values()) {
            double score = PRIORS.get(type);
            for (Cue cue : CUES.get(type)) {
                if (normalizedTitle.contains(cue.phrase())) {
                    score += 2 * cue.weight();
                } else if (normalizedDetail.contains(cue.phrase())) {
                    score += cue.weight();
                }
            }
            raw.put(type, score);
            total += score;
        }
        List<ScoredType> ranked = new ArrayList<>();
        for (Map.Entry<TicketType, Double> entry : raw.entrySet()) {
            ranked.add(new ScoredType(entry.getKey(), entry.getValue() / total));
        }
        ranked.sort(Comparator.comparingDouble(ScoredType::score).reversed());
        return List.copyOf(ranked);
    }

    /**
     * A suggested type.
     *
     * @param type  the demand type
     * @param score from 0 to 1
     */
    public record ScoredType(TicketType type, double score) {
    }
}

package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.ticket.TicketType;
import org.junit.jupiter.api.Test;

class TypeSuggesterTest {

    private final TypeSuggester suggester = new TypeSuggester();

    private TicketType best(String title, String detail) {
        return suggester.suggest(title, detail).get(0).type();
    }

    @Test
    void cuePhrasesPickTheType() {
        assertThat(best("投诉小区附近搅拌站噪音扰民", "每天晚上施工")).isEqualTo(TicketType.COMPLAINT);
        assertThat(best("举报某公司偷税漏税", "")).isEqualTo(TicketType.REPORT);
        assertThat(best("建议增设公交线路", "希望能开通到地铁站的公交")).isEqualTo(TicketType.SUGGESTION);
        assertThat(best("请问人才购房补贴什么时候发放", "")).isEqualTo(TicketType.CONSULTATION);
        assertThat(best("表扬社区工作人员", "为他们的耐心服务点赞")).isEqualTo(TicketType.PRAISE);
        assertThat(best("求助：老人走失", "家人急需帮忙寻找")).isEqualTo(TicketType.HELP);
    }

    @Test
    void withoutCuesConsultationLeads() {
        assertThat(best("", "东城区")).isEqualTo(TicketType.CONSULTATION);
    }

    @Test
    void scoresCoverEveryTypeAndSumToOne() {
        var scores = suggester.suggest("投诉", "噪音");

        assertThat(scores).hasSize(TicketType.values().length);
        assertThat(scores.stream().mapToDouble(TypeSuggester.ScoredType::score).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}

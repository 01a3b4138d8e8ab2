package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class DepartmentRuleTest {

    @Test
    void housingBureauReplyLabelsUrbanConstruction() {
        String reply = "网友您好！您反映的小区电梯问题，经市住建局调查核实，现答复如下：物业公司已于本周完成维修。";

        assertThat(DepartmentRule.label(reply)).contains("城乡建设");
    }

    @Test
    void shortAndFullNamesOfOneLabelAgree() {
        assertThat(DepartmentRule.label("已转交县人社局处理")).contains("劳动和社会保障");
        assertThat(DepartmentRule.label("A市人力资源和社会保障局答复如下")).contains("劳动和社会保障");
        assertThat(DepartmentRule.label("经区卫健委核查，该诊所已停业整顿")).contains("卫生计生");
        assertThat(DepartmentRule.label("县教育局回复：学位按划片分配")).contains("教育文体");
        assertThat(DepartmentRule.label("A市交通运输局将增开公交线路")).contains("交通运输");
        assertThat(DepartmentRule.label("市生态环境局已对该企业立案查处")).contains("环境保护");
        assertThat(DepartmentRule.label("区市场监督管理局已约谈商家")).contains("商贸旅游");
    }

    @Test
    void repeatedDepartmentStillLabels() {
        assertThat(DepartmentRule.label("我局已核实。县教育局将督促学校整改，教育局欢迎监督。")).contains("教育文体");
    }

    @Test
    void departmentsOfTwoLabelsGiveNoLabel() {
        String reply = "区环保局会同区城管局对工地夜间施工进行了查处。";

        assertThat(DepartmentRule.matchingLabels(reply)).containsExactlyInAnyOrder("环境保护", "城乡建设");
        assertThat(DepartmentRule.label(reply)).isEmpty();
    }

    @Test
    void replyWithoutDepartmentGivesNoLabel() {
        assertThat(DepartmentRule.label("网友：您好！留言已收悉，我们将尽快核实处理。")).isEmpty();
        assertThat(DepartmentRule.label("")).isEmpty();
        assertThat(DepartmentRule.label(null)).isEmpty();
    }

    @Test
    void repliedMessagesKeepOnlyLabelledMessageText() throws IOException {
        String csv = """
                message_id,title,detail,reply
                1,小区电梯坏了,"电梯停运一个月，
                物业不修",经市住建局核实，物业已维修。
                2,噪音扰民,工地夜间施工,区环保局会同区城管局已查处。
                3,咨询社保,社保怎么转移,留言已收悉。
                4,学校乱收费,学校收取资料费,县教育局已责令学校退费。
                """;

        RepliedMessagesCsv.Contents contents = RepliedMessagesCsv.parse(new StringReader(csv), "test.csv");

        assertThat(contents.rows()).isEqualTo(4);
        assertThat(contents.labelled()).extracting(LabelledText::label).containsExactly("城乡建设", "教育文体");
        LabelledText first = contents.labelled().get(0);
        assertThat(first.title()).isEqualTo("小区电梯坏了");
        assertThat(first.detail()).isEqualTo("电梯停运一个月，\n物业不修");
        assertThat(first.detail()).doesNotContain("住建局");
        assertThat(first.line()).isEqualTo(2);
        assertThat(contents.labelled().get(1).line()).isEqualTo(6);
    }

    @Test
    void repliedMessagesWithoutReplyColumnFail() {
        String csv = "title,detail\n标题,正文\n";

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RepliedMessagesCsv.parse(new StringReader(csv), "test.csv"))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("test.csv line 1")
                .hasMessageContaining("reply");
    }
}

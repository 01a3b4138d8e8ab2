package io.yikou.kb.classify;

import java.util.ArrayList;
import java.util.List;

/** Small made-up labelled messages for fast classifier tests; three labels with distinct vocabulary. */
final class TrainingExamples {

    private TrainingExamples() {
    }

    static List<LabelledText> threeLabels() {
        String[][] seeds = {
                {"城乡建设", "小区物业不修电梯", "楼道漏水，物业公司拖着不修，电梯也经常停运"},
                {"城乡建设", "老旧小区改造进度", "我们小区的屋顶防水和外墙改造什么时候开工"},
                {"城乡建设", "违章搭建影响采光", "邻居在院子里违章搭建彩钢房，挡住了采光"},
                {"教育文体", "孩子入学学位问题", "户籍在本区，孩子明年上小学，学位怎么分配"},
                {"教育文体", "学校收取补课费", "学校组织周末补课并收费，家长很有意见"},
                {"教育文体", "幼儿园收费标准", "普惠性幼儿园的收费标准是多少，保教费能否退"},
                {"卫生计生", "医院挂号难", "社区医院挂号排队太久，医生态度也不好"},
                {"卫生计生", "疫苗接种咨询", "孩子的疫苗接种在哪家卫生服务中心可以打"},
                {"卫生计生", "药店卖过期药", "药店出售过期药品，食品药品监管部门请查处"},
        };
        List<LabelledText> examples = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            for (String[] seed : seeds) {
                examples.add(new LabelledText(seed[1], seed[2] + "。第" + copy + "次反映。", seed[0], 0));
            }
        }
        return examples;
    }
}

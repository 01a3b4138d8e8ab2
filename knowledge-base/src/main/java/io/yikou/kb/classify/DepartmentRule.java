package io.yikou.kb.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Labels a message from the official reply it received: the reply usually names the department that
 * handled the message, and each department belongs to one top-level category. A reply is labelled only
 * when every department name found in it belongs to the same category, so a reply naming both the
 * 住建局 and the 环保局 gets no label.
 *
 * <p>The table lists the departments of a Chinese city or county government under their usual full and
 * short names, plus a few words for a department's remit (征收, 拆迁, 医疗保险), grouped by the seven
 * top-level labels of the provincial message-board data. The labels are noisy, because a road repair handled
 * by the 交通运输局 may be filed under 城乡建设. About four in five agree with the hand labels (measured in
 * {@code docs/benchmarks.md}), so use them only as extra training data beside hand-labelled messages.
 */
public final class DepartmentRule {

    /** Department names by label. A name matches anywhere in the reply. */
    static final Map<String, List<String>> DEPARTMENTS = departments();

    private DepartmentRule() {
    }

    /** Returns the label of the departments a reply names, or empty when it names none or several labels'. */
    public static Optional<String> label(String reply) {
        Set<String> labels = matchingLabels(reply);
        return labels.size() == 1 ? Optional.of(labels.iterator().next()) : Optional.empty();
    }

    /** Returns every label with at least one department named in the reply. */
    static Set<String> matchingLabels(String reply) {
        Set<String> labels = new TreeSet<>();
        if (reply == null || reply.isBlank()) {
            return labels;
        }
        for (Map.Entry<String, List<String>> entry : DEPARTMENTS.entrySet()) {
            for (String name : entry.getValue()) {
                if (reply.contains(name)) {
                    labels.add(entry.getKey());
                    break;
                }
            }
        }
        return labels;
    }

    private static Map<String, List<String>> departments() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put("城乡建设", List.of("住建局", "住房和城乡建设", "城乡建设局", "建设局", "规划局", "城乡规划",
                "自然资源和规划", "城管局", "城市管理", "城管执法", "行政执法局", "住房保障", "不动产登记", "房屋交易",
                "房产局", "房地产", "住房公积金", "公积金管理中心", "物业管理", "征收", "拆迁"));
        table.put("环境保护", List.of("环保局", "生态环境局", "环境保护局", "环保分局", "生态环境分局", "环境监察"));
        table.put("交通运输", List.of("交通运输局", "交通局", "运管", "公路局", "道路运输", "出租车管理", "交通运输厅",
                "公路管理"));
        table.put("教育文体", List.of("教育局", "教育厅", "文体局", "体育局", "文化局", "文旅", "教育和体育局"));
        table.put("劳动和社会保障", List.of("人社局", "人力资源和社会保障", "社会保障局", "社保局", "社保中心",
                "医疗保险", "医保局", "劳动监察", "就业服务", "人力资源局", "社会保险"));
        table.put("商贸旅游", List.of("商务局", "市场监督管理局", "市场监管局", "工商局", "旅游局", "质量技术监督",
                "质监局", "物价局", "工商行政"));
        table.put("卫生计生", List.of("卫健委", "卫生健康", "卫生和计划生育", "卫计局", "卫计委", "卫生局", "计生",
                "疾控", "疾病预防控制"));
        return Map.copyOf(table);
    }
}

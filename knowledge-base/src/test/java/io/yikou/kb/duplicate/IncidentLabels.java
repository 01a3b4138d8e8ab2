package io.yikou.kb.duplicate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Same-incident labels for the hot-issue message file (columns {@code message_id, title, created_at,
 * detail}), built by rule and corrected by a manual review kept in {@code incident-review.tsv}.
 *
 * <p>The rule reads titles only, so it shares no code with the detector, which compares whole texts:
 * two messages report the same incident when their titles name the same specific place or organisation
 * (a name ending in a place suffix such as 小区, 路 or 公司, mentioned in at most {@link #MAX_ENTITY_TITLES}
 * titles) and raise the same kind of problem (one of the keyword classes in {@link #ISSUES}), or when
 * their titles are near copies (character-bigram Dice coefficient at least {@link #NEAR_COPY_DICE}).
 * A review verdict on a pair overrides the rule.
 */
final class IncidentLabels {

    /** A place or organisation named in more titles than this is too general to identify an incident. */
    static final int MAX_ENTITY_TITLES = 40;
    static final double NEAR_COPY_DICE = 0.6;

    private static final Pattern ENTITY = Pattern.compile("([\\p{IsHan}A-Za-z0-9]{2,8}?(?:小区|新城|花园|家园|公馆|苑|庭"
            + "|府|城|广场|大厦|村|社区|街道|镇|乡|路|大道|街|巷|学校|小学|中学|幼儿园|大学|学院|医院|公司|集团|市场|中心|湖"
            + "|站|厂|园|项目|车贷|高速|线|桥))");
    private static final Pattern ADMIN_PREFIX = Pattern.compile("^(西地省|A市|[A-Z]\\d*[县区市])+");
    private static final Pattern VERB_PREFIX = Pattern.compile("^(关于|投诉|反映|举报|咨询|请问|建议|希望|请求|要求|请|在|的|对|和|与)+");

    /** Problem kinds; two titles share a kind when each contains a keyword of it. */
    static final Map<String, List<String>> ISSUES = Map.ofEntries(
            Map.entry("noise", List.of("噪音", "噪声", "扰民", "夜间施工", "广场舞", "麻将")),
            Map.entry("fumes", List.of("油烟", "烧烤", "异味", "臭", "粉尘", "扬尘", "污染", "排放")),
            Map.entry("mixing-plant", List.of("搅拌站", "搅拌厂", "沥青")),
            Map.entry("schooling", List.of("入学", "学位", "就读", "上学", "开园", "招生", "划片", "学区")),
            Map.entry("wages", List.of("工资", "欠薪", "拖欠", "社保", "公积金")),
            Map.entry("fraud", List.of("诈骗", "集资", "车贷", "传销", "骗", "跑路", "退款")),
            Map.entry("utilities", List.of("停水", "断水", "停电", "断电", "水压", "供水", "燃气", "天然气", "电梯")),
            Map.entry("property", List.of("物业", "维修基金", "业委会", "业主委员会")),
            Map.entry("housing", List.of("质量", "裂缝", "渗水", "漏水", "交房", "房产证", "产权证", "不动产", "网签",
                    "虚假宣传", "捆绑", "车位", "精装", "开发商")),
            Map.entry("parking", List.of("停车", "占道", "车位")),
            Map.entry("transit", List.of("公交", "地铁", "线路", "站点", "轨道", "城轨", "高铁", "铁路", "车站")),
            Map.entry("roads", List.of("道路", "修路", "路面", "红绿灯", "断头路", "人行道", "路灯", "拓宽", "快速化", "高速")),
            Map.entry("power-lines", List.of("高压线", "变电站", "电线", "基站", "辐射")),
            Map.entry("planning", List.of("规划", "拆迁", "征收", "征地", "安置", "补偿", "棚改", "改造")),
            Map.entry("safety", List.of("消防", "安全隐患", "危险", "隐患")),
            Map.entry("sanitation", List.of("垃圾", "卫生", "下水道", "排污", "化粪池", "污水", "粪便")),
            Map.entry("medical", List.of("医院", "医疗", "医保", "诊所")),
            Map.entry("construction", List.of("违建", "违章", "违法建", "施工", "工地", "搭建")));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One message of the file. */
    record Message(String id, String title, String detail, Instant createdAt, Set<String> entities,
                   Set<String> issues, Set<String> titleBigrams) {
    }

    private final List<Message> messages;
    private final Map<String, Message> byId;
    private final Map<String, Boolean> reviewed;

    private IncidentLabels(List<Message> messages, Map<String, Boolean> reviewed) {
        this.messages = List.copyOf(messages);
        this.byId = new HashMap<>();
        messages.forEach(m -> byId.put(m.id(), m));
        this.reviewed = Map.copyOf(reviewed);
    }

    /** Reads the message file and the review verdicts. */
    static IncidentLabels load(Path messagesCsv, Map<String, Boolean> reviewed) throws IOException {
        List<Message> raw = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(messagesCsv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
            for (CSVRecord record : parser) {
                String title = record.get("title").strip();
                raw.add(new Message(record.get("message_id"), title, record.get("detail").strip(),
                        LocalDateTime.parse(record.get("created_at"), TIME).toInstant(ZoneOffset.ofHours(8)),
                        entities(title), issues(title), bigrams(title)));
            }
        }
        Map<String, Integer> titlesPerEntity = new HashMap<>();
        for (Message message : raw) {
            message.entities().forEach(e -> titlesPerEntity.merge(e, 1, Integer::sum));
        }
        List<Message> messages = new ArrayList<>();
        for (Message message : raw) {
            Set<String> specific = new LinkedHashSet<>();
            for (String entity : message.entities()) {
                if (titlesPerEntity.get(entity) <= MAX_ENTITY_TITLES) {
                    specific.add(entity);
                }
            }
            messages.add(new Message(message.id(), message.title(), message.detail(), message.createdAt(), specific,
                    message.issues(), message.titleBigrams()));
        }
        messages.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return new IncidentLabels(messages, reviewed);
    }

    /** Messages, oldest first. */
    List<Message> messages() {
        return messages;
    }

    Message message(String id) {
        return byId.get(id);
    }

    /** Tells whether two messages report the same incident: the review verdict if any, else the rule. */
    boolean sameIncident(Message a, Message b) {
        Boolean verdict = reviewed.get(pairKey(a.id(), b.id()));
        return verdict != null ? verdict : byRule(a, b);
    }

    /** Applies the rule alone, without review verdicts. */
    static boolean byRule(Message a, Message b) {
        if (dice(a.titleBigrams(), b.titleBigrams()) >= NEAR_COPY_DICE) {
            return true;
        }
        return intersects(a.entities(), b.entities()) && intersects(a.issues(), b.issues());
    }

    static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String gram : a) {
            if (b.contains(gram)) {
                shared++;
            }
        }
        return 2.0 * shared / (a.size() + b.size());
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String item : a) {
            if (b.contains(item)) {
                return true;
            }
        }
        return false;
    }

    static Set<String> entities(String title) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = ENTITY.matcher(title);
        while (matcher.find()) {
            // Verbs and place prefixes interleave (投诉A2区丽发新城), so strip both until nothing changes.
            String entity = matcher.group(1);
            String before;
            do {
                before = entity;
                entity = VERB_PREFIX.matcher(ADMIN_PREFIX.matcher(entity).replaceFirst("")).replaceFirst("");
            } while (!entity.equals(before));
            if (entity.length() >= 3) {
                found.add(entity);
            }
        }
        return found;
    }

    static Set<String> issues(String title) {
        Set<String> found = new HashSet<>();
        for (Map.Entry<String, List<String>> issue : ISSUES.entrySet()) {
            for (String keyword : issue.getValue()) {
                if (title.contains(keyword)) {
                    found.add(issue.getKey());
                    break;
                }
            }
        }
        return found;
    }

    private static Set<String> bigrams(String title) {
        String text = ADMIN_PREFIX.matcher(title).replaceAll("");
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 2 <= text.length(); i++) {
            grams.add(text.substring(i, i + 2));
        }
        return grams;
    }
}

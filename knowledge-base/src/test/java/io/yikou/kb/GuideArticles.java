package io.yikou.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikou.kb.article.Article;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the real government service guides (one JSON object per line) as knowledge-base articles.
 * The matter name becomes the title, and conditions, materials, place and time limits the body.
 */
public final class GuideArticles {

    public static final String FILE = "data/gov-service-guides-guangdong/service_guides.jsonl";

    private GuideArticles() {
    }

    public static List<Article> read(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Article> articles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode guide = mapper.readTree(line);
            String id = "guide-" + guide.path("task_code").asText().replaceAll("[^A-Za-z0-9]", "");
            while (!ids.add(id)) {
                id = id + "x";
            }
            StringBuilder body = new StringBuilder();
            body.append("事项类型：").append(guide.path("matter_type").asText()).append('\n');
            body.append("受理条件：").append(guide.path("accept_standard").asText()).append('\n');
            body.append("申请材料：");
            guide.path("material_intro").forEach(m -> body.append(m.asText()).append('；'));
            body.append('\n').append(guide.path("handle_location").asText()).append('\n');
            body.append("法定办结时限：").append(guide.path("handle_time").asText())
                    .append("，承诺办结时限：").append(guide.path("handle_time_limit").asText()).append('\n');
            body.append("办理层级：").append(guide.path("matter_level").asText())
                    .append("，到现场次数：").append(guide.path("visit_number").asText());
            List<String> tags = new ArrayList<>();
            guide.path("theme_category").forEach(t -> tags.add(t.asText()));
            String category = tags.isEmpty() ? "其他" : tags.get(0);
            articles.add(new Article(id, guide.path("matter_name").asText(), body.toString(), category,
                    guide.path("department").asText(), tags, null, null, "政务服务指南", guide.path("source_url").asText(),
                    null, false, at, at, 1));
        }
        return articles;
    }
}

package io.yikou.kb;

import io.yikou.kb.article.Article;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Builds articles for tests. */
public final class Articles {

    private Articles() {
    }

    public static Article article(String id, String title, String body) {
        return article(id, title, body, "综合", null, null);
    }

    public static Article article(String id, String title, String body, String category, LocalDate validFrom,
                                  LocalDate validTo) {
        return new Article(id, title, body, category, "区政务服务管理局", List.of(), validFrom, validTo, "测试", null, null,
                false, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), 1);
    }
}

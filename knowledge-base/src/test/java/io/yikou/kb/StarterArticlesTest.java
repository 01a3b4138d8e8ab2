package io.yikou.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.kb.article.Article;
import java.util.List;
import org.junit.jupiter.api.Test;

class StarterArticlesTest {

    @Test
    void starterSetCoversHotlineTopics() {
        List<Article> articles = StarterArticles.load();
        assertThat(articles).hasSizeGreaterThanOrEqualTo(40);
        assertThat(articles).extracting(Article::id).doesNotHaveDuplicates();
        assertThat(articles).extracting(Article::category).contains("垃圾分类", "冬季供暖", "停车管理", "户籍管理",
                "社会保险", "养老服务", "噪声扰民", "违法建设", "胡同和老旧小区", "无障碍", "热线服务");
        assertThat(articles).allSatisfy(a -> {
            assertThat(a.owner()).isNotBlank();
            assertThat(a.department()).isNotBlank();
            assertThat(a.body().codePointCount(0, a.body().length())).isGreaterThan(80);
        });
    }
}

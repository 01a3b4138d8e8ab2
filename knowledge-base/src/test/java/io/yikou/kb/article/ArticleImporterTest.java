package io.yikou.kb.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleImporterTest {

    private final ArticleImporter importer = new ArticleImporter();

    @Test
    void markdownFrontMatterBecomesArticle() {
        String text = """
                ---
                id: heating-repair
                title: 供暖不热如何报修
                category: 冬季供暖
                department: 区城市管理委员会
                tags: [暖气, 报修]
                valid_from: 2026-11-15
                valid_to: 2027-03-15
                owner: 张主管
                review_due: 2027-01-01
                ---
                # 供暖不热

                先检查阀门。
                """;
        Article article = importer.parse(ImportFormat.MARKDOWN, text, "heating.md").get(0);
        assertThat(article.id()).isEqualTo("heating-repair");
        assertThat(article.tags()).containsExactly("暖气", "报修");
        assertThat(article.validFrom()).isEqualTo(LocalDate.of(2026, 11, 15));
        assertThat(article.body()).startsWith("# 供暖不热").endsWith("先检查阀门。");
        assertThat(article.reviewDue()).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void markdownErrorNamesFieldLine() {
        String text = "---\nid: a1\ntitle: 标题\nvalid_to: 2026-13-40\n---\n正文\n";
        assertThatThrownBy(() -> importer.parse(ImportFormat.MARKDOWN, text, "bad.md"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.problems())
                        .containsExactly(new ImportException.Problem(4, "valid_to",
                                "'2026-13-40' is not a date written as yyyy-MM-dd")));
    }

    @Test
    void markdownWithoutFrontMatterRejected() {
        assertThatThrownBy(() -> importer.parse(ImportFormat.MARKDOWN, "# 标题\n正文", "plain.md"))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.problems().get(0).line()).isEqualTo(1));
    }

    @Test
    void csvReportsEveryBadRecordWithLine() {
        String text = """
                id,title,body,category,tags
                a1,停车收费,"多行正文
                第二行",停车,收费;停车
                a2,,缺标题,停车,
                a1,重复编号,正文,停车,
                bad id,标题,正文,停车,
                """;
        assertThatThrownBy(() -> importer.parse(ImportFormat.CSV, text, "kb.csv"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.problems()).extracting(ImportException.Problem::line).containsExactly(4, 5, 6);
                    assertThat(e.problems()).extracting(ImportException.Problem::field)
                            .containsExactly("title", "id", "id");
                    assertThat(e.problems().get(1).message()).contains("already used on line 2");
                });
    }

    @Test
    void csvSplitsTagsAndKeepsMultilineBody() {
        String text = "id,title,body,tags\na1,停车收费,\"第一行\n第二行\",收费；停车\n";
        Article article = importer.parse(ImportFormat.CSV, text, "kb.csv").get(0);
        assertThat(article.body()).isEqualTo("第一行\n第二行");
        assertThat(article.tags()).containsExactly("收费", "停车");
    }

    @Test
    void csvUnknownColumnRejected() {
        assertThatThrownBy(() -> importer.parse(ImportFormat.CSV, "id,title,body,colour\na,b,c,d\n", "kb.csv"))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.problems().get(0).field()).isEqualTo("colour"));
    }

    @Test
    void jsonlReportsBrokenLines() {
        String text = """
                {"id":"a1","title":"垃圾分类","body":"四分类"}

                {"id":"a2","title":"缺正文"}
                {not json
                ["array"]
                {"id":"a5","title":"标题","body":"正文","colour":"red"}
                """;
        assertThatThrownBy(() -> importer.parse(ImportFormat.JSONL, text, "kb.jsonl"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.problems()).extracting(ImportException.Problem::line).containsExactly(3, 4, 5, 6);
                    assertThat(e.getMessage()).contains("nothing imported");
                });
    }

    @Test
    void jsonlValidFileImportsAll() {
        String text = "{\"id\":\"a1\",\"title\":\"垃圾分类\",\"body\":\"四分类\",\"tags\":[\"垃圾\"]}\n"
                + "{\"id\":\"a2\",\"title\":\"停车\",\"body\":\"收费标准\"}\n";
        List<Article> articles = importer.parse(ImportFormat.JSONL, text, "kb.jsonl");
        assertThat(articles).extracting(Article::id).containsExactly("a1", "a2");
    }

    @Test
    void emptyFileRejected() {
        assertThatThrownBy(() -> importer.parse(ImportFormat.JSONL, "\n\n", "empty.jsonl"))
                .isInstanceOf(ImportException.class);
    }

    @Test
    void validityWindowChecked() {
        Article article = new ArticleDraft("a", "t", "b", null, null, List.of(), "2026-01-01", "2026-03-31", null,
                null, null).validate();
        assertThat(article.isCurrent(LocalDate.of(2026, 3, 31))).isTrue();
        assertThat(article.isCurrent(LocalDate.of(2026, 4, 1))).isFalse();
        assertThat(article.isCurrent(LocalDate.of(2025, 12, 31))).isFalse();
    }
}

package io.yikou.kb.search.lucene;

import static io.yikou.kb.Articles.article;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.yikou.kb.analysis.KbAnalyzers;
import io.yikou.kb.article.Article;
import io.yikou.kb.search.Fragment;
import io.yikou.kb.search.Highlighter;
import io.yikou.kb.search.SearchHit;
import io.yikou.kb.search.SearchPage;
import io.yikou.kb.search.SearchQuery;
import io.yikou.kb.search.Span;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneBackendTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    private static final KbAnalyzers ANALYZERS = KbAnalyzers.withBundledSynonyms();
    private static final Highlighter HIGHLIGHTER = new Highlighter(ANALYZERS);
    private static LuceneBackend backend;

    @BeforeAll
    static void index() {
        backend = new LuceneBackend(null, ANALYZERS);
        backend.open();
        backend.upsert(List.of(
                article("d1", "海淀区学院路供暖故障报修流程", "供暖季家中暖气不热，可先排查阀门，再联系供热单位报修。"),
                article("d2", "海淀區學院路停水公告", "因管线施工，學院路沿线将临时停水。"),
                article("d3", "热线服务", "拨打１２３４５热线反映问题，也可拨打96010。"),
                article("wangjing", "望京西路占道施工的咨询", "望京西路夜间施工噪声，请联系城管执法。"),
                article("jingxi", "京西宾馆周边交通管制", "京西宾馆周边道路会议期间临时管制，京西地区绕行。"),
                article("ads", "楼道非法张贴广告的清理", "发现楼道内非法张贴广告，可向物业或街道反映。"),
                article("expired", "2025年冬季供暖时间", "2025年供暖期", "冬季供暖", LocalDate.of(2025, 11, 15),
                        LocalDate.of(2026, 3, 15)),
                article("future", "2027年供暖时间", "2027年供暖期", "冬季供暖", LocalDate.of(2027, 11, 15), null),
                retired(article("retired", "旧的供暖报修电话", "已作废的供暖报修说明")),
                article("emoji", "楼道灯坏了怎么办", "楼道灯坏了😭💡请尽快修，可联系物业。")));
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Article retired(Article article) {
        return article.retire();
    }

    private static List<String> ids(String text) {
        return ids(text, TODAY);
    }

    private static List<String> ids(String text, LocalDate validOn) {
        SearchPage page = backend.search(new SearchQuery(text, null, null, validOn, 0, 10));
        return page.hits().stream().map(h -> h.article().id()).toList();
    }

    @Test
    void traditionalQueryFindsSimplifiedDocument() {
        assertThat(ids("學院路 供暖").get(0)).isEqualTo("d1");
        assertThat(ids("学院路供暖").get(0)).isEqualTo("d1");
    }

    @Test
    void highlightUsesOriginalTraditionalText() {
        Highlighter.QueryTerms terms = HIGHLIGHTER.termsOf("学院路");
        Fragment title = HIGHLIGHTER.whole("海淀區學院路停水公告", terms);
        assertThat(title.html()).isEqualTo("海淀區<em>學院路</em>停水公告");
        assertThat(title.spans()).containsExactly(new Span(3, 6));
        assertThat(ids("学院路")).contains("d2");
    }

    @Test
    void postingsOffsetsMatchReanalysis() {
        SearchHit d2 = backend.search(new SearchQuery("学院路", null, null, TODAY, 0, 10)).hits().stream()
                .filter(h -> h.article().id().equals("d2")).findFirst().orElseThrow();
        assertThat(d2.matches().get("title")).containsExactly(new Span(3, 6));
        assertThat(d2.matches().get("body"))
                .isEqualTo(HIGHLIGHTER.spans(d2.article().body(), HIGHLIGHTER.termsOf("学院路")));
        SearchHit single = backend.search(new SearchQuery("望", null, null, TODAY, 0, 10)).hits().get(0);
        assertThat(single.matches()).as("one-character queries fall back to re-analysis").isNull();
    }

    @Test
    void fullWidthDigitsHighlightedForAsciiQuery() {
        Fragment body = HIGHLIGHTER.whole("拨打１２３４５热线反映", HIGHLIGHTER.termsOf("12345"));
        assertThat(body.html()).isEqualTo("拨打<em>１２３４５</em>热线反映");
        assertThat(ids("12345")).containsExactly("d3");
    }

    @Test
    void placeNameRanksAboveSharedBigram() {
        List<String> ids = ids("望京");
        assertThat(ids).first().isEqualTo("wangjing");
        assertThat(ids).doesNotContain("jingxi");
    }

    @Test
    void colloquialTermFindsOfficialArticle() {
        assertThat(ids("小广告")).first().isEqualTo("ads");
        assertThat(ids("暖气不热").get(0)).isEqualTo("d1");
    }

    @Test
    void synonymHighlighted() {
        Fragment title = HIGHLIGHTER.whole("楼道非法张贴广告的清理", HIGHLIGHTER.termsOf("小广告"));
        assertThat(title.html()).isEqualTo("楼道<em>非法张贴广告</em>的清理");
    }

    @Test
    void expiredAndFutureArticlesDropOut() {
        assertThat(ids("供暖时间")).doesNotContain("expired", "future");
        assertThat(ids("供暖时间", null)).contains("expired", "future");
    }

    @Test
    void totalCountsOnlyValidArticles() {
        SearchPage page = backend.search(new SearchQuery("供暖", null, null, TODAY, 0, 10));
        assertThat(page.hits()).extracting(h -> h.article().id()).doesNotContain("expired", "future", "retired");
        assertThat(page.total()).isEqualTo(page.hits().size());
        assertThat(backend.searchRaw(new SearchQuery("供暖", null, null, TODAY, 0, 10)).totalHits.value)
                .isEqualTo(page.total());
    }

    @Test
    void retiredArticleNeverFound() {
        assertThat(ids("供暖报修说明", null)).doesNotContain("retired");
    }

    @Test
    void querySyntaxIsPlainText() {
        for (String text : new String[] {"供暖 AND (", "title:\"暖气", "*", "?", "~2", "[a TO b]", "\\", "+-!&&||^",
                "/regex/", "{}", "供暖*"}) {
            assertThatCode(() -> backend.search(new SearchQuery(text, null, null, TODAY, 0, 10)))
                    .as(text).doesNotThrowAnyException();
        }
        assertThat(ids("供暖 AND (")).contains("d1");
    }

    @Test
    void emojiQueryDoesNotThrow() {
        assertThat(ids("楼道灯坏了😭💡请尽快修")).first().isEqualTo("emoji");
        assertThat(ids("😭")).containsExactly("emoji");
        Fragment body = HIGHLIGHTER.whole("楼道灯坏了😭💡请尽快修", HIGHLIGHTER.termsOf("💡 尽快"));
        assertThat(body.html()).isEqualTo("楼道灯坏了😭<em>💡</em>请<em>尽快</em>修");
    }

    @Test
    void categoryFilterApplies() {
        SearchPage page = backend.search(new SearchQuery("供暖", "冬季供暖", null, null, 0, 10));
        assertThat(page.hits()).extracting(h -> h.article().id()).containsExactlyInAnyOrder("expired", "future");
    }

    @Test
    void pagingSkipsEarlierHits() {
        List<String> all = ids("供暖", null);
        SearchPage second = backend.search(new SearchQuery("供暖", null, null, null, 1, 1));
        assertThat(second.hits()).extracting(h -> h.article().id()).containsExactly(all.get(1));
        assertThat(second.total()).isEqualTo(all.size());
    }

    @Test
    void titleAutocompleteMatchesPartialInput() {
        assertThat(backend.suggestTitles("望", 5, TODAY)).extracting(Article::id).containsExactly("wangjing");
        assertThat(backend.suggestTitles("学院路供", 5, TODAY)).extracting(Article::id).containsExactly("d1");
        assertThat(backend.suggestTitles("供暖时", 5, TODAY)).isEmpty();
    }

    @Test
    void relatedFindsArticleForTicketText() {
        List<SearchHit> hits = backend.related("市民反映家里暖气一直不热，学院路小区，要求供热单位上门维修", 3, TODAY);
        assertThat(hits).extracting(h -> h.article().id()).first().isEqualTo("d1");
    }

    @Test
    void feedbackBoostReordersCloseResults() {
        backend.upsert(List.of(article("same-a", "垃圾分类投放时间", "定时定点投放"),
                article("same-b", "垃圾分类投放时间", "定时定点投放")));
        List<String> before = ids("垃圾分类投放时间");
        String second = before.get(1);
        backend.setFeedbackBoost(Map.of(second, 1.2));
        assertThat(ids("垃圾分类投放时间").get(0)).isEqualTo(second);
        backend.setFeedbackBoost(Map.of(second, 1.0));
    }

    @Test
    void compactMergesIntoOneSegment() {
        backend.upsert(List.of(article("passport", "护照办理指南", "出入境管理部门受理护照申请。")));
        assertThat((Integer) backend.health().get("segments")).isGreaterThan(1);
        List<String> before = ids("护照");

        backend.compact();

        assertThat(backend.health()).containsEntry("segments", 1);
        assertThat(ids("护照")).isEqualTo(before).contains("passport");
    }

    @Test
    void feedbackLiftsHitBeyondFirstPage(@TempDir Path dir) {
        List<Article> twins = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twins.add(article("twin-" + i, "残疾人证办理指南", "残疾人证的申领材料与办理地点。"));
        }
        String last = "twin-11";
        LuceneBackend persistent = new LuceneBackend(dir, ANALYZERS);
        persistent.open();
        try {
            persistent.upsert(twins);
            assertThat(firstId(persistent)).isNotEqualTo(last);
            persistent.setFeedbackBoost(Map.of(last, 1.2));
            assertThat(firstId(persistent)).isEqualTo(last);
        } finally {
            persistent.close();
        }

        LuceneBackend reopened = new LuceneBackend(dir, ANALYZERS);
        reopened.open();
        try {
            assertThat(firstId(reopened)).as("feedback found in the index at open").isEqualTo(last);
        } finally {
            reopened.close();
        }
    }

    private static String firstId(LuceneBackend backend) {
        return backend.search(new SearchQuery("残疾人证", null, null, TODAY, 0, 10)).hits().get(0).article().id();
    }

    @Test
    void indexedVersionsListed() {
        assertThat(backend.indexedVersions()).containsEntry("d1", 1L).containsKey("retired");
    }
}

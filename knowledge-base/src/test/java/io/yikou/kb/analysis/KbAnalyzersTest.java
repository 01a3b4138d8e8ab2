package io.yikou.kb.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KbAnalyzersTest {

    private static final KbAnalyzers ANALYZERS = KbAnalyzers.withBundledSynonyms();

    @Test
    void smartSegmenterSplitsPlaceName() {
        // The reason for the bigram field: word segmentation alone never yields 望京 for 望京西路.
        assertThat(TokensOf.describe(ANALYZERS.smartIndex(), "望京西路"))
                .containsExactly("望[0-1]", "京西[1-3]", "路[3-4]");
    }

    @Test
    void bigramFieldKeepsPlaceName() {
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), "望京西路"))
                .containsExactly("望京[0-2]", "京西[1-3]", "西路[2-4]");
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), "京西宾馆"))
                .containsExactly("京西[0-2]", "西宾[1-3]", "宾馆[2-4]");
    }

    @Test
    void traditionalFoldsWithOriginalOffsets() {
        assertThat(TokensOf.describe(ANALYZERS.smartIndex(), "海淀區學院路停水公告"))
                .containsExactly("海淀区[0-3]", "学院[3-5]", "路[5-6]", "停水[6-8]", "公告[8-10]");
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), "學院路"))
                .containsExactly("学院[0-2]", "院路[1-3]");
    }

    @Test
    void fullWidthDigitsFoldToAscii() {
        assertThat(TokensOf.describe(ANALYZERS.smartIndex(), "拨打１２３４５热线"))
                .containsExactly("拨[0-1]", "打[1-2]", "12345[2-7]", "热线[7-9]");
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), "拨打１２３４５热线"))
                .containsExactly("拨打[0-2]", "12345[2-7]", "热线[7-9]");
    }

    @Test
    void synonymExpandsColloquialHeating() {
        // 暖气 and 供暖 share the first position and the offsets of the typed word, so either word
        // finds articles that use the other and the highlight stays on what was typed.
        assertThat(TokensOf.describe(ANALYZERS.smartQuery(), "暖气"))
                .containsExactly("供暖[0-2]", "集中[0-2]+0", "暖气[0-2]+0", "供热[0-2]");
        assertThat(TokensOf.describe(ANALYZERS.bigramQuery(), "供暖"))
                .contains("供暖[0-2]+0", "暖气[0-2]");
    }

    @Test
    void synonymExpandsMultiWordTerm() {
        assertThat(TokensOf.analyze(ANALYZERS.smartQuery(), "小广告").stream().map(TokensOf.Token::term))
                .contains("非法", "张贴", "广告", "小");
        assertThat(TokensOf.analyze(ANALYZERS.bigramQuery(), "非法张贴广告").stream().map(TokensOf.Token::term))
                .contains("小广", "广告", "非法", "张贴");
    }

    @Test
    void indexChainHasNoSynonyms() {
        assertThat(TokensOf.describe(ANALYZERS.smartIndex(), "暖气")).containsExactly("暖气[0-2]");
    }

    @Test
    void emojiKeepsSurrogatePairsWhole() {
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), "灯坏了😭💡请修"))
                .containsExactly("灯坏[0-2]", "坏了[1-3]", "😭[3-5]", "💡[5-7]", "请修[7-9]");
    }

    @Test
    void foldingKeepsOffsetsOnLengthChange() {
        // A mapping whose output length differs from its input must still report original offsets.
        String text = "ＡＢ學院";
        assertThat(TokensOf.describe(ANALYZERS.bigramIndex(), text)).containsExactly("ab[0-2]", "学院[2-4]");
    }

    @Test
    void foldHelperMatchesAnalyzer() {
        assertThat(ChineseFolding.fold("海淀區學院路１２３")).isEqualTo("海淀区学院路123");
    }
}

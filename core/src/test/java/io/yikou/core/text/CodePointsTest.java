package io.yikou.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodePointsTest {

    private static final String EMOJI = "😭";

    @Test
    void emojiAtLimitIsKeptWhole() {
        String text = "停".repeat(499) + EMOJI;

        String cut = CodePoints.truncate(text, 500, "…");

        assertThat(cut).isEqualTo(text);
        assertThat(CodePoints.length(cut)).isEqualTo(500);
    }

    @Test
    void truncationNeverSplitsSurrogatePair() {
        String text = "停".repeat(498) + EMOJI + EMOJI + "尾";

        String cut = CodePoints.truncate(text, 500, "…");

        assertThat(CodePoints.length(cut)).isEqualTo(500);
        assertThat(cut).endsWith(EMOJI + "…");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(Character.isLowSurrogate(cut.charAt(i + 1))).isTrue();
            }
        }
    }

    @Test
    void truncationMarksTheCut() {
        assertThat(CodePoints.truncate("一二三四五六七八九十", 8, "…")).isEqualTo("一二三四五六七…");
    }

    @Test
    void markerLongerThanLimitIsDropped() {
        String cut = CodePoints.truncate("一二三四五六七八九十", 5, "…（已截断）");

        assertThat(cut).isEqualTo("一二三四五");
    }

    @Test
    void controlCharactersDetected() {
        assertThat(CodePoints.hasControlCharacters("换行\n和制表\t可以")).isFalse();
        assertThat(CodePoints.hasControlCharacters("空字符\u0000不行")).isTrue();
        assertThat(CodePoints.hasControlCharacters("\u007f")).isTrue();
    }
}

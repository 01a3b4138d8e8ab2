package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.liblinear.Feature;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureBlockTest {

    private static final FeatureBlock OPENING =
            new FeatureBlock("opening", FeatureBlock.Source.OPENING, FeatureBlock.Kind.CHARS, 1, 2, 1.0, 4);

    @Test
    void openingBlockNeedsItsLength() {
        assertThatThrownBy(() -> new FeatureBlock("opening", FeatureBlock.Source.OPENING, FeatureBlock.Kind.CHARS,
                1, 3, 1.0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openingChars of at least 1");
        assertThatThrownBy(() -> new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, 3, 1.0, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openingChars 0");
    }

    @Test
    void describeNamesTheOpeningLength() {
        assertThat(OPENING.describe()).isEqualTo("opening=opening4:chars1-2x1.0");
        assertThat(new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, 3, 1.0).describe())
                .isEqualTo("all=all:chars1-3x1.0");
    }

    @Test
    void openingIgnoresTitleAndRest() {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of(
                new LabelledText("标题", "小区停车难问题", "城乡建设", 0),
                new LabelledText("", "学校收费太高了", "教育文体", 0)), new FeatureSettings(List.of(OPENING), 1));

        Feature[] first = vectorizer.transform("别的标题", "小区停车难问题");
        Feature[] sameStart = vectorizer.transform("", "小区停车，后面的话全不一样");

        // The title and everything after the fourth character are ignored.
        assertThat(terms(vectorizer, first)).containsExactlyInAnyOrder(
                "opening:小", "opening:区", "opening:停", "opening:车",
                "opening:小区", "opening:区停", "opening:停车");
        assertThat(terms(vectorizer, sameStart)).isEqualTo(terms(vectorizer, first));
    }

    @Test
    void openingCountsCodePointsNotUtf16Units() {
        // U+20BB7 (𠮷) takes two UTF-16 units; a 2-character opening keeps it whole.
        assertThat(TextVectorizer.opening("𠮷野家好吃", 2)).isEqualTo("𠮷野");
        assertThat(TextVectorizer.opening("短", 60)).isEqualTo("短");
    }

    private static List<String> terms(TextVectorizer vectorizer, Feature[] vector) {
        return java.util.Arrays.stream(vector).map(f -> vectorizer.term(f.getIndex() - 1)).sorted().toList();
    }
}

package io.yikou.kb.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void blankQueryIsEmpty() {
        assertThat(QueryText.clean("  \t\u3000 ", 200)).isInstanceOf(QueryText.Empty.class);
        assertThat(QueryText.clean(null, 200)).isInstanceOf(QueryText.Empty.class);
    }

    @Test
    void overLongQueryReportsLength() {
        QueryText.Result result = QueryText.clean("停水".repeat(101), 200);
        assertThat(result).isEqualTo(new QueryText.TooLong(202, 200));
    }

    @Test
    void emojiCountsAsOneCharacter() {
        assertThat(QueryText.clean("😭".repeat(200), 200)).isInstanceOf(QueryText.Ok.class);
    }

    @Test
    void controlCharactersAndLoneSurrogatesBecomeSpaces() {
        assertThat(QueryText.clean("暖气\u0000不热\uD800了", 200)).isEqualTo(new QueryText.Ok("暖气 不热 了"));
    }

    @Test
    void querySyntaxStaysText() {
        assertThat(QueryText.clean("title:(供暖 AND \"暖气\")~2 OR 垃圾*?", 200))
                .isEqualTo(new QueryText.Ok("title:(供暖 AND \"暖气\")~2 OR 垃圾*?"));
    }
}

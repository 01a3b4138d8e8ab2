package io.yikou.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {

    @ParameterizedTest
    @CsvSource({"Wang.Li,wang.li", "' zhang_san ',zhang_san", "ｗａｎｇ．ｌｉ,wang.li", "AGENT-07,agent-07"})
    void normalizeFoldsCaseWidthAndSpace(String typed, String expected) {
        assertThat(Usernames.normalize(typed)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "wang.li", "agent-07", "a_b", "0admin"})
    void validNamesPass(String name) {
        assertThat(Usernames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", ".wang", "-x", "王丽", "wang li", "wang<li>", "a/b"})
    void invalidNamesFail(String name) {
        assertThat(Usernames.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65})
    void lengthLimitIsSixtyFour(int length) {
        assertThat(Usernames.isValid("a".repeat(length))).isEqualTo(length <= 64);
    }
}

package io.yikou.ivr.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.ivr.IvrFixture;
import io.yikou.ivr.flow.Language;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberReaderTest {

    /** Joins the Mandarin texts of the prompts, so expectations read as the caller hears them. */
    private static String mandarin(long n) {
        return NumberReader.number(n, Language.MANDARIN).stream()
                .map(id -> IvrFixture.PROMPTS.text(id, Language.MANDARIN).orElseThrow()).collect(Collectors.joining());
    }

    private static String english(long n) {
        return NumberReader.number(n, Language.ENGLISH).stream()
                .map(id -> IvrFixture.PROMPTS.text(id, Language.ENGLISH).orElseThrow()).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"0, 零", "3, 三", "10, 十", "15, 十五", "20, 二十", "105, 一百零五", "110, 一百一十", "200, 两百",
        "1005, 一千零五", "1050, 一千零五十", "2000, 两千", "10010, 一万零一十", "20000, 两万", "22000, 两万二千",
        "100000, 十万", "123456, 十二万三千四百五十六", "10000000, 一千万", "99999999, 九千九百九十九万九千九百九十九"})
    void readsMandarin(long n, String spoken) {
        assertThat(mandarin(n)).isEqualTo(spoken);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"0, zero", "7, seven", "13, thirteen", "40, forty", "42, forty two", "100, one hundred",
        "3405, three thousand four hundred five", "10000, ten thousand", "999999, nine hundred ninety nine thousand nine hundred ninety nine"})
    void readsEnglish(long n, String spoken) {
        assertThat(english(n)).isEqualTo(spoken);
    }

    @Test
    void digitsReadOneAsYao() {
        assertThat(NumberReader.digits("96010-2026")).containsExactly("digit-9", "digit-6", "digit-0", "digit-1",
                "digit-0", "digit-2", "digit-0", "digit-2", "digit-6");
        assertThat(IvrFixture.PROMPTS.text("digit-1", Language.MANDARIN)).hasValue("幺");
    }

    @Test
    void largeNumbersAreReadDigitByDigit() {
        assertThat(NumberReader.number(123_456_789L, Language.MANDARIN)).hasSize(9).first().isEqualTo("number-1");
        assertThat(NumberReader.number(1_000_000L, Language.ENGLISH)).hasSize(7);
    }

    @Test
    void randomNumbersUseOnlyCataloguedPrompts() {
        Random random = new Random(96010);
        for (int i = 0; i < 5000; i++) {
            long n = random.nextInt(100_000_000);
            for (Language language : Language.values()) {
                List<String> ids = NumberReader.number(n, language);
                assertThat(ids).as("%d in %s", n, language).isNotEmpty().allMatch(IvrFixture.PROMPTS::contains);
                assertThat(mandarin(n)).as("%d", n).doesNotStartWith("零").doesNotContain("零零").doesNotEndWith("零");
            }
        }
    }
}

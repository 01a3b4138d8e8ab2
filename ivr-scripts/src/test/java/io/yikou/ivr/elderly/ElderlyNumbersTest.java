package io.yikou.ivr.elderly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElderlyNumbersTest {

    @TempDir
    Path dir;

    @Test
    void notationsCompareEqual() {
        ElderlyNumbers numbers = ElderlyNumbers.of(List.of("+86 139-1111-2222", "010-6512 3456"));

        assertThat(numbers.contains("13911112222")).isTrue();
        assertThat(numbers.contains("008613911112222")).isTrue();
        assertThat(numbers.contains("65123456")).isTrue();
        assertThat(numbers.contains("01065123456")).isTrue();
        assertThat(numbers.contains("02165123456")).isFalse();
        assertThat(numbers.contains("")).isFalse();
    }

    @Test
    void fileSkipsCommentsAndReportsBadLines() throws IOException {
        Path file = dir.resolve("elderly.txt");
        Files.writeString(file, "# 东城区老年人登记号码\n13911112222  # 王大爷\n\nnot a number\n010-65123456\n");

        ElderlyNumbers.Result result = ElderlyNumbers.load(file);

        assertThat(result.numbers().size()).isEqualTo(2);
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.source().line()).isEqualTo(4));
    }

    @Test
    void masksForLogs() {
        assertThat(PhoneNumbers.mask("13812345678")).isEqualTo("138****5678");
        assertThat(PhoneNumbers.mask("65123456")).isEqualTo("****3456");
        assertThat(PhoneNumbers.mask("")).isEqualTo("-");
    }
}

package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedMultiLineFields() throws IOException {
        Path file = write("message_id,title,detail,category_l1\n"
                + "1,路灯不亮,\"第一行\n第二行\",城乡建设\n"
                + "2,学位,入学问题,教育文体\n");

        LabelledCsv.Contents contents = LabelledCsv.read(file);

        assertThat(contents.rows()).hasSize(2);
        assertThat(contents.rows().get(0).detail()).isEqualTo("第一行\n第二行");
        assertThat(contents.rows().get(1).line()).isEqualTo(4);
        assertThat(contents.sha256()).hasSize(64);
    }

    @Test
    void reportsEveryBadLineWithItsNumber() throws IOException {
        Path file = write("title,detail,category_l1\n"
                + "a,b,城乡建设\n"
                + "c,d,\n"
                + "\"x\ny\",z\n"
                + ",,教育文体\n");

        assertThatThrownBy(() -> LabelledCsv.read(file))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("3 invalid record(s)")
                .hasMessageContaining("line 3: category_l1 is empty")
                .hasMessageContaining("line 4: has 2 fields")
                .hasMessageContaining("line 6: title and detail are both empty");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        Path file = write("title,body,category_l1\na,b,c\n");

        assertThatThrownBy(() -> LabelledCsv.read(file))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("detail");
    }

    @Test
    void invalidUtf8IsRejected() throws IOException {
        Path file = dir.resolve("gbk.csv");
        Files.write(file, new byte[] {'t', 'i', 't', 'l', 'e', '\n', (byte) 0xC4, (byte) 0xE3});

        assertThatThrownBy(() -> LabelledCsv.read(file))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> LabelledCsv.read(dir.resolve("none.csv")))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("none.csv: file not found");
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}

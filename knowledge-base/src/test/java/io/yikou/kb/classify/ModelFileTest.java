package io.yikou.kb.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    private static CategoryModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
        model = new ClassifierTrainer(clock).train(TrainingExamples.threeLabels(), ClassifierDefaults.settings(),
                "examples.csv", "abc123");
    }

    @Test
    void roundTripKeepsScoresAndMetadata() throws IOException {
        Path file = dir.resolve("m.model");
        ModelFile.write(model, file);

        CategoryModel loaded = ModelFile.read(file);

        assertThat(loaded.labels()).containsExactly("卫生计生", "城乡建设", "教育文体");
        assertThat(loaded.metadata().trainingSha256()).isEqualTo("abc123");
        assertThat(loaded.metadata().trainedAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(loaded.metadata().formatVersion()).isEqualTo(ModelFile.FORMAT_VERSION);
        assertThat(loaded.metadata().settings()).isEqualTo(ClassifierDefaults.settings());
        String text = "电梯坏了物业不修";
        assertThat(loaded.scores("", text)).containsExactly(model.scores("", text),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void trainedModelRanksMatchingLabelFirst() {
        assertThat(model.predict("", "孩子上小学的学位怎么分配")).isEqualTo("教育文体");
        assertThat(model.predict("医院", "医生态度不好，挂号排队")).isEqualTo("卫生计生");
        assertThat(model.suggest("", "物业不修漏水", 3)).hasSize(3);
        assertThat(Arrays.stream(model.scores("", "物业不修漏水")).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void missingFileNamesFileAndCommand() {
        Path file = dir.resolve("absent.model");

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("train-classifier");
    }

    @Test
    void truncatedFileIsReportedAsDamaged() throws IOException {
        Path file = dir.resolve("cut.model");
        ModelFile.write(model, file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageMatching("(?s).*(damaged|truncated|lacks).*");
    }

    @Test
    void flippedByteFailsChecksum() throws IOException {
        Path file = dir.resolve("flipped.model");
        ModelFile.write(model, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x5A;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void textFileIsNotAModel() throws IOException {
        Path file = dir.resolve("notes.model");
        Files.writeString(file, "title,detail,category_l1\n");

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not a ZIP archive");
    }

    @Test
    void newerFormatVersionIsRejected() throws IOException {
        Path file = dir.resolve("future.model");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write("{\"format\":\"yikou-text-classifier\",\"metadata\":{\"formatVersion\":99}}"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("format version 99")
                .hasMessageContaining("reads up to version " + ModelFile.FORMAT_VERSION);
    }

    @Test
    void emptyFileIsReported() throws IOException {
        Path file = dir.resolve("empty.model");
        Files.write(file, new byte[0]);

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is empty");
    }
}

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
    void formatVersionOneFileIsStillRead() throws IOException {
        // A version 1 file as Yikou wrote it before: no opening block, no openingChars, no balanceLabels.
        CategoryModel old = new ClassifierTrainer(Clock.systemUTC()).train(TrainingExamples.threeLabels(),
                TrainingSettings.baseline(), "examples.csv", "abc123");
        Path written = dir.resolve("v2.model");
        ModelFile.write(old, written);
        Path file = dir.resolve("v1.model");
        rewriteManifest(written, file, manifest -> manifest
                .replace("\"formatVersion\" : " + ModelFile.FORMAT_VERSION, "\"formatVersion\" : 1")
                .replaceAll(",\\s*\"openingChars\" : 0", "")
                .replaceAll(",\\s*\"balanceLabels\" : false", ""));
        assertThat(manifestOf(file)).contains("\"formatVersion\" : 1").doesNotContain("openingChars", "balanceLabels");

        CategoryModel loaded = ModelFile.read(file);

        assertThat(loaded.metadata().formatVersion()).isEqualTo(1);
        assertThat(loaded.metadata().settings()).isEqualTo(TrainingSettings.baseline());
        String text = "孩子上小学的学位怎么分配";
        assertThat(loaded.scores("", text)).containsExactly(old.scores("", text),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void openingBlockAndLabelWeightsSurviveRoundTrip() throws IOException {
        Path file = dir.resolve("opening.model");
        ModelFile.write(model, file);

        assertThat(manifestOf(file)).contains("\"OPENING\"", "\"openingChars\" : 60", "\"balanceLabels\" : true");
        assertThat(ModelFile.read(file).metadata().settings().features().blocks())
                .anySatisfy(block -> assertThat(block.openingChars()).isEqualTo(60));
        assertThat(ModelFile.read(file).metadata().settings().solvers()).allMatch(SolverSettings::balanceLabels);
    }

    private static String manifestOf(Path file) throws IOException {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("manifest.json")) {
                    return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no manifest in " + file);
    }

    /** Copies a model file, passing its manifest through {@code edit}. */
    private static void rewriteManifest(Path from, Path to, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(from));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals("manifest.json")) {
                    bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
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

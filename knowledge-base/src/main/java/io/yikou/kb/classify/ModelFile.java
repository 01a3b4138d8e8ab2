package io.yikou.kb.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.liblinear.Model;
import io.yikou.core.json.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes classifier model files.
 *
 * <p>A model file is a ZIP archive (whose per-entry CRC-32 exposes damage) holding:
 * <ul>
 *   <li>{@code manifest.json}: {@code "format": "yikou-text-classifier"}, the {@code formatVersion},
 *       and the {@link ModelMetadata} (labels, training date, training data hash, feature and solver
 *       settings);</li>
 *   <li>{@code vocabulary.tsv}: one line per feature, in feature order: the term, a tab, its idf;</li>
 *   <li>{@code model-N.liblinear}: the N-th linear model in LIBLINEAR's own text format.</li>
 * </ul>
 * Files are written to a temporary name and moved into place, so a reader never sees half a model.
 */
public final class ModelFile {

    /**
     * Layout version written by this code; readers reject newer versions. Version 2 added feature blocks that
     * read the opening of the body ({@link FeatureBlock.Source#OPENING} with {@code openingChars}) and label
     * weights ({@link SolverSettings#balanceLabels()}); version 1 files have neither and are still read.
     */
    public static final int FORMAT_VERSION = 2;
    public static final String FORMAT = "yikou-text-classifier";
    public static final String CREATED_BY = "Yikou 0.1.0";

    private static final String MANIFEST = "manifest.json";
    private static final String VOCABULARY = "vocabulary.tsv";

    private ModelFile() {
    }

    /** Writes a model, replacing any file at {@code file}. */
    public static void write(CategoryModel model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary);
                 ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                Map<String, Object> manifest = new java.util.LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.put("metadata", model.metadata());
                zip.write(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();

                zip.putNextEntry(new ZipEntry(VOCABULARY));
                Writer vocabulary = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
                TextVectorizer vectorizer = model.vectorizer();
                for (int i = 0; i < vectorizer.size(); i++) {
                    String term = vectorizer.term(i);
                    if (term.indexOf('\t') >= 0 || term.indexOf('\n') >= 0) {
                        throw new IllegalStateException("term with a tab or line break: normalisation failed");
                    }
                    vocabulary.write(term);
                    vocabulary.write('\t');
                    vocabulary.write(Double.toString(vectorizer.idf(i)));
                    vocabulary.write('\n');
                }
                vocabulary.flush();
                zip.closeEntry();

                List<Model> models = model.models();
                for (int i = 0; i < models.size(); i++) {
                    // Model.save closes the writer it is given, so it writes to memory first.
                    java.io.StringWriter text = new java.io.StringWriter();
                    models.get(i).save(text);
                    zip.putNextEntry(new ZipEntry("model-" + i + ".liblinear"));
                    zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads a model and checks that its parts fit together.
     *
     * @throws ModelFileException naming the file and why it cannot be used
     */
    public static CategoryModel read(Path file) {
        Map<String, byte[]> entries = entries(file);
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) {
            throw new ModelFileException(file, "has no " + MANIFEST + ", so it is not a Yikou classifier model");
        }
        ModelMetadata metadata = metadata(file, manifestBytes);

        TextVectorizer vectorizer = vocabulary(file, entries.get(VOCABULARY), metadata);
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < metadata.settings().solvers().size(); i++) {
            byte[] bytes = entries.get("model-" + i + ".liblinear");
            if (bytes == null) {
                throw new ModelFileException(file, "lacks model-" + i + ".liblinear although the manifest lists "
                        + metadata.settings().solvers().size() + " solver(s)");
            }
            Model model;
            try {
                model = Model.load(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new ModelFileException(file, "model-" + i + ".liblinear is damaged: " + e.getMessage(), e);
            }
            if (model.getNrFeature() != vectorizer.size()) {
                throw new ModelFileException(file, "model-" + i + ".liblinear has " + model.getNrFeature()
                        + " features but the vocabulary has " + vectorizer.size());
            }
            models.add(model);
        }
        try {
            return new CategoryModel(metadata, vectorizer, models);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "parts do not fit together: " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> entries(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "does not exist; create it with: yikou kb train-classifier FILE --model "
                    + file);
        } catch (AccessDeniedException e) {
            throw new ModelFileException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
        }
        if (bytes.length == 0) {
            throw new ModelFileException(file, "is empty");
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                // Reading to the end makes ZipInputStream compare the entry's CRC-32.
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                zip.transferTo(content);
                entries.put(entry.getName(), content.toByteArray());
            }
        } catch (ZipException e) {
            throw new ModelFileException(file, "is damaged (" + e.getMessage() + "); retrain or restore it", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "is truncated or damaged (" + e + "); retrain or restore it", e);
        }
        if (entries.isEmpty()) {
            throw new ModelFileException(file, "is not a ZIP archive, so it is not a Yikou classifier model");
        }
        return entries;
    }

    private static ModelMetadata metadata(Path file, byte[] manifestBytes) {
        ObjectMapper mapper = JsonCodec.mapper();
        JsonNode manifest;
        try {
            manifest = mapper.readTree(manifestBytes);
        } catch (IOException e) {
            throw new ModelFileException(file, MANIFEST + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new ModelFileException(file, "has format '" + manifest.path("format").asText()
                    + "', expected '" + FORMAT + "'");
        }
        int version = manifest.path("metadata").path("formatVersion").asInt(-1);
        if (version < 1) {
            throw new ModelFileException(file, MANIFEST + " lacks a valid formatVersion");
        }
        if (version > FORMAT_VERSION) {
            throw new ModelFileException(file, String.format(Locale.ROOT,
                    "has format version %d but this Yikou reads up to version %d; upgrade Yikou or retrain the model",
                    version, FORMAT_VERSION));
        }
        try {
            ModelMetadata metadata = mapper.treeToValue(manifest.get("metadata"), ModelMetadata.class);
            if (metadata.labels().size() < 2 || metadata.settings() == null) {
                throw new ModelFileException(file, MANIFEST + " lists fewer than two labels or no settings");
            }
            return metadata;
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(file, MANIFEST + " has invalid metadata: " + e.getMessage(), e);
        }
    }

    private static TextVectorizer vocabulary(Path file, byte[] bytes, ModelMetadata metadata) {
        if (bytes == null) {
            throw new ModelFileException(file, "lacks " + VOCABULARY);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        if (count != metadata.vocabularySize()) {
            throw new ModelFileException(file, VOCABULARY + " has " + count + " terms but the manifest records "
                    + metadata.vocabularySize());
        }
        String[] terms = new String[count];
        double[] idf = new double[count];
        for (int i = 0; i < count; i++) {
            int tab = lines[i].lastIndexOf('\t');
            try {
                if (tab <= 0) {
                    throw new NumberFormatException("no tab");
                }
                terms[i] = lines[i].substring(0, tab);
                idf[i] = Double.parseDouble(lines[i].substring(tab + 1));
            } catch (NumberFormatException e) {
                throw new ModelFileException(file, VOCABULARY + " line " + (i + 1) + " is not 'term<TAB>idf'", e);
            }
        }
        try {
            return TextVectorizer.of(metadata.settings().features(), terms, idf);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, VOCABULARY + " is invalid: " + e.getMessage(), e);
        }
    }
}

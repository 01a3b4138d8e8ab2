package io.yikou.kb.classify;

import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kb.classifier} configuration section; every key is listed in {@code docs/configuration.md}.
 *
 * @param modelFile the configured model file, or empty to use {@code <data-dir>/kb/classifier.model} if present
 */
public record ClassifierOptions(Optional<Path> modelFile) {

    public static List<EnvOverride> envOverrides() {
        return List.of(new EnvOverride("YIKOU_KB_CLASSIFIER_MODEL", "kb.classifier.model-file"));
    }

    public static ClassifierOptions read(ConfigReader reader) {
        return new ClassifierOptions(reader.optionalString("kb.classifier.model-file").map(Path::of));
    }

    /** Returns the model file used when none is configured. */
    public static Path defaultModelFile(Path dataDir) {
        return dataDir.resolve("kb").resolve("classifier.model");
    }
}

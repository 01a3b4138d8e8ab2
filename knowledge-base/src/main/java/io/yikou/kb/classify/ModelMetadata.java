package io.yikou.kb.classify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Provenance and settings of a trained model, as its model file records them.
 *
 * @param formatVersion     version of the model file layout; see {@link ModelFile#FORMAT_VERSION}
 * @param labels            labels in model order
 * @param labelCounts       training examples per label
 * @param trainedAt         when training finished
 * @param trainingFile      name of the training file, without its directory
 * @param trainingSha256    SHA-256 of the training file's bytes, to tell which data a model came from
 * @param trainingRows      number of training examples
 * @param settings          feature and solver settings
 * @param vocabularySize    number of terms, which is also the highest feature index
 * @param createdBy         program and version that wrote the file
 */
public record ModelMetadata(int formatVersion, List<String> labels, Map<String, Integer> labelCounts,
                            Instant trainedAt, String trainingFile, String trainingSha256, int trainingRows,
                            TrainingSettings settings, int vocabularySize, String createdBy) {

    public ModelMetadata {
        labels = List.copyOf(labels);
        labelCounts = Map.copyOf(labelCounts);
    }
}

package io.yikou.kb.classify;

import java.util.List;

/**
 * Feature extraction settings: the blocks, and the vocabulary's document-frequency floor.
 *
 * @param blocks               feature blocks, at least one, with distinct names
 * @param minDocumentFrequency terms seen in fewer training documents are dropped, at least 1
 */
public record FeatureSettings(List<FeatureBlock> blocks, int minDocumentFrequency) {

    public FeatureSettings {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("at least one feature block is required");
        }
        if (blocks.stream().map(FeatureBlock::name).distinct().count() != blocks.size()) {
            throw new IllegalArgumentException("feature block names must be distinct: " + blocks);
        }
        if (minDocumentFrequency < 1) {
            throw new IllegalArgumentException("minDocumentFrequency must be at least 1, was " + minDocumentFrequency);
        }
    }

    /** Returns the comparison baseline: TF-IDF character 1- to 3-grams of title and body, every term kept. */
    public static FeatureSettings baseline() {
        return new FeatureSettings(List.of(
                new FeatureBlock("all", FeatureBlock.Source.ALL, FeatureBlock.Kind.CHARS, 1, 3, 1.0)), 1);
    }
}

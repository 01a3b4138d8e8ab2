package io.yikou.kb.classify;

import java.util.Locale;

/**
 * One group of features drawn from one part of a message with one tokenizer. Each block is TF-IDF
 * weighted and L2-normalised on its own, then scaled by {@code weight}, so a short title block is not
 * drowned by a long body.
 *
 * @param name      prefix of the block's vocabulary entries; letters, digits and hyphens
 * @param source    which text the block reads
 * @param kind      character n-grams or SmartChineseAnalyzer words
 * @param minN      shortest n-gram, at least 1
 * @param maxN      longest n-gram, from {@code minN} to 5
 * @param weight    scale applied after normalisation, greater than 0
 * @param openingChars for {@link Source#OPENING}, how many characters (code points) of the normalised body
 *                  the block reads, at least 1; 0 for the other sources. Model files of format version 1
 *                  lack this field, which then reads as 0.
 */
public record FeatureBlock(String name, Source source, Kind kind, int minN, int maxN, double weight,
                           int openingChars) {

    /** Which part of a message a block reads. */
    public enum Source {
        /** The title only; tickets without a title contribute nothing here. */
        TITLE,
        /** Title and body joined by a line break. */
        ALL,
        /**
         * The first {@code openingChars} characters of the body, where citizens usually name the place and the
         * problem. Unlike the title, every ticket has one, so it steadies the model on texts without a title.
         */
        OPENING
    }

    /** How a block splits text into terms. */
    public enum Kind {
        /** Overlapping character n-grams of the normalised text. */
        CHARS,
        /** Words from Lucene's SmartChineseAnalyzer and n-grams of adjacent words. */
        WORDS
    }

    public FeatureBlock {
        if (name == null || !name.matches("[a-z0-9-]{1,20}")) {
            throw new IllegalArgumentException("block name must be 1 to 20 of a-z, 0-9 and '-', was " + name);
        }
        if (minN < 1 || maxN < minN || maxN > 5) {
            throw new IllegalArgumentException("n-gram range of block " + name + " must satisfy 1 <= minN <= maxN <= 5,"
                    + " was " + minN + ".." + maxN);
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight of block " + name + " must be greater than 0, was " + weight);
        }
        if (source == Source.OPENING ? openingChars < 1 : openingChars != 0) {
            throw new IllegalArgumentException("block " + name + " must have openingChars "
                    + (source == Source.OPENING ? "of at least 1" : "0 because it does not read the opening")
                    + ", was " + openingChars);
        }
    }

    /** A block that reads the title or the whole message. */
    public FeatureBlock(String name, Source source, Kind kind, int minN, int maxN, double weight) {
        this(name, source, kind, minN, maxN, weight, 0);
    }

    /** Describes the block for model metadata and reports, such as {@code all=all:chars1-3x1.0}. */
    public String describe() {
        return name + "=" + source.name().toLowerCase(Locale.ROOT) + (source == Source.OPENING ? openingChars : "")
                + ":" + kind.name().toLowerCase(Locale.ROOT) + minN + "-" + maxN + "x" + weight;
    }
}

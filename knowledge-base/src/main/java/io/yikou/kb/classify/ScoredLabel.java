package io.yikou.kb.classify;

/**
 * A suggested label with its score.
 *
 * @param label the label, such as 城乡建设 or 投诉
 * @param score from 0 to 1; the scores of all labels of one suggestion list sum to 1
 */
public record ScoredLabel(String label, double score) {
}

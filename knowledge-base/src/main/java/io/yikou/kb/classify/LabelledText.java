package io.yikou.kb.classify;

/**
 * One training or evaluation example: a message's title and body with its top-level category label.
 *
 * @param title  short subject line; empty when the source has none, as for hotline tickets
 * @param detail the citizen's words
 * @param label  category label, such as 城乡建设
 * @param line   line in the source file where the record starts, for error messages; 0 when not from a file
 */
public record LabelledText(String title, String detail, String label, long line) {

    public LabelledText {
        title = title == null ? "" : title;
        detail = detail == null ? "" : detail;
    }
}

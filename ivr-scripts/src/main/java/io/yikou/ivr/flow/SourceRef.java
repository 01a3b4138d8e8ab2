package io.yikou.ivr.flow;

/**
 * A place in a flow file, for error messages: file name, 1-based line and column.
 *
 * @param file   file name as given to the parser, for example {@code main-menu.yaml}
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceRef(String file, int line, int column) {

    public static SourceRef unknown(String file) {
        return new SourceRef(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}

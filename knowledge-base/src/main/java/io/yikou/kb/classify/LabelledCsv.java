package io.yikou.kb.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled messages from a UTF-8 CSV file with a header row naming at least the columns
 * {@code title}, {@code detail} and {@code category_l1} (RFC 4180 quoting, so fields may contain
 * line breaks). Other columns are ignored.
 *
 * <p>The whole file is checked before anything is returned: a malformed file fails with every
 * problem's line number, and no partial list is handed to training.
 */
public final class LabelledCsv {

    public static final String TITLE = "title";
    public static final String DETAIL = "detail";
    public static final String LABEL = "category_l1";

    /** Problems listed in one exception before the rest are summarised as a count. */
    private static final int MAX_REPORTED_PROBLEMS = 20;

    private LabelledCsv() {
    }

    /** The examples of one file and the SHA-256 of its bytes, which model metadata records. */
    public record Contents(List<LabelledText> rows, String sha256) {
    }

    /**
     * Reads and validates a file.
     *
     * @throws InvalidTrainingDataException naming the file and the offending lines
     */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidTrainingDataException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidTrainingDataException(file + ": cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidTrainingDataException(file + ": not valid UTF-8 text; save the file as UTF-8 and retry");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Contents(parse(new StringReader(text), file.toString()), sha256(bytes));
    }

    /** Reads examples from a stream, for tests and for callers that hold the data in memory. */
    public static List<LabelledText> read(InputStream in, String sourceName) throws IOException {
        return parse(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)), sourceName);
    }

    private static List<LabelledText> parse(Reader reader, String source) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).build();
        List<LabelledText> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        try (CSVParser parser = format.parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = new ArrayList<>();
            for (String column : List.of(TITLE, DETAIL, LABEL)) {
                if (!header.containsKey(column)) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidTrainingDataException(source + " line 1: the header lacks column(s) "
                        + String.join(", ", missing) + "; expected at least title, detail, category_l1");
            }
            // Fields may span lines, so a record starts on the line after the previous record ended.
            long previousEnd = parser.getCurrentLineNumber();
            Iterator<CSVRecord> records = parser.iterator();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                String problem = check(record, header.size());
                if (problem != null) {
                    if (problemCount++ < MAX_REPORTED_PROBLEMS) {
                        problems.add("line " + line + ": " + problem);
                    }
                    continue;
                }
                rows.add(new LabelledText(record.get(TITLE).strip(), record.get(DETAIL).strip(),
                        record.get(LABEL).strip(), line));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new InvalidTrainingDataException(source + ": malformed CSV: " + rootMessage(e));
        }
        if (problemCount > 0) {
            String more = problemCount > problems.size()
                    ? "\n  ... and " + (problemCount - problems.size()) + " more" : "";
            throw new InvalidTrainingDataException(source + ": " + problemCount + " invalid record(s):\n  "
                    + String.join("\n  ", problems) + more);
        }
        if (rows.isEmpty()) {
            throw new InvalidTrainingDataException(source + ": no data rows after the header");
        }
        return rows;
    }

    private static String check(CSVRecord record, int columns) {
        if (!record.isConsistent()) {
            return "has " + record.size() + " fields, the header has " + columns;
        }
        if (record.get(LABEL).isBlank()) {
            return "category_l1 is empty";
        }
        if (record.get(TITLE).isBlank() && record.get(DETAIL).isBlank()) {
            return "title and detail are both empty";
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}

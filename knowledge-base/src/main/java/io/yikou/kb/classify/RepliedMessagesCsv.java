package io.yikou.kb.classify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads messages with their official replies from a UTF-8 CSV file with a header row naming at least
 * {@code title}, {@code detail} and {@code reply}, and labels each message with {@link DepartmentRule}.
 * Only the message's title and body become training text. The reply decides the label and is then dropped,
 * because a ticket being classified has no reply yet.
 */
public final class RepliedMessagesCsv {

    public static final String REPLY = "reply";

    private RepliedMessagesCsv() {
    }

    /**
     * The messages the rule labelled, and how many rows the file had.
     *
     * @param labelled examples with the rule's label, in file order
     * @param rows     data rows read, labelled or not
     */
    public record Contents(List<LabelledText> labelled, int rows) {
    }

    /**
     * Reads a file and labels its messages.
     *
     * @throws InvalidTrainingDataException when the file is missing, unreadable or lacks a column
     */
    public static Contents read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidTrainingDataException(file + ": file not found");
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new InvalidTrainingDataException(file + ": failed to read as UTF-8 CSV: " + e.getMessage());
        }
    }

    static Contents parse(Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).build();
        List<LabelledText> labelled = new ArrayList<>();
        int rows = 0;
        try (CSVParser parser = format.parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : List.of(LabelledCsv.TITLE, LabelledCsv.DETAIL, REPLY)) {
                if (header == null || !header.containsKey(column)) {
                    throw new InvalidTrainingDataException(source + " line 1: the header lacks column " + column
                            + "; expected at least title, detail, reply");
                }
            }
            long previousEnd = parser.getCurrentLineNumber();
            for (CSVRecord record : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                rows++;
                if (!record.isConsistent()) {
                    throw new InvalidTrainingDataException(source + " line " + line + ": has " + record.size()
                            + " fields, the header has " + header.size());
                }
                String title = record.get(LabelledCsv.TITLE).strip();
                String detail = record.get(LabelledCsv.DETAIL).strip();
                Optional<String> label = DepartmentRule.label(record.get(REPLY));
                if (label.isPresent() && !(title.isEmpty() && detail.isEmpty())) {
                    labelled.add(new LabelledText(title, detail, label.get(), line));
                }
            }
        }
        return new Contents(List.copyOf(labelled), rows);
    }
}

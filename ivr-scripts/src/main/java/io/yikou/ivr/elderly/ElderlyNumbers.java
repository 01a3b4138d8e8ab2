package io.yikou.ivr.elderly;

import io.yikou.ivr.flow.SourceRef;
import io.yikou.ivr.validate.FlowProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registered elderly citizens' phone numbers (老年人登记号码), read from a text file with one
 * number per line; {@code #} starts a comment. Numbers are compared in {@link PhoneNumbers#normalize}
 * form. Immutable and thread-safe.
 */
public final class ElderlyNumbers {

    public static final ElderlyNumbers EMPTY = new ElderlyNumbers(Set.of());

    private final Set<String> numbers;

    private ElderlyNumbers(Set<String> numbers) {
        this.numbers = Set.copyOf(numbers);
    }

    /** The list and the lines that held no phone number. */
    public record Result(ElderlyNumbers numbers, List<FlowProblem> problems) {
    }

    public static ElderlyNumbers of(Collection<String> numbers) {
        Set<String> normalized = new HashSet<>();
        numbers.forEach(n -> PhoneNumbers.normalize(n).ifPresent(normalized::add));
        return new ElderlyNumbers(normalized);
    }

    /**
     * Reads a list file.
     *
     * @throws IOException when the file cannot be read
     */
    public static Result load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<String> numbers = new HashSet<>();
        List<FlowProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            Optional<String> number = text.matches("[+0-9() -]{3,32}") ? PhoneNumbers.normalize(text) : Optional.empty();
            if (number.isEmpty() || number.get().length() < 3) {
                problems.add(FlowProblem.warning("invalid-number", new SourceRef(file.toString(), i + 1, 1),
                        "line " + (i + 1) + " holds no phone number; it is skipped"));
                continue;
            }
            numbers.add(number.get());
        }
        return new Result(new ElderlyNumbers(numbers), problems);
    }

    /** Returns a list with these numbers added. */
    public ElderlyNumbers plus(Collection<String> more) {
        Set<String> all = new HashSet<>(numbers);
        more.forEach(n -> PhoneNumbers.normalize(n).ifPresent(all::add));
        return new ElderlyNumbers(all);
    }

    public boolean contains(String callerNumber) {
        return PhoneNumbers.normalize(callerNumber).map(numbers::contains).orElse(false);
    }

    public int size() {
        return numbers.size();
    }
}

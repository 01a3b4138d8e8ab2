package io.yikou.ivr.prompt;

import io.yikou.ivr.flow.Language;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns numbers and digit strings into prompt ids, so values are spoken from recordings alone.
 *
 * <p>Mandarin follows the usual spoken forms: 十五 (not 一十五) at the start, 一百一十 inside,
 * one 零 for each run of zeros (一千零五), 两 for a leading 2 before 百, 千 or 万, and 万 groups up
 * to 99,999,999. English reads up to 999,999 without "and" (3,405 as three thousand four hundred five).
 * Larger numbers are read digit by digit. Stateless and thread-safe.
 */
public final class NumberReader {

    static final String TEN_THOUSAND = "number-ten-thousand";
    static final String THOUSAND = "number-thousand";
    static final String HUNDRED = "number-hundred";
    static final String TEN = "number-10";
    static final String LIANG = "number-liang";

    private static final long MAX_MANDARIN = 99_999_999L;
    private static final long MAX_ENGLISH = 999_999L;

    private NumberReader() {
    }

    /** Returns the prompt ids that read {@code value} in {@code language}; negatives are read without sign. */
    public static List<String> number(long value, Language language) {
        long n = Math.abs(value);
        if (n == 0) {
            return List.of(number(0));
        }
        if (language == Language.MANDARIN) {
            return n > MAX_MANDARIN ? digitsOf(Long.toString(n), true) : mandarin(n);
        }
        return n > MAX_ENGLISH ? digitsOf(Long.toString(n), true) : english(n);
    }

    /**
     * Returns one {@code digit-N} prompt per decimal digit of {@code text}, skipping other characters
     * such as the dashes of a ticket number. In Mandarin the digit prompt for 1 is recorded as 幺 (yāo),
     * as hotlines read numbers.
     */
    public static List<String> digits(String text) {
        return digitsOf(text, false);
    }

    private static List<String> digitsOf(String text, boolean asNumberWords) {
        List<String> ids = new ArrayList<>();
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9') {
                ids.add(asNumberWords ? number(c - '0') : EnginePrompts.digit(c));
            }
        }
        return ids;
    }

    private static List<String> mandarin(long n) {
        List<String> ids = new ArrayList<>();
        int high = (int) (n / 10_000);
        int low = (int) (n % 10_000);
        if (high > 0) {
            if (high == 2) {
                ids.add(LIANG);
            } else {
                mandarinSection(high, true, ids);
            }
            ids.add(TEN_THOUSAND);
            if (low > 0 && low < 1000) {
                ids.add(number(0));
            }
            if (low > 0) {
                mandarinSection(low, false, ids);
            }
            return ids;
        }
        mandarinSection(low, true, ids);
        return ids;
    }

    /** Reads 1..9999; {@code leading} is true when this section starts the spoken number. */
    private static void mandarinSection(int value, boolean leading, List<String> ids) {
        String[] units = {THOUSAND, HUNDRED, TEN, null};
        int[] digits = {value / 1000, value / 100 % 10, value / 10 % 10, value % 10};
        boolean started = false;
        boolean zeroPending = false;
        for (int i = 0; i < 4; i++) {
            int d = digits[i];
            if (d == 0) {
                zeroPending = started;
                continue;
            }
            if (zeroPending) {
                ids.add(number(0));
                zeroPending = false;
            }
            boolean first = !started && leading;
            if (units[i] == TEN && d == 1 && first) {
                // 十五, not 一十五, when nothing comes before.
            } else if (d == 2 && first && (units[i] == THOUSAND || units[i] == HUNDRED)) {
                ids.add(LIANG);
            } else {
                ids.add(number(d));
            }
            if (units[i] != null) {
                ids.add(units[i]);
            }
            started = true;
        }
    }

    private static List<String> english(long n) {
        List<String> ids = new ArrayList<>();
        if (n >= 1000) {
            englishBelowThousand((int) (n / 1000), ids);
            ids.add(THOUSAND);
        }
        if (n % 1000 > 0) {
            englishBelowThousand((int) (n % 1000), ids);
        }
        return ids;
    }

    private static void englishBelowThousand(int value, List<String> ids) {
        if (value >= 100) {
            ids.add(number(value / 100));
            ids.add(HUNDRED);
        }
        int rest = value % 100;
        if (rest == 0) {
            return;
        }
        if (rest < 20) {
            ids.add(number(rest));
            return;
        }
        ids.add(number(rest / 10 * 10));
        if (rest % 10 > 0) {
            ids.add(number(rest % 10));
        }
    }

    private static String number(int n) {
        return "number-" + n;
    }

    /** Every prompt id this reader can return besides the {@code digit-N} prompts. */
    static List<String> promptIds() {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            ids.add(number(n));
        }
        for (int n = 20; n < 100; n += 10) {
            ids.add(number(n));
        }
        ids.addAll(List.of(HUNDRED, THOUSAND, TEN_THOUSAND, LIANG));
        return ids;
    }
}

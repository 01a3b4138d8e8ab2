package io.yikou.ivr.flow;

/**
 * DTMF keys. Phones send 0-9, {@code *} and {@code #}. DTMF also defines A-D, but almost no
 * citizen's phone has those keys, so the validator warns when a flow uses them.
 */
public final class Dtmf {

    /** Every key a phone keypad sends, as AGI escape digits. */
    public static final String KEYPAD = "0123456789*#";
    /** The keypad plus the rarely available A-D column. */
    public static final String ALL = KEYPAD + "ABCD";

    private Dtmf() {
    }

    public static boolean isKey(char c) {
        return ALL.indexOf(Character.toUpperCase(c)) >= 0;
    }

    public static boolean isKeypadKey(char c) {
        return KEYPAD.indexOf(c) >= 0;
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

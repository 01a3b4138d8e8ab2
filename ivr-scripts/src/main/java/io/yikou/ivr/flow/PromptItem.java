package io.yikou.ivr.flow;

/**
 * One thing to play in a prompt list: a recorded prompt from the catalogue, or a flow variable read
 * out with the recorded digit and number prompts (the text-to-prompt step, so no TTS engine is needed).
 */
public sealed interface PromptItem permits PromptItem.Recorded, PromptItem.SayDigits, PromptItem.SayNumber {

    SourceRef source();

    /** A prompt id from the catalogue, such as {@code welcome}. */
    record Recorded(String id, SourceRef source) implements PromptItem {
    }

    /** Reads the digits of a variable one by one ({@code 96010...} as 九 六 零 幺 零 ...). */
    record SayDigits(String variable, SourceRef source) implements PromptItem {
    }

    /** Reads a variable as a whole number (3 as 三, 25 as 二十五). */
    record SayNumber(String variable, SourceRef source) implements PromptItem {
    }
}

package io.yikou.ivr.flow;

import java.time.Duration;
import java.util.List;

/**
 * Waiting settings of an input node, and the prompts it plays after no input or invalid input.
 *
 * @param timeout         wait for the first key after the prompts end
 * @param retries         further attempts after the first; 2 means the caller hears the menu three times
 * @param noInputPrompts  played before a retry when nothing was pressed
 * @param invalidPrompts  played before a retry when the input was not accepted
 */
public record InputSettings(Duration timeout, int retries, List<PromptItem> noInputPrompts,
                            List<PromptItem> invalidPrompts) {

    public InputSettings {
        noInputPrompts = List.copyOf(noInputPrompts);
        invalidPrompts = List.copyOf(invalidPrompts);
    }
}

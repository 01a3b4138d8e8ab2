package io.yikou.ivr.runtime;

import io.yikou.ivr.flow.Language;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to call the citizen back instead of keeping them waiting, keeping their place.
 *
 * @param call           the call it was made on
 * @param callbackNumber the number to call; the caller's own number unless they typed another
 * @param queue          the queue whose turn the callback takes
 * @param priority       the queue priority the caller had, elderly boost included
 * @param language       the caller's language, for the agent who calls back
 * @param elderly        whether the caller was in elderly mode
 * @param requestedAt    when the caller asked
 * @param waitingSince   when the caller joined the queue, from the channel variable
 *                       {@code YIKOU_QUEUE_JOINED} (epoch seconds) if the dialplan set it; the
 *                       callback keeps this place
 * @param queuePosition  the caller's position when they left the queue, from app_queue's
 *                       {@code QUEUEPOSITION} channel variable, if set
 */
public record CallbackRequest(CallInfo call, String callbackNumber, String queue, int priority, Language language,
                              boolean elderly, Instant requestedAt, Optional<Instant> waitingSince,
                              OptionalInt queuePosition) {
}

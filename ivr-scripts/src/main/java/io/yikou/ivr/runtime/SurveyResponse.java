package io.yikou.ivr.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * A satisfaction rating given on a call.
 *
 * @param call         the call it was given on (its contact id, when known)
 * @param ticketNumber the ticket the rating is for, from the channel variable the survey node names
 * @param rating       the caller's rating
 * @param answeredAt   when the key was pressed
 */
public record SurveyResponse(CallInfo call, Optional<String> ticketNumber, SurveyRating rating, Instant answeredAt) {
}

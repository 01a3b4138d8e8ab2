package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The case system's record for a routed ticket.
 *
 * @param system      connector type that created it, {@code open311} or {@code webhook}
 * @param caseId      the case system's id, {@code null} while only a token is known
 * @param token       Open311 batch token to exchange for the id later, or {@code null}
 * @param submittedAt when the case system acknowledged the submission
 * @param notice      the case system's notice to the citizen, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseReference(String system, String caseId, String token, Instant submittedAt, String notice) {

    public CaseReference withCaseId(String id) {
        return new CaseReference(system, id, token, submittedAt, notice);
    }
}

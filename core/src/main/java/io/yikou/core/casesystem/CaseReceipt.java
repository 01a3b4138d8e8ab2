package io.yikou.core.casesystem;

/**
 * The case system's acknowledgement of a submission: an id at once, a token to exchange for the id
 * later (Open311 batch services), or neither when the id will arrive with a case event.
 *
 * @param caseId the case system's id, or {@code null}
 * @param token  token to resolve later, or {@code null}
 * @param notice the case system's notice for the citizen, or {@code null}
 */
public record CaseReceipt(String caseId, String token, String notice) {
}

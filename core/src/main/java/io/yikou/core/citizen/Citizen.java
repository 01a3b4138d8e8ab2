package io.yikou.core.citizen;

import java.time.Instant;
import java.util.List;

/**
 * A citizen known to the hotline through one or more channel identities.
 *
 * @param id         stable id such as {@code P-3f2a...}
 * @param identities phone numbers, openids and uids seen for this person
 * @param elderly    registered as elderly, which raises queue priority and slows IVR prompts
 * @param createdAt  first contact
 */
public record Citizen(String id, List<Identity> identities, boolean elderly, Instant createdAt) {

    public Citizen {
        identities = List.copyOf(identities);
    }
}

package io.yikou.core.citizen;

import io.vertx.core.Future;
import java.util.Optional;

/** Finds citizens by channel identity, creating them on first contact. */
public interface CitizenRegistry {

    /** Returns the citizen holding the identity, creating one atomically if none does. */
    Future<Citizen> resolve(Identity identity);

    Future<Optional<Citizen>> find(String id);
}

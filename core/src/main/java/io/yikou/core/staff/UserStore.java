package io.yikou.core.staff;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Staff accounts in Redis, shared by every node. Thread-safe. */
public interface UserStore {

    /**
     * Stores a new account unless its login name is taken; name check and write are one atomic step.
     *
     * @return {@code true} when stored, {@code false} when the name belongs to another account
     */
    Future<Boolean> create(StaffUser user);

    Future<Optional<StaffUser>> find(String id);

    /** Finds an account by its normalised login name. */
    Future<Optional<StaffUser>> findByUsername(String username);

    /** Lists every account, ordered by login name. */
    Future<List<StaffUser>> list();

    /**
     * Applies a change and writes it only if nobody changed the account in between; on a concurrent
     * change the function runs again on the fresh record (at most a few times). Exceptions the function
     * throws fail the future unchanged.
     *
     * @return the stored account, or empty when no account has that id
     */
    Future<Optional<StaffUser>> update(String id, UnaryOperator<StaffUser> change);
}

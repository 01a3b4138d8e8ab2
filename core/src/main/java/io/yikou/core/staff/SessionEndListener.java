package io.yikou.core.staff;

/**
 * Receives the end of a person's last staff session, so modules such as agent state can react
 * without the staff package depending on them. Called on the event loop of the request or timer
 * that noticed the end; an implementation must not block and must handle its own failures.
 */
@FunctionalInterface
public interface SessionEndListener {

    /**
     * Reports that a user has no live session any more.
     *
     * @param userId the account
     * @param cause  {@code logout}, {@code expired}, {@code disabled} or {@code password_reset}
     */
    void sessionEnded(String userId, String cause);
}

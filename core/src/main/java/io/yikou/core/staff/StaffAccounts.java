package io.yikou.core.staff;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.yikou.core.audit.AuditActions;
import io.yikou.core.audit.AuditEntry;
import io.yikou.core.audit.AuditLog;
import io.yikou.core.http.ApiException;
import io.yikou.core.http.FieldError;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manages staff accounts: create, change display name, role or enabled state, reset and change
 * passwords, and the first administrator of a fresh install. Every change is audit-logged and logged
 * with opaque user ids. Password hashing runs on a dedicated worker pool. Thread-safe.
 */
public final class StaffAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(StaffAccounts.class);

    /** A new account as requested. */
    public record NewUser(String username, String displayName, Role role, String password) {
    }

    /** Changes to an account; empty components stay as they are. */
    public record UserChanges(Optional<String> displayName, Optional<Role> role, Optional<Boolean> enabled) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final PasswordHashing hashing;
    private final WorkerExecutor hashingPool;
    private final AuditLog audit;
    private final StaffOptions options;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SessionEndListeners ended;

    public StaffAccounts(UserStore users, SessionStore sessions, LoginThrottle throttle, PasswordHashing hashing,
                         WorkerExecutor hashingPool, AuditLog audit, StaffOptions options, Clock clock,
                         SessionEndListeners ended) {
        this.ended = ended;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.hashing = hashing;
        this.hashingPool = hashingPool;
        this.audit = audit;
        this.options = options;
        this.clock = clock;
    }

    public Future<List<StaffUser>> list() {
        return users.list();
    }

    /** Returns an account, or fails with 404 {@code user_not_found}. */
    public Future<StaffUser> get(String id) {
        return users.find(id).map(found -> found.orElseThrow(() -> ApiException.notFound("user_not_found")));
    }

    /**
     * Creates an account.
     *
     * @throws ApiException (in the future) 400 listing invalid fields, 409 {@code username_taken}
     */
    public Future<StaffUser> create(StaffPrincipal actor, NewUser request, String address) {
        String username = Usernames.normalize(request.username());
        String displayName = request.displayName() == null ? "" : request.displayName().strip();
        List<FieldError> errors = new ArrayList<>();
        AccountRules.checkUsername(username, errors);
        AccountRules.checkDisplayName(displayName, errors);
        if (request.role() == null) {
            errors.add(FieldError.of("role", "invalid_role"));
        }
        AccountRules.checkPassword("password", request.password(), username, options.passwordMinLength(), errors);
        if (!errors.isEmpty()) {
            return Future.failedFuture(ApiException.invalid(errors));
        }

        return hash(request.password()).compose(hash -> {
            Instant now = clock.instant();
            StaffUser user = new StaffUser(newId(), username, displayName, request.role(), true, hash, now, now, now,
                    1);
            return users.create(user).compose(stored -> {
                if (!stored) {
                    return Future.failedFuture(ApiException.of(409, "username_taken"));
                }
                LOG.info("{} created user {} with role {}", actor.actor(), user.id(), user.role().code());
                return audit.append(AuditEntry.by(actor, AuditActions.USER_CREATE, now).withTargetUser(user.id())
                        .withAddress(address).withDetail("role=" + user.role().code())).map(user);
            });
        });
    }

    /**
     * Changes display name, role or enabled state. Disabling ends the account's sessions; a role change
     * applies to its next request. People cannot disable or demote their own account, so an
     * administrator cannot lock everybody out by accident.
     */
    public Future<StaffUser> update(StaffPrincipal actor, String id, UserChanges changes, String address) {
        List<FieldError> errors = new ArrayList<>();
        changes.displayName().ifPresent(name -> AccountRules.checkDisplayName(name.strip(), errors));
        if (!errors.isEmpty()) {
            return Future.failedFuture(ApiException.invalid(errors));
        }
        boolean own = actor.isPerson() && actor.userId().equals(id);
        if (own && (changes.enabled().isPresent() || changes.role().isPresent())) {
            return Future.failedFuture(ApiException.of(409, "own_account_locked"));
        }

        Instant now = clock.instant();
        List<String> changed = new ArrayList<>();
        return users.update(id, user -> {
            changed.clear();
            StaffUser result = user;
            if (changes.displayName().isPresent() && !changes.displayName().get().strip().equals(user.displayName())) {
                result = result.withDisplayName(changes.displayName().get().strip(), now);
                changed.add("displayName");
            }
            if (changes.role().isPresent() && changes.role().get() != user.role()) {
                result = result.withRole(changes.role().get(), now);
                changed.add("role=" + user.role().code() + "->" + changes.role().get().code());
            }
            if (changes.enabled().isPresent() && changes.enabled().get() != user.enabled()) {
                result = result.withEnabled(changes.enabled().get(), now);
                changed.add(changes.enabled().get() ? "enabled" : "disabled");
            }
            return result;
        }).compose(found -> {
            StaffUser user = found.orElseThrow(() -> ApiException.notFound("user_not_found"));
            if (changed.isEmpty()) {
                return Future.succeededFuture(user);
            }
            String detail = String.join(", ", changed);
            LOG.info("{} changed user {}: {}", actor.actor(), id, detail);
            Future<Integer> revoked = user.enabled() ? Future.succeededFuture(0) : sessions.revokeAll(id);
            return revoked.compose(count -> {
                        if (count > 0) {
                            LOG.info("Ended {} sessions of disabled user {}", count, id);
                        }
                        if (!user.enabled()) {
                            this.ended.fire(id, "disabled");
                        }
                        return audit.append(AuditEntry.by(actor, AuditActions.USER_UPDATE, now).withTargetUser(id)
                                .withAddress(address).withDetail(detail));
                    })
                    .map(user);
        });
    }

    /** Sets a new password chosen by an administrator; ends the account's sessions and login lockout. */
    public Future<Void> resetPassword(StaffPrincipal actor, String id, String password, String address) {
        return get(id).compose(user -> {
            List<FieldError> errors = new ArrayList<>();
            AccountRules.checkPassword("password", password, user.username(), options.passwordMinLength(), errors);
            if (!errors.isEmpty()) {
                return Future.failedFuture(ApiException.invalid(errors));
            }
            return hash(password)
                    .compose(hash -> users.update(id, current -> current.withPasswordHash(hash, clock.instant())))
                    .compose(updated -> sessions.revokeAll(id))
                    .compose(count -> throttle.clear(user.username()).map(count))
                    .compose(count -> {
                        LOG.info("{} reset the password of user {}; ended {} sessions", actor.actor(), id, count);
                        this.ended.fire(id, "password_reset");
                        return audit.append(AuditEntry.by(actor, AuditActions.USER_PASSWORD_RESET, clock.instant())
                                .withTargetUser(id).withAddress(address));
                    });
        });
    }

    /**
     * Changes a person's own password after checking the current one. Other sessions of the account
     * end; the one making the request stays.
     */
    public Future<Void> changeOwnPassword(StaffPrincipal actor, String current, String next, String address) {
        if (!actor.isPerson()) {
            return Future.failedFuture(ApiException.of(403, "forbidden"));
        }
        return get(actor.userId()).compose(user -> {
            List<FieldError> errors = new ArrayList<>();
            AccountRules.checkPassword("newPassword", next, user.username(), options.passwordMinLength(), errors);
            if (!errors.isEmpty()) {
                return Future.failedFuture(ApiException.invalid(errors));
            }
            String given = current == null ? "" : current;
            return hashingPool.<Boolean>executeBlocking(() -> hashing.matches(given, user.passwordHash()), false)
                    .compose(matches -> {
                        if (!matches) {
                            return Future.failedFuture(ApiException.invalid(List.of(
                                    FieldError.of("currentPassword", "wrong_password"))));
                        }
                        return hash(next);
                    })
                    .compose(hash -> users.update(user.id(), u -> u.withPasswordHash(hash, clock.instant())))
                    .compose(updated -> sessions.revokeAllExcept(user.id(), actor.sessionId()))
                    .compose(ended -> {
                        LOG.info("User {} changed their password; ended {} other sessions", user.id(), ended);
                        return audit.append(AuditEntry.by(actor, AuditActions.PASSWORD_CHANGE, clock.instant())
                                .withTargetUser(user.id()).withAddress(address));
                    });
        });
    }

    /**
     * Creates the first administrator from {@code security.bootstrap-admin.*} when a password is
     * configured and no administrator exists yet. Safe to run on several nodes at once: the login name
     * is claimed atomically, so at most one of them creates the account.
     *
     * @return the account created, or empty when nothing was to be done
     */
    public Future<Optional<StaffUser>> ensureBootstrapAdmin() {
        if (options.bootstrapPassword().isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return users.list().compose(all -> {
            boolean hasAdmin = all.stream().anyMatch(u -> u.role() == Role.ADMINISTRATOR && u.enabled());
            if (hasAdmin) {
                LOG.debug("An administrator exists; the bootstrap password is not used");
                return Future.succeededFuture(Optional.<StaffUser>empty());
            }
            NewUser admin = new NewUser(options.bootstrapUsername(), options.bootstrapUsername(), Role.ADMINISTRATOR,
                    options.bootstrapPassword().get());
            return create(StaffPrincipal.system("bootstrap"), admin, null)
                    .map(user -> {
                        LOG.info("Created the first administrator {} ({}) from security.bootstrap-admin",
                                user.id(), user.username());
                        return Optional.of(user);
                    })
                    .recover(error -> {
                        if (error instanceof ApiException api && api.code().equals("username_taken")) {
                            LOG.warn("No enabled administrator exists, but the bootstrap name {} is taken;"
                                    + " create one with 'yikou user add --role administrator NAME'",
                                    options.bootstrapUsername());
                            return Future.succeededFuture(Optional.empty());
                        }
                        return Future.failedFuture(error);
                    });
        });
    }

    private Future<String> hash(String password) {
        return hashingPool.executeBlocking(() -> hashing.hash(password), false);
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "u-" + HexFormat.of().formatHex(bytes);
    }
}

package io.yikou.core.staff;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * with a 16-byte random salt and a 32-byte hash. Hashing is deliberately slow and memory-hungry: call
 * it on a worker thread, never on an event loop. Thread-safe.
 */
public final class PasswordHashing {

    private final Argon2PasswordEncoder encoder;
    /** A hash of a random password, checked when the login name is unknown so both cases take as long. */
    private final String decoy;

    /**
     * @param memoryKib  memory cost in KiB (19 MiB is OWASP's minimum recommendation for Argon2id)
     * @param iterations time cost
     */
    public PasswordHashing(int memoryKib, int iterations) {
        this.encoder = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
        this.decoy = encoder.encode(java.util.UUID.randomUUID().toString());
    }

    /** Hashes a password with a fresh salt. */
    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Tells whether a password matches a stored hash; a malformed hash matches nothing. */
    public boolean matches(String password, String hash) {
        return hash != null && encoder.matches(password, hash);
    }

    /** Spends the time of one check against a hash that matches nothing, for unknown login names. */
    public void checkDecoy(String password) {
        encoder.matches(password, decoy);
    }

    /** Tells whether a stored hash used weaker settings than the current ones and should be replaced. */
    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}

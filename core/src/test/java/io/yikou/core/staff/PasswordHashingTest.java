package io.yikou.core.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    /** Small costs keep the test quick; the format and checks are the same as with the defaults. */
    private final PasswordHashing hashing = new PasswordHashing(8 * 1024, 1);

    @Test
    void hashIsArgon2idPhcString() {
        String hash = hashing.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        assertThat(hash).doesNotContain("correct horse battery");
    }

    @Test
    void matchingPasswordIsAccepted() {
        String hash = hashing.hash("correct horse battery");

        assertThat(hashing.matches("correct horse battery", hash)).isTrue();
    }

    @Test
    void wrongPasswordIsRejected() {
        String hash = hashing.hash("correct horse battery");

        assertThat(hashing.matches("correct horse batterY", hash)).isFalse();
        assertThat(hashing.matches("", hash)).isFalse();
    }

    @Test
    void malformedHashMatchesNothing() {
        assertThat(hashing.matches("anything", "not-a-hash")).isFalse();
        assertThat(hashing.matches("anything", null)).isFalse();
    }

    @Test
    void sameSecretHashesDifferently() {
        assertThat(hashing.hash("correct horse battery")).isNotEqualTo(hashing.hash("correct horse battery"));
    }

    @Test
    void chineseAndEmojiPasswordsRoundTrip() {
        String password = "东城区热线😀密码";
        String hash = hashing.hash(password);

        assertThat(hashing.matches(password, hash)).isTrue();
        assertThat(hashing.matches("东城区热线😀密玛", hash)).isFalse();
    }

    @Test
    void weakerHashNeedsRehash() {
        String weak = new PasswordHashing(4 * 1024, 1).hash("correct horse battery");

        assertThat(hashing.needsRehash(weak)).isTrue();
        assertThat(hashing.needsRehash(hashing.hash("correct horse battery"))).isFalse();
    }

    @Test
    void decoyCheckMatchesNothing() {
        hashing.checkDecoy("correct horse battery");
        // The decoy exists only to spend time; it must never turn an unknown name into a login.
        assertThat(hashing.matches("correct horse battery", null)).isFalse();
    }
}

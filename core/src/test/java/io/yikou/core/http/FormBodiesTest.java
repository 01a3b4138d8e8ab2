package io.yikou.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodiesTest {

    private static MultiMap decode(String body) {
        return FormBodies.urlEncoded(Buffer.buffer(body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void assertRejected(String body, String code) {
        assertThatThrownBy(() -> decode(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                });
    }

    @Test
    void decodesPercentEscapesAndPlus() {
        MultiMap fields = decode("name=%E5%BC%A0%E4%B8%89&text=a+b%2Bc&empty=&flag");

        assertThat(fields.get("name")).isEqualTo("张三");
        assertThat(fields.get("text")).isEqualTo("a b+c");
        assertThat(fields.get("empty")).isEmpty();
        assertThat(fields.get("flag")).isEmpty();
    }

    @Test
    void keepsRepeatedNamesInOrder() {
        assertThat(decode("a=1&&a=2&b=3").getAll("a")).containsExactly("1", "2");
    }

    @Test
    void acceptsRawUtf8Bytes() {
        byte[] raw = "city=北京".getBytes(StandardCharsets.UTF_8);

        assertThat(FormBodies.urlEncoded(Buffer.buffer(raw)).get("city")).isEqualTo("北京");
    }

    @Test
    void rejectsInvalidUtf8() {
        assertRejected("text=%FF%FE", "invalid_utf8");
        assertRejected("text=%E4%B8", "invalid_utf8");
        assertRejected("text=\u00ff", "invalid_utf8");
        assertRejected("%C3=x", "invalid_utf8");
    }

    @Test
    void rejectsMalformedEscapes() {
        assertRejected("text=%ZZ", "malformed_form");
        assertRejected("text=abc%", "malformed_form");
        assertRejected("text=abc%4", "malformed_form");
    }

    @Test
    void rejectsTooManyFields() {
        assertRejected("a=1&".repeat(FormBodies.MAX_FIELDS + 1), "malformed_form");
        assertThat(decode("a=1&".repeat(FormBodies.MAX_FIELDS)).getAll("a")).hasSize(FormBodies.MAX_FIELDS);
    }

    @Test
    void emptyBodyHasNoFields() {
        assertThat(FormBodies.urlEncoded(Buffer.buffer()).isEmpty()).isTrue();
        assertThat(FormBodies.urlEncoded(null).isEmpty()).isTrue();
    }
}

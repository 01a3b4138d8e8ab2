package io.yikou.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikou.channels.wechat.crypto.WechatCrypto;
import io.yikou.channels.wechat.crypto.WechatCryptoException;
import io.yikou.testkit.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the message crypto against WeChat's and WeCom's official test vectors. */
class WechatCryptoTest {

    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        vectors = new ObjectMapper().readTree(SharedData.require("spec/wechat-crypto-test-vectors.json").toFile())
                .get("vectors");
    }

    private static JsonNode vector(String id) {
        for (JsonNode v : vectors) {
            if (v.get("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("vector " + id + " missing");
    }

    @Test
    void officialAccountVectorDecryptsVerifiesAndReEncrypts() {
        JsonNode v = vector("WX-MP-1");
        JsonNode expected = v.get("expected");
        WechatCrypto crypto = new WechatCrypto(v.get("encoding_aes_key").asText(), v.get("appid").asText());
        String encrypt = v.get("encrypt").asText();

        assertThat(WechatCrypto.signature(v.get("token").asText(), v.get("timestamp").asText(),
                v.get("nonce").asText(), encrypt)).isEqualTo(v.get("msg_signature").asText());
        assertThat(WechatCrypto.signature(v.get("token").asText(), v.get("timestamp").asText(),
                v.get("nonce").asText()))
                .isEqualTo(v.get("derived_url_verify_signature_for_same_token_timestamp_nonce").asText());

        WechatCrypto.Decrypted decrypted = crypto.decrypt(encrypt);
        assertThat(decrypted.message()).isEqualTo(expected.get("plaintext").asText());
        assertThat(decrypted.appId()).isEqualTo(expected.get("receive_id").asText());
        assertThat(new String(decrypted.random(), StandardCharsets.US_ASCII)).isEqualTo(expected.get("random16").asText());
        assertThat(decrypted.message().getBytes(StandardCharsets.UTF_8)).hasSize(expected.get("msg_len").asInt());
        assertThat(Base64.getDecoder().decode(encrypt)).hasSize(expected.get("decrypted_total_len").asInt());

        assertThat(crypto.encrypt(decrypted.message(), decrypted.random())).isEqualTo(encrypt);
    }

    @Test
    void wecomVectorsWithPadThirtyRoundTrip() {
        JsonNode v = vector("WX-WECOM-1");
        WechatCrypto crypto = new WechatCrypto(v.get("encoding_aes_key").asText(), v.get("receive_id").asText());
        for (String part : new String[] {"url_verify", "post"}) {
            JsonNode c = v.get(part);
            String encrypted = c.has("echostr") ? c.get("echostr").asText() : c.get("encrypt").asText();
            JsonNode expected = c.get("expected");

            assertThat(WechatCrypto.signature(v.get("token").asText(), c.get("timestamp").asText(),
                    c.get("nonce").asText(), encrypted)).as(part).isEqualTo(c.get("msg_signature").asText());
            WechatCrypto.Decrypted decrypted = crypto.decrypt(encrypted);
            assertThat(decrypted.message()).as(part).isEqualTo(expected.get("plaintext").asText());
            assertThat(new String(decrypted.random(), StandardCharsets.US_ASCII)).as(part)
                    .isEqualTo(expected.get("random16").asText());
            assertThat(crypto.encrypt(decrypted.message(), decrypted.random())).as(part).isEqualTo(encrypted);
        }
    }

    @Test
    void deterministicVectorsEncryptExactly() {
        JsonNode v = vector("WX-MP-2");
        WechatCrypto crypto = new WechatCrypto(v.get("encoding_aes_key").asText(), v.get("appid").asText());
        byte[] random = v.get("random16").asText().getBytes(StandardCharsets.US_ASCII);
        for (JsonNode c : v.get("cases")) {
            String expected = c.get("expected_encrypt").asText();
            assertThat(crypto.encrypt(c.get("plaintext").asText(), random)).isEqualTo(expected);
            assertThat(crypto.decrypt(expected).message()).isEqualTo(c.get("plaintext").asText());
            assertThat(WechatCrypto.signature(v.get("token").asText(), v.get("timestamp").asText(),
                    v.get("nonce").asText(), expected)).isEqualTo(c.get("derived_msg_signature").asText());
        }
    }

    @Test
    void decryptOnlyVectorWithPadNineteen() {
        JsonNode v = vector("WX-MP-3");
        JsonNode expected = v.get("expected");
        WechatCrypto crypto = new WechatCrypto(v.get("encoding_aes_key").asText(), expected.get("receive_id").asText());
        WechatCrypto.Decrypted decrypted = crypto.decrypt(v.get("encrypt").asText());

        assertThat(decrypted.message()).isEqualTo(expected.get("plaintext").asText());
        assertThat(crypto.encrypt(decrypted.message(), decrypted.random())).isEqualTo(v.get("encrypt").asText());
    }

    @Test
    void sampleFileVectorMatches() throws Exception {
        JsonNode v = new ObjectMapper().readTree(
                SharedData.require("data/wechat-weibo-message-samples/wechat_crypto_test_vector.json").toFile());
        WechatCrypto crypto = new WechatCrypto(v.get("encodingAesKey").asText(), v.get("appId").asText());
        byte[] random = v.get("randomStr").asText().getBytes(StandardCharsets.US_ASCII);

        assertThat(crypto.encrypt(v.get("plain1").asText(), random)).isEqualTo(v.get("cipher1").asText());
        assertThat(crypto.encrypt(v.get("plain2").asText(), random)).isEqualTo(v.get("cipher2").asText());
    }

    @Test
    void plainSignatureMatchesWxJava() {
        assertThat(WechatCrypto.signature("123", "345")).isEqualTo("9f537aeb751ec72605f57f94a2f6dc3e3958e1dd");
    }

    @Test
    void otherAppIdIsRejected() {
        JsonNode v = vector("WX-MP-1");
        WechatCrypto other = new WechatCrypto(v.get("encoding_aes_key").asText(), "wx0000000000000000");

        assertThatThrownBy(() -> other.decrypt(v.get("encrypt").asText()))
                .isInstanceOfSatisfying(WechatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(WechatCryptoException.Reason.APPID_MISMATCH));
    }

    @Test
    void tamperedCipherTextIsRejected() {
        JsonNode v = vector("WX-MP-1");
        WechatCrypto crypto = new WechatCrypto(v.get("encoding_aes_key").asText(), v.get("appid").asText());
        byte[] bytes = Base64.getDecoder().decode(v.get("encrypt").asText());
        bytes[bytes.length - 1] ^= 0x55;

        assertThatThrownBy(() -> crypto.decrypt(Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(WechatCryptoException.class);
        assertThatThrownBy(() -> crypto.decrypt("not base64 !!")).isInstanceOf(WechatCryptoException.class);
        assertThatThrownBy(() -> crypto.decrypt("AAAA")).isInstanceOf(WechatCryptoException.class);
    }

    @Test
    void fourByteCharactersRoundTrip() {
        WechatCrypto crypto = new WechatCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2");
        String text = "楼道灯坏了😭💡请尽快修";

        assertThat(crypto.decrypt(crypto.encrypt(text)).message()).isEqualTo(text);
    }

    @Test
    void invalidKeyIsRejected() {
        assertThatThrownBy(() -> new WechatCrypto("short", "wx")).isInstanceOf(IllegalArgumentException.class);
    }
}

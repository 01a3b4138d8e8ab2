package io.yikou.channels.wechat.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message encryption (WXBizMsgCrypt) for compatible and safe mode.
 *
 * <p>The key is the Base64 decoding of the 43-character EncodingAESKey plus {@code =} (32 bytes,
 * AES-256); the IV is the key's first 16 bytes; the cipher is AES-CBC. The plaintext is 16 random
 * bytes, the message length in bytes as a 4-byte big-endian integer, the UTF-8 message and the appid,
 * padded PKCS#7-style to a multiple of 32 bytes. The pad value can exceed 16, which Java's
 * {@code PKCS5Padding} rejects, so padding is added and checked here. Thread-safe.
 */
public final class WechatCrypto {

    private static final int BLOCK = 32;
    private static final int RANDOM_BYTES = 16;

    /** Looking a cipher up costs more than using it; each thread keeps one. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding is required by every Java runtime", e);
        }
    });

    private final byte[] key;
    private final String appId;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param encodingAesKey the account's 43-character EncodingAESKey
     * @param appId          the account's appid, which every decrypted message must end with
     * @throws IllegalArgumentException when the key is not 43 Base64 characters decoding to 32 bytes
     */
    public WechatCrypto(String encodingAesKey, String appId) {
        this.key = decodeKey(encodingAesKey);
        this.appId = appId;
    }

    /** Checks an EncodingAESKey; returns the 32 key bytes. */
    public static byte[] decodeKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EncodingAESKey is not Base64 text", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("EncodingAESKey must decode to 32 bytes, got " + bytes.length);
        }
        return bytes;
    }

    /**
     * Computes WeChat's signature: the lowercase hex SHA-1 of the parts sorted as strings and joined
     * without separator. Used with (token, timestamp, nonce) for {@code signature} and with
     * (token, timestamp, nonce, Encrypt) for {@code msg_signature}.
     */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : sorted) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

    /** Compares a presented signature with the expected one in constant time. */
    public static boolean signatureMatches(String expected, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** A decrypted message. */
    public record Decrypted(byte[] random, String message, String appId) {
    }

    /**
     * Decrypts an {@code Encrypt} value and checks that it names this account's appid.
     *
     * @throws WechatCryptoException when the text is not Base64, does not decrypt, has invalid
     *                               padding or length, or belongs to another appid
     */
    public Decrypted decrypt(String encrypted) {
        Decrypted decrypted = decryptAny(encrypted);
        if (!MessageDigest.isEqual(decrypted.appId().getBytes(StandardCharsets.UTF_8),
                appId.getBytes(StandardCharsets.UTF_8))) {
            throw new WechatCryptoException(WechatCryptoException.Reason.APPID_MISMATCH,
                    "decrypted message belongs to another appid");
        }
        return decrypted;
    }

    /** Decrypts without checking the appid; for inspecting test vectors. */
    public Decrypted decryptAny(String encrypted) {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_BASE64, "Encrypt is not Base64 text");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_LENGTH,
                    "cipher text length " + cipherText.length + " is not a positive multiple of 16");
        }
        byte[] plain;
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new WechatCryptoException(WechatCryptoException.Reason.DECRYPT_FAILED, "AES decryption failed");
        }
        int pad = plain[plain.length - 1] & 0xFF;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_PADDING, "invalid padding value " + pad);
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xFF) != pad) {
                throw new WechatCryptoException(WechatCryptoException.Reason.BAD_PADDING, "inconsistent padding bytes");
            }
        }
        int content = plain.length - pad;
        if (content < RANDOM_BYTES + 4) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_LENGTH, "decrypted text too short");
        }
        int length = ByteBuffer.wrap(plain, RANDOM_BYTES, 4).getInt();
        if (length < 0 || RANDOM_BYTES + 4 + length > content) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_LENGTH,
                    "message length " + length + " exceeds the decrypted text");
        }
        int start = RANDOM_BYTES + 4;
        String message = decodeUtf8(plain, start, length);
        String owner = decodeUtf8(plain, start + length, content - start - length);
        return new Decrypted(Arrays.copyOf(plain, RANDOM_BYTES), message, owner);
    }

    /** Encrypts a message with fresh random bytes. */
    public String encrypt(String message) {
        byte[] randomBytes = new byte[RANDOM_BYTES];
        random.nextBytes(randomBytes);
        return encrypt(message, randomBytes);
    }

    /** Encrypts a message with the given 16 random bytes; deterministic, for test vectors. */
    public String encrypt(String message, byte[] randomBytes) {
        if (randomBytes.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("random prefix must be 16 bytes");
        }
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] owner = appId.getBytes(StandardCharsets.UTF_8);
        int unpadded = RANDOM_BYTES + 4 + body.length + owner.length;
        int pad = BLOCK - unpadded % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(randomBytes).putInt(body.length).put(body).put(owner);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding is required by every Java runtime", e);
        }
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WechatCryptoException(WechatCryptoException.Reason.BAD_LENGTH, "decrypted text is not UTF-8");
        }
    }
}

package io.yikou.channels.wechat.crypto;

/** Raised when an encrypted WeChat message cannot be decrypted or is not for this account. */
public final class WechatCryptoException extends RuntimeException {

    /** What was wrong with the encrypted text. */
    public enum Reason { BAD_BASE64, BAD_LENGTH, DECRYPT_FAILED, BAD_PADDING, APPID_MISMATCH }

    private final Reason reason;

    public WechatCryptoException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

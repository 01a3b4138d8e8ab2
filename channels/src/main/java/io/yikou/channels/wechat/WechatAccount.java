package io.yikou.channels.wechat;

import io.yikou.channels.support.Datum;
import io.yikou.channels.wechat.crypto.WechatCrypto;

/**
 * One official account (公众号) as configured under {@code wechat.accounts}.
 *
 * @param id                 name in the callback URL {@code /channels/wechat/<id>}
 * @param appId              the account's AppID
 * @param appSecret          the account's AppSecret, used only to fetch access tokens
 * @param token              the Token entered in the server configuration, used for signatures
 * @param encodingAesKey     the 43-character EncodingAESKey, or {@code null} for plaintext mode only
 * @param originalId         the account's original id ({@code gh_...}); when set, messages addressed
 *                           to another account are rejected
 * @param fallbackTemplateId template for replies outside the 48-hour window, or {@code null}
 * @param statusTemplateId   template for ticket status notices, or {@code null}
 * @param locationDatum      datum of {@code Location_X}/{@code Location_Y} in location messages
 */
public record WechatAccount(String id, String appId, String appSecret, String token, String encodingAesKey,
                            String originalId, String fallbackTemplateId, String statusTemplateId,
                            Datum locationDatum) {

    /** Returns the account's crypto, or {@code null} when no EncodingAESKey is configured. */
    public WechatCrypto crypto() {
        return encodingAesKey == null ? null : new WechatCrypto(encodingAesKey, appId);
    }

    @Override
    public String toString() {
        return "WechatAccount[" + id + ", appId=" + appId + "]";
    }
}

package io.yikou.core.citizen;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yikou.core.privacy.Masking;

/**
 * One way to recognise a citizen on a channel.
 *
 * @param kind    phone, WeChat openid or Weibo uid
 * @param value   the number or id itself
 * @param account the official account an openid belongs to, {@code null} for other kinds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Identity(IdentityKind kind, String value, String account) {

    public Identity {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("identity value must not be blank");
        }
    }

    public static Identity phone(String number) {
        return new Identity(IdentityKind.PHONE, number, null);
    }

    /** Returns the key that indexes this identity. */
    public String indexKey() {
        return kind.code() + ":" + (account == null ? "" : account + ":") + value;
    }

    /** Returns the identity with its value masked, for logs. */
    @Override
    public String toString() {
        return kind.code() + ":" + Masking.mask(kind, value);
    }
}

package io.yikou.core.citizen;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Kinds of channel identity a citizen can have. All of them are personal data. */
public enum IdentityKind {
    /** A phone number, as the caller ID or as given in a form. */
    PHONE,
    /** A WeChat openid, which is unique per official account. */
    WECHAT_OPENID,
    /** A Weibo user id. */
    WEIBO_UID;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static IdentityKind fromCode(String code) {
        return valueOf(code.trim().toUpperCase(Locale.ROOT));
    }
}

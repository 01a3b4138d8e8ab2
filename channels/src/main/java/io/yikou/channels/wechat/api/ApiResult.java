package io.yikou.channels.wechat.api;

import io.vertx.core.json.JsonObject;

/**
 * WeChat's JSON answer to an API call.
 *
 * @param errcode 0 on success; WeChat's error code otherwise
 * @param errmsg  WeChat's error text
 * @param body    the whole answer
 */
public record ApiResult(int errcode, String errmsg, JsonObject body) {

    /** Error codes meaning the access token is invalid or expired, after which a fresh one helps. */
    public boolean tokenRejected() {
        return errcode == 40001 || errcode == 40014 || errcode == 42001;
    }

    public boolean ok() {
        return errcode == 0;
    }

    /** Reads an answer; a body without {@code errcode} counts as success, as WeChat omits it then. */
    public static ApiResult of(JsonObject body) {
        Object code = body.getValue("errcode");
        int errcode = code instanceof Number n ? n.intValue() : 0;
        return new ApiResult(errcode, body.getString("errmsg", ""), body);
    }
}

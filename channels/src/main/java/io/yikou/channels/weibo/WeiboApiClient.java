package io.yikou.channels.weibo;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;

/** HTTP calls to Weibo: the customer-service reply API and the private-message media download. Thread-safe. */
public final class WeiboApiClient implements AutoCloseable {

    private final WebClient client;
    private final String apiBase;
    private final String mediaBase;
    private final Duration timeout;

    public WeiboApiClient(Vertx vertx, URI apiBaseUrl, URI mediaBaseUrl, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("yikou")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        this.apiBase = trim(apiBaseUrl);
        this.mediaBase = trim(mediaBaseUrl);
        this.timeout = timeout;
    }

    /**
     * Weibo's response to a reply.
     *
     * @param httpStatus HTTP status, 0 when no response arrived
     * @param errorCode  Weibo's {@code error_code}, or {@code null} on success
     * @param error      error text
     */
    public record ReplyResult(int httpStatus, String errorCode, String error) {

        public boolean ok() {
            return httpStatus == 200 && errorCode == null;
        }
    }

    /** Sends a text reply; {@code data} is the JSON payload Weibo expects as a form field. */
    public Future<ReplyResult> replyText(String accessToken, String receiverId, String text) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("access_token", accessToken)
                .add("type", "text")
                .add("data", new JsonObject().put("text", text).encode())
                .add("receiver_id", receiverId)
                .add("save_sender_box", "1");
        return client.postAbs(apiBase + "/2/messages/reply.json")
                .timeout(timeout.toMillis())
                .sendForm(form, "UTF-8")
                .map(WeiboApiClient::result)
                .recover(error -> Future.succeededFuture(new ReplyResult(0,
                        String.valueOf(error.getMessage()).contains("timeout") ? "timeout" : "transport",
                        String.valueOf(error.getMessage()))));
    }

    /** Downloads a private-message file by the receiver's file id ({@code tovfid}). */
    public Future<Buffer> download(String accessToken, String fileId) {
        return client.getAbs(mediaBase + "/2/mss/msget")
                .addQueryParam("access_token", accessToken)
                .addQueryParam("fid", fileId)
                .timeout(timeout.toMillis())
                .send()
                .compose(response -> {
                    String type = String.valueOf(response.getHeader("Content-Type"));
                    if (response.statusCode() != 200 || type.startsWith("application/json")) {
                        return Future.failedFuture(new IllegalStateException("Weibo media download returned HTTP "
                                + response.statusCode() + " " + type));
                    }
                    return Future.succeededFuture(response.body() == null ? Buffer.buffer() : response.body());
                });
    }

    private static ReplyResult result(HttpResponse<Buffer> response) {
        JsonObject body;
        try {
            body = response.body() == null ? new JsonObject() : new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            body = new JsonObject();
        }
        Object code = body.getValue("error_code");
        if (response.statusCode() != 200 || code != null) {
            return new ReplyResult(response.statusCode(), code == null ? "http_" + response.statusCode()
                    : String.valueOf(code), body.getString("error", ""));
        }
        return new ReplyResult(200, null, null);
    }

    private static String trim(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        client.close();
    }
}

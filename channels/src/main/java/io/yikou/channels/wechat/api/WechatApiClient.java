package io.yikou.channels.wechat.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls to WeChat's API: access token, customer-service message, template message and
 * temporary media download. Sends nothing but the request it is asked for; retries and token
 * handling are the callers' business. Thread-safe.
 */
public final class WechatApiClient implements AutoCloseable {

    private final WebClient client;
    private final String base;
    private final Duration timeout;

    public WechatApiClient(Vertx vertx, URI baseUrl, Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("yikou")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setKeepAlive(true));
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.timeout = timeout;
    }

    /** A fetched access token. */
    public record Token(String value, Duration expiresIn) {
    }

    /** A downloaded file. */
    public record Media(Buffer bytes, String contentType, String fileName) {
    }

    /** Fetches a new access token; fails with {@link WechatApiException} or completes with WeChat's error. */
    public Future<ApiResult> fetchToken(String appId, String secret) {
        HttpRequest<Buffer> request = client.getAbs(base + "/cgi-bin/token")
                .addQueryParam("grant_type", "client_credential")
                .addQueryParam("appid", appId)
                .addQueryParam("secret", secret);
        return json(request.timeout(timeout.toMillis()).send());
    }

    /** Reads the token out of a successful {@link #fetchToken} response. */
    public static Token token(ApiResult result) {
        String value = result.body().getString("access_token");
        long seconds = result.body().getLong("expires_in", 7200L);
        if (value == null || value.isBlank()) {
            throw new WechatApiException("token response lacks access_token", 200, false);
        }
        return new Token(value, Duration.ofSeconds(seconds));
    }

    /** Sends a customer-service text message. */
    public Future<ApiResult> sendText(String accessToken, String openId, String text) {
        JsonObject body = new JsonObject()
                .put("touser", openId)
                .put("msgtype", "text")
                .put("text", new JsonObject().put("content", text));
        return post("/cgi-bin/message/custom/send", accessToken, body);
    }

    /** Sends a template message; {@code data} maps template keywords to {@code {"value": ...}}. */
    public Future<ApiResult> sendTemplate(String accessToken, String openId, String templateId, JsonObject data) {
        JsonObject body = new JsonObject()
                .put("touser", openId)
                .put("template_id", templateId)
                .put("data", data);
        return post("/cgi-bin/message/template/send", accessToken, body);
    }

    /**
     * Downloads a temporary media file. WeChat returns errors as JSON and files with their own
     * content type, so a JSON response completes as a failed {@link MediaOutcome} carrying the error.
     */
    public Future<MediaOutcome> getMedia(String accessToken, String mediaId) {
        HttpRequest<Buffer> request = client.getAbs(base + "/cgi-bin/media/get")
                .addQueryParam("access_token", accessToken)
                .addQueryParam("media_id", mediaId)
                .timeout(timeout.toMillis());
        return request.send().recover(WechatApiClient::transportFailure).map(response -> {
            checkStatus(response);
            String type = response.getHeader("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/json") || lower.startsWith("text/")) {
                return new MediaOutcome(null, ApiResult.of(parse(response)));
            }
            return new MediaOutcome(new Media(response.body() == null ? Buffer.buffer() : response.body(), type,
                    fileName(response.getHeader("Content-Disposition"))), null);
        });
    }

    /** A media download: the file, or WeChat's error. */
    public record MediaOutcome(Media media, ApiResult error) {
    }

    private Future<ApiResult> post(String path, String accessToken, JsonObject body) {
        HttpRequest<Buffer> request = client.postAbs(base + path)
                .addQueryParam("access_token", accessToken)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .timeout(timeout.toMillis());
        return json(request.sendBuffer(Buffer.buffer(body.encode())));
    }

    private static Future<ApiResult> json(Future<HttpResponse<Buffer>> sent) {
        return sent.recover(WechatApiClient::transportFailure).map(response -> {
            checkStatus(response);
            return ApiResult.of(parse(response));
        });
    }

    private static <T> Future<T> transportFailure(Throwable error) {
        boolean timedOut = error instanceof TimeoutException
                || error instanceof io.netty.handler.timeout.TimeoutException
                || String.valueOf(error.getMessage()).contains("timeout");
        return Future.failedFuture(new WechatApiException("WeChat API request failed: " + error, 0, timedOut));
    }

    private static void checkStatus(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new WechatApiException("WeChat API returned HTTP " + response.statusCode(), response.statusCode(),
                    false);
        }
    }

    private static JsonObject parse(HttpResponse<Buffer> response) {
        try {
            return response.body() == null ? new JsonObject() : new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            throw new WechatApiException("WeChat API returned a body that is not a JSON object", 200, false);
        }
    }

    private static String fileName(String disposition) {
        if (disposition == null) {
            return null;
        }
        int at = disposition.indexOf("filename=");
        if (at < 0) {
            return null;
        }
        return disposition.substring(at + 9).replace("\"", "").trim();
    }

    @Override
    public void close() {
        client.close();
    }
}

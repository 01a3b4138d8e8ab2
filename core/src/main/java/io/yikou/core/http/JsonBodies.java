package io.yikou.core.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads JSON request bodies with strict UTF-8 and a clear error for anything malformed. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * Returns the body as a JSON object.
     *
     * @throws ApiException 400 {@code malformed_json} or {@code invalid_utf8}, or 415 when the
     *                      content type is not JSON
     */
    public static JsonObject object(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiException.of(415, "unsupported_media_type");
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw ApiException.badRequest("malformed_json");
        }
        String text = StrictUtf8.decode(ctx.body().buffer());
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return object;
            }
            throw ApiException.badRequest("malformed_json");
        } catch (DecodeException e) {
            throw ApiException.badRequest("malformed_json");
        }
    }
}

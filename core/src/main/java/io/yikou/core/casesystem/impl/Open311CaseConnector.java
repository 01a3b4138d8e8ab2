package io.yikou.core.casesystem.impl;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.yikou.core.casesystem.CaseConnector;
import io.yikou.core.casesystem.CaseReceipt;
import io.yikou.core.casesystem.CaseRejectedException;
import io.yikou.core.casesystem.CaseRequest;
import io.yikou.core.casesystem.CaseResponseInvalidException;
import io.yikou.core.casesystem.CaseSystemException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open311 GeoReport v2 client: {@code POST requests.json} with a form body, then, for batch services
 * that return a token, {@code GET tokens/{token}.json}.
 *
 * <p>Servers differ in their success status: 200, 201 and 202 all count as submitted. A success
 * body carries either {@code service_request_id} or {@code token}. 4xx bodies hold an error array
 * whose descriptions become the rejection reason. The ticket number travels as the
 * {@code Idempotency-Key} header and as {@code attribute[external_id]} on every attempt.
 */
public final class Open311CaseConnector implements CaseConnector {

    private static final Logger LOG = LoggerFactory.getLogger(Open311CaseConnector.class);

    private final WebClient client;
    private final String base;
    private final String apiKey;
    private final String jurisdictionId;
    private final Duration timeout;

    /**
     * @param baseUrl endpoint root such as {@code https://cases.example/open311/v2}; {@code requests.json}
     *                is resolved under it
     */
    public Open311CaseConnector(WebClient client, URI baseUrl, String apiKey, String jurisdictionId, Duration timeout) {
        this.client = client;
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.apiKey = apiKey;
        this.jurisdictionId = jurisdictionId;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "open311";
    }

    @Override
    public Future<CaseReceipt> submit(CaseRequest request) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        put(form, "api_key", apiKey);
        put(form, "jurisdiction_id", jurisdictionId);
        put(form, "service_code", request.serviceCode());
        if (request.point() != null) {
            form.add("lat", Double.toString(request.point().lat()));
            form.add("long", Double.toString(request.point().lon()));
        }
        put(form, "address_string", addressOf(request));
        put(form, "description", request.description());
        put(form, "phone", request.reporterPhone());
        put(form, "first_name", request.reporterName());
        put(form, "attribute[external_id]", request.ticketNumber());
        put(form, "attribute[ticket_type]", request.type());
        put(form, "attribute[department]", request.department());
        put(form, "attribute[street_code]", request.grid().streetCode());
        put(form, "attribute[community_code]", request.grid().communityCode());
        put(form, "attribute[grid_code]", request.grid().gridCode());
        put(form, "attribute[channel]", request.channel());
        if (request.descriptionTruncated()) {
            form.add("attribute[description_truncated]", "true");
        }
        String url = base + "/requests.json";
        return client.postAbs(url)
                .putHeader("Idempotency-Key", request.ticketNumber())
                .putHeader("Accept", "application/json")
                .timeout(timeout.toMillis())
                .sendForm(form, "UTF-8")
                .recover(error -> Future.failedFuture(HttpFailures.transport("POST " + url, error)))
                .compose(response -> receipt(url, response));
    }

    @Override
    public Future<Optional<String>> resolveToken(String token) {
        String url = base + "/tokens/" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
                + ".json";
        return client.getAbs(url)
                .putHeader("Accept", "application/json")
                .timeout(timeout.toMillis())
                .send()
                .recover(error -> Future.failedFuture(HttpFailures.transport("GET " + url, error)))
                .compose(response -> {
                    // Servers return 404, or an empty list, until the request exists.
                    if (response.statusCode() == 404) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(HttpFailures.status("GET " + url, response.statusCode(),
                                response.bodyAsString()));
                    }
                    JsonArray items = array(url, response.body());
                    for (Object item : items) {
                        if (item instanceof JsonObject object && text(object, "service_request_id") != null) {
                            return Future.succeededFuture(Optional.of(text(object, "service_request_id")));
                        }
                    }
                    return Future.succeededFuture(Optional.empty());
                });
    }

    private Future<CaseReceipt> receipt(String url, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200 || status == 201 || status == 202) {
            try {
                JsonArray items = array(url, response.body());
                if (items.isEmpty() || !(items.getValue(0) instanceof JsonObject first)) {
                    throw new CaseResponseInvalidException("POST " + url + " responded with " + status
                            + " without a service request: " + HttpFailures.shorten(String.valueOf(response.bodyAsString())));
                }
                String id = text(first, "service_request_id");
                String token = text(first, "token");
                if (id == null && token == null) {
                    throw new CaseResponseInvalidException("POST " + url + " responded with " + status
                            + " with neither service_request_id nor token");
                }
                return Future.succeededFuture(new CaseReceipt(id, id == null ? token : null,
                        text(first, "service_notice")));
            } catch (CaseSystemException e) {
                return Future.failedFuture(e);
            }
        }
        String detail = errorDescriptions(response);
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Future.failedFuture(new CaseRejectedException(status, "POST " + url + " responded with HTTP " + status
                    + (detail.isEmpty() ? "" : ": " + detail)));
        }
        return Future.failedFuture(HttpFailures.status("POST " + url, status, detail));
    }

    /** Reads the Open311 error list ({@code [{"code":..,"description":..}]}), or the raw body. */
    private static String errorDescriptions(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonArray array) {
                List<String> parts = new ArrayList<>();
                for (Object item : array) {
                    if (item instanceof JsonObject error) {
                        parts.add(error.getValue("code") + " " + error.getString("description", ""));
                    }
                }
                if (!parts.isEmpty()) {
                    return String.join("; ", parts);
                }
            }
        } catch (DecodeException | ClassCastException e) {
            LOG.debug("Case system error body is not an Open311 error list");
        }
        return HttpFailures.shorten(body);
    }

    private static JsonArray array(String url, Buffer body) {
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body == null ? "" : body.toString());
            if (parsed instanceof JsonArray array) {
                return array;
            }
            // Some servers wrap the list in an object; accept the common {"service_requests": [...]}.
            if (parsed instanceof JsonObject object && object.getValue("service_requests") instanceof JsonArray array) {
                return array;
            }
        } catch (DecodeException e) {
            throw new CaseResponseInvalidException(url + " returned a body that is not JSON: "
                    + HttpFailures.shorten(String.valueOf(body)));
        }
        throw new CaseResponseInvalidException(url + " returned JSON that is not a list: "
                + HttpFailures.shorten(String.valueOf(body)));
    }

    private static String text(JsonObject object, String field) {
        Object value = object.getValue(field);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static String addressOf(CaseRequest request) {
        List<String> parts = new ArrayList<>();
        if (request.address() != null) {
            parts.add(request.address());
        }
        if (request.grid().streetName() != null && (request.address() == null
                || !request.address().toLowerCase(Locale.ROOT).contains(request.grid().streetName()))) {
            parts.add(request.grid().streetName());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static void put(MultiMap form, String name, String value) {
        if (value != null && !value.isBlank()) {
            form.add(name, value);
        }
    }
}

package io.yikou.core.casesystem.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.yikou.core.casesystem.CaseConnector;
import io.yikou.core.casesystem.CaseReceipt;
import io.yikou.core.casesystem.CaseRequest;
import io.yikou.core.casesystem.CaseResponseInvalidException;
import io.yikou.core.casesystem.Signatures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends each ticket as a signed JSON webhook (schema in {@code docs/case-system.md}). A 2xx response
 * must carry {@code caseId}; a 202 may instead carry only {@code accepted: true}, and the case id
 * then arrives later through a case event. The ticket number is the {@code Idempotency-Key}.
 */
public final class WebhookCaseConnector implements CaseConnector {

    /** Version of the payload schema, sent so a receiver can reject what it does not understand. */
    public static final int SCHEMA_VERSION = 1;

    private final WebClient client;
    private final String url;
    private final Signatures signatures;
    private final Clock clock;
    private final Duration timeout;

    public WebhookCaseConnector(WebClient client, URI url, Signatures signatures, Clock clock, Duration timeout) {
        this.client = client;
        this.url = url.toString();
        this.signatures = signatures;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Future<CaseReceipt> submit(CaseRequest request) {
        byte[] body = payload(request).encode().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return client.postAbs(url)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Idempotency-Key", request.ticketNumber())
                .putHeader(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(Signatures.SIGNATURE_HEADER, signatures.sign(timestamp, body))
                .timeout(timeout.toMillis())
                .sendBuffer(Buffer.buffer(body))
                .recover(error -> Future.failedFuture(HttpFailures.transport("POST " + url, error)))
                .compose(this::receipt);
    }

    /** Builds the JSON payload; text stays UTF-8 and ids stay strings. */
    static JsonObject payload(CaseRequest request) {
        JsonObject location = new JsonObject()
                .put("address", request.address())
                .put("streetCode", request.grid().streetCode())
                .put("streetName", request.grid().streetName())
                .put("communityCode", request.grid().communityCode())
                .put("communityName", request.grid().communityName())
                .put("gridCode", request.grid().gridCode());
        if (request.point() != null) {
            location.put("lat", request.point().lat()).put("lon", request.point().lon()).put("crs", "WGS-84");
        }
        JsonObject reporter = new JsonObject()
                .put("name", request.reporterName())
                .put("phone", request.reporterPhone());
        return new JsonObject()
                .put("schemaVersion", SCHEMA_VERSION)
                .put("ticketNumber", request.ticketNumber())
                .put("serviceCode", request.serviceCode())
                .put("type", request.type())
                .put("department", request.department())
                .put("description", request.description())
                .put("descriptionTruncated", request.descriptionTruncated())
                .put("location", location)
                .put("reporter", reporter)
                .put("channel", request.channel())
                .put("createdAt", request.createdAt().toString());
    }

    private Future<CaseReceipt> receipt(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            return Future.failedFuture(HttpFailures.status("POST " + url, status, response.bodyAsString()));
        }
        JsonObject body;
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(response.bodyAsString() == null ? "" : response.bodyAsString());
            if (!(parsed instanceof JsonObject object)) {
                throw new DecodeException("not an object");
            }
            body = object;
        } catch (DecodeException e) {
            return Future.failedFuture(new CaseResponseInvalidException("POST " + url + " responded with " + status
                    + " with a body that is not a JSON object: " + HttpFailures.shorten(String.valueOf(response.bodyAsString()))));
        }
        Object caseId = body.getValue("caseId");
        if (caseId != null && !caseId.toString().isBlank()) {
            return Future.succeededFuture(new CaseReceipt(caseId.toString(), null, body.getString("notice")));
        }
        if (status == 202 && Boolean.TRUE.equals(body.getValue("accepted"))) {
            // The case id comes later with a case event.
            return Future.succeededFuture(new CaseReceipt(null, null, body.getString("notice")));
        }
        return Future.failedFuture(new CaseResponseInvalidException("POST " + url + " responded with " + status
                + " without caseId"));
    }
}

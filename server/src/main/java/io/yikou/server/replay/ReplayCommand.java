package io.yikou.server.replay;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code yikou replay FILE}: sends a CSV or JSONL file of citizen messages through the web-form API
 * of a running server, with a progress bar and a summary. Each message carries its source id as
 * the {@code Idempotency-Key}, so a second run of the same file files nothing twice.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Send a CSV or JSONL file of citizen messages through the web-form API.")
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "CSV (12345 message export, US 311 export, or web-form columns) or JSONL file.")
    Path file;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
            description = "Base URL of the Yikou server (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--type", defaultValue = "complaint",
            description = "Ticket type for messages that do not state one: consultation, help, complaint, report, "
                    + "suggestion or praise (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, description = "Send at most this many messages.")
    long limit;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for each response (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final java.io.PrintStream out;
    private final java.io.PrintStream err;

    public ReplayCommand() {
        this(System.out, System.err);
    }

    ReplayCommand(java.io.PrintStream out, java.io.PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            err.println("Cannot read " + file);
            return 2;
        }
        if (concurrency < 1 || concurrency > 256) {
            err.println("--concurrency must be 1 to 256, was " + concurrency);
            return 2;
        }
        ReplaySummary summary = new ReplaySummary();
        List<ReplayItem> items = new ReplaySource(file, type).read(limit,
                problem -> summary.countUnreadable("line " + problem.line() + ": " + problem.reason()));
        err.printf("Replaying %d messages from %s to %s%n", items.size(), file, url);

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = url.resolve("/api/v1/reports");
        ProgressBar progress = new ProgressBar(err, items.size(), System.console() != null);
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long started = System.nanoTime();
        for (ReplayItem item : items) {
            slots.acquire();
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Idempotency-Key", item.idempotencyKey())
                    .timeout(Duration.ofSeconds(timeoutSeconds))
                    .POST(HttpRequest.BodyPublishers.ofString(item.body().encode(), StandardCharsets.UTF_8))
                    .build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, error) -> {
                        record(summary, item, response, error);
                        slots.release();
                        progress.show(summary.done(), summary);
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        progress.finish(summary.done(), summary);
        summary.print(out, items.size(), (System.nanoTime() - started) / 1e9);
        return summary.failures() > 0 ? 1 : 0;
    }

    private static void record(ReplaySummary summary, ReplayItem item, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            summary.countFailed();
            return;
        }
        switch (response.statusCode()) {
            case 201 -> summary.countCreated();
            case 200 -> summary.countDuplicate();
            default -> summary.countRejected(reason(response));
        }
    }

    /** Groups rejections by status, error code and the fields named, such as {@code 400 validation_failed [description]}. */
    private static String reason(HttpResponse<String> response) {
        try {
            JsonObject error = new JsonObject(response.body()).getJsonObject("error");
            if (error == null) {
                return "HTTP " + response.statusCode();
            }
            List<String> fields = new ArrayList<>();
            JsonArray list = error.getJsonArray("fields");
            if (list != null) {
                for (int i = 0; i < list.size(); i++) {
                    JsonObject field = list.getJsonObject(i);
                    fields.add(field.getString("field") + ":" + field.getString("code"));
                }
            }
            return "HTTP " + response.statusCode() + " " + error.getString("code") + (fields.isEmpty() ? "" : " " + fields);
        } catch (DecodeException | ClassCastException e) {
            return "HTTP " + response.statusCode();
        }
    }
}

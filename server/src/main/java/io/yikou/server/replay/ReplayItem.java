package io.yikou.server.replay;

import io.vertx.core.json.JsonObject;

/**
 * One citizen message to send through the web-form API.
 *
 * @param line           1-based line (JSONL) or record number (CSV) in the source file, for errors
 * @param idempotencyKey the source's own id for the message, so replaying a file twice files nothing twice
 * @param body           the web-form JSON body
 */
record ReplayItem(long line, String idempotencyKey, JsonObject body) {
}

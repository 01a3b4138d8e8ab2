package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file kept with a ticket, stored by content hash so a resubmitted photo is kept once.
 *
 * @param id          hex SHA-256 of the bytes, also the storage key
 * @param contentType media type detected from the bytes, not the one the client claimed
 * @param size        length in bytes
 * @param fileName    the client's file name, for display only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attachment(String id, String contentType, long size, String fileName) {
}

package io.yikou.core.attachment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.yikou.core.ticket.Attachment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps ticket attachments (photos, voice messages). Files are stored by content hash, so storing
 * the same bytes twice keeps one copy and an interrupted request leaves at most an unreferenced file.
 */
public interface AttachmentStore {

    /**
     * Checks and stores a file.
     *
     * @param source      the bytes, as a temporary upload file
     * @param fileName    the client's file name, kept for display
     * @param claimedType the media type the client declared, or {@code null}
     * @param allowed     media types accepted here
     * @param maxBytes    largest size accepted
     * @return the stored attachment; fails with {@link AttachmentRejectedException}
     */
    Future<Attachment> store(Path source, String fileName, String claimedType, Set<String> allowed, long maxBytes);

    /** Same as {@link #store(Path, String, String, Set, long)} for bytes already in memory. */
    Future<Attachment> store(Buffer bytes, String fileName, String claimedType, Set<String> allowed, long maxBytes);

    /** Returns the file holding an attachment's bytes, if stored here. */
    Future<Optional<Path>> locate(String id);
}

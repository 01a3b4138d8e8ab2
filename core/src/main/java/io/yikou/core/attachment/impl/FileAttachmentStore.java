package io.yikou.core.attachment.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.yikou.core.attachment.AttachmentRejectedException;
import io.yikou.core.attachment.AttachmentRejectedException.Reason;
import io.yikou.core.attachment.AttachmentStore;
import io.yikou.core.attachment.MediaSniffer;
import io.yikou.core.ticket.Attachment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link AttachmentStore} on the local filesystem under {@code <data-dir>/attachments/ab/cd/<sha256>}.
 * File work runs on Vert.x worker threads. With several nodes the directory must be shared storage.
 */
public final class FileAttachmentStore implements AttachmentStore {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final int SNIFF_BYTES = 32;

    private final Vertx vertx;
    private final Path root;

    public FileAttachmentStore(Vertx vertx, Path root) {
        this.vertx = vertx;
        this.root = root;
    }

    @Override
    public Future<Attachment> store(Path source, String fileName, String claimedType, Set<String> allowed,
                                    long maxBytes) {
        return vertx.executeBlocking(() -> storeBlocking(source, fileName, claimedType, allowed, maxBytes), false);
    }

    @Override
    public Future<Attachment> store(Buffer bytes, String fileName, String claimedType, Set<String> allowed,
                                    long maxBytes) {
        return vertx.executeBlocking(() -> {
            Path temp = Files.createTempFile(tempDir(), "upload", ".part");
            try {
                Files.write(temp, bytes.getBytes());
                return storeBlocking(temp, fileName, claimedType, allowed, maxBytes);
            } finally {
                Files.deleteIfExists(temp);
            }
        }, false);
    }

    @Override
    public Future<Optional<Path>> locate(String id) {
        if (!ID.matcher(id).matches()) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> {
            Path file = pathOf(id);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.<Path>empty();
        }, false);
    }

    private Attachment storeBlocking(Path source, String fileName, String claimedType, Set<String> allowed,
                                     long maxBytes) throws IOException {
        long size = Files.size(source);
        if (size == 0) {
            throw new AttachmentRejectedException(Reason.EMPTY, "file " + fileName + " is empty");
        }
        if (size > maxBytes) {
            throw new AttachmentRejectedException(Reason.TOO_LARGE,
                    "file " + fileName + " has " + size + " bytes, more than the maximum " + maxBytes);
        }
        byte[] head = new byte[SNIFF_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(source)) {
            read = in.readNBytes(head, 0, SNIFF_BYTES);
        }
        byte[] sniffed = java.util.Arrays.copyOf(head, read);
        String detected = MediaSniffer.detect(sniffed).orElseThrow(() -> new AttachmentRejectedException(
                Reason.UNSUPPORTED_TYPE, "file " + fileName + " is not in a supported format"));
        if (!allowed.contains(detected)) {
            throw new AttachmentRejectedException(Reason.UNSUPPORTED_TYPE,
                    "file " + fileName + " is " + detected + ", which is not accepted here");
        }
        if (claimedType != null && !claimedType.isBlank() && !sameType(claimedType, detected)) {
            throw new AttachmentRejectedException(Reason.TYPE_MISMATCH,
                    "file " + fileName + " claims " + claimedType + " but its bytes are " + detected);
        }

        String id = sha256(source);
        Path target = pathOf(id);
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), id, ".part");
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return new Attachment(id, detected, size, sanitize(fileName));
    }

    private static boolean sameType(String claimed, String detected) {
        String base = claimed.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (base.equals("image/jpg") || base.equals("image/pjpeg")) {
            base = "image/jpeg";
        }
        // Browsers send this when they cannot tell; the bytes decide.
        return base.equals(detected) || base.equals("application/octet-stream");
    }

    private Path pathOf(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    private Path tempDir() throws IOException {
        Path dir = root.resolve("tmp");
        Files.createDirectories(dir);
        return dir;
    }

    private static String sanitize(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        return name.length() > 120 ? name.substring(name.length() - 120) : name;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}

package io.yikou.channels.support;

import java.util.Set;

/** Media types accepted from messaging channels' media APIs, judged by the bytes. */
public final class MediaTypes {

    /** Photos and voice messages: JPEG, PNG, GIF, WebP, AMR (narrow and wide band), Ogg (Speex) and MP3. */
    public static final Set<String> ALLOWED = Set.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "audio/amr", "audio/amr-wb", "audio/ogg", "audio/mpeg");

    private MediaTypes() {
    }
}

package io.yikou.core.intake;

import io.yikou.core.config.ConfigReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Ticket intake settings.
 *
 * @param numberPrefix       first part of ticket numbers, the hotline number
 * @param zone               time zone whose calendar day goes into ticket numbers
 * @param idempotencyTtl     how long an {@code Idempotency-Key} keeps returning its ticket
 * @param maxDescriptionChars longest description accepted, in characters (code points)
 * @param maxAddressChars    longest address accepted, in characters
 * @param maxPhotos          most photos per ticket
 * @param maxPhotoBytes      largest photo accepted
 * @param photoTypes         photo formats accepted, detected from the bytes
 * @param streamMaxLength    approximate number of ticket stream entries kept
 */
public record IntakeOptions(String numberPrefix, ZoneId zone, Duration idempotencyTtl, int maxDescriptionChars,
                            int maxAddressChars, int maxPhotos, long maxPhotoBytes, Set<String> photoTypes,
                            long streamMaxLength) {

    private static final List<String> DEFAULT_PHOTO_TYPES = List.of("image/jpeg", "image/png", "image/webp",
            "image/heic", "image/gif");

    public static IntakeOptions read(ConfigReader reader) {
        String prefix = reader.string("intake.number-prefix", "96010");
        if (!prefix.matches("[0-9A-Za-z]{1,16}")) {
            reader.problem("intake.number-prefix", prefix, "1 to 16 letters or digits");
            prefix = "96010";
        }
        List<String> types = reader.stringList("intake.photo-types", DEFAULT_PHOTO_TYPES);
        for (String type : types) {
            if (!DEFAULT_PHOTO_TYPES.contains(type)) {
                reader.problem("intake.photo-types", type, "a subset of " + String.join(", ", DEFAULT_PHOTO_TYPES));
            }
        }
        return new IntakeOptions(prefix,
                reader.zone("intake.time-zone", ZoneId.of("Asia/Shanghai")),
                reader.duration("intake.idempotency-ttl", Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(90)),
                reader.integer("intake.max-description-chars", 5000, 100, 100_000),
                reader.integer("intake.max-address-chars", 200, 20, 2000),
                reader.integer("intake.max-photos", 5, 0, 20),
                reader.bytes("intake.max-photo-bytes", 5L * 1024 * 1024, 1024, 100L * 1024 * 1024),
                Set.copyOf(types),
                reader.integer("intake.stream-max-length", 1_000_000, 10_000, 100_000_000));
    }
}

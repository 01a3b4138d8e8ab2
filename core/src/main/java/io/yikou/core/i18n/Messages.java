package io.yikou.core.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Text shown to people (citizens, agents, supervisors), from resource bundles: Simplified Chinese by
 * default, English as the second locale. Bundles are UTF-8 {@code .properties} files named
 * {@code messages_zh_CN} and {@code messages_en} under {@code io/yikou/core/i18n} or a module's own
 * base name. Thread-safe.
 */
public final class Messages {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(CHINESE, ENGLISH);

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String baseName;

    /** @param baseName bundle base name, such as {@code io.yikou.core.i18n.messages} */
    public Messages(String baseName) {
        this.baseName = baseName;
    }

    /** The bundle with core messages: API errors, ticket types and statuses. */
    public static Messages core() {
        return new Messages("io.yikou.core.i18n.messages");
    }

    /**
     * Formats a message; arguments use {@link MessageFormat} placeholders such as {@code {0}}. A missing
     * key returns the key itself so a gap shows in the UI instead of failing the request.
     */
    public String get(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** Tells whether the bundle defines a key. */
    public boolean has(String key) {
        return bundle(CHINESE).containsKey(key);
    }

    private ResourceBundle bundle(Locale locale) {
        Locale chosen = locale.getLanguage().equals("en") ? ENGLISH : CHINESE;
        return ResourceBundle.getBundle(baseName, chosen, Messages.class.getClassLoader(), NO_FALLBACK);
    }

    /**
     * Picks Chinese or English from an {@code Accept-Language} header, by quality; Chinese when the
     * header is missing, malformed or names neither.
     */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return CHINESE;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
            for (Locale.LanguageRange range : ranges) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("zh")) {
                    return CHINESE;
                }
                if (tag.startsWith("en")) {
                    return ENGLISH;
                }
            }
        } catch (IllegalArgumentException e) {
            return CHINESE;
        }
        return CHINESE;
    }

    /** Lists the supported locale tags, for the UI's language switch. */
    public static List<String> supportedTags() {
        List<String> tags = new ArrayList<>();
        for (Locale locale : SUPPORTED) {
            tags.add(locale.toLanguageTag());
        }
        return tags;
    }
}

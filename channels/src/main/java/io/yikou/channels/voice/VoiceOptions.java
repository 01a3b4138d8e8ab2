package io.yikou.channels.voice;

import io.yikou.channels.voice.actions.CallControlOptions;
import io.yikou.channels.voice.agi.AgiServerOptions;
import io.yikou.channels.voice.ami.AmiOptions;
import io.yikou.channels.voice.ami.Secret;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.EnvOverride;
import io.yikou.ivr.IvrOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code voice} configuration section. Every key is listed in {@code docs/configuration.md}.
 *
 * @param enabled          the voice channel runs only when {@code voice.enabled} is true
 * @param asteriskId       name of the Asterisk server, used in the AMI lease and contact keys
 * @param inboundContexts  dialplan contexts where citizens' calls arrive
 * @param leaseTtl         how long the AMI lease lives without renewal
 * @param ivr              where the IVR flows, prompts, holidays and elderly list come from
 */
public record VoiceOptions(boolean enabled, String asteriskId, AmiOptions ami, Duration leaseTtl,
                           Set<String> inboundContexts, boolean agiEnabled, AgiServerOptions agi,
                           CallControlOptions calls, IvrOptions ivr) {

    /** Environment variables the voice section accepts. */
    public static List<EnvOverride> envOverrides() {
        return List.of(
                new EnvOverride("YIKOU_VOICE_ENABLED", "voice.enabled"),
                new EnvOverride("YIKOU_AMI_HOST", "voice.ami.host"),
                new EnvOverride("YIKOU_AMI_PORT", "voice.ami.port"),
                new EnvOverride("YIKOU_AMI_USERNAME", "voice.ami.username"),
                new EnvOverride("YIKOU_AMI_SECRET", "voice.ami.secret"),
                new EnvOverride("YIKOU_AMI_SECRET_FILE", "voice.ami.secret-file"),
                new EnvOverride("YIKOU_AGI_HOST", "voice.agi.host"),
                new EnvOverride("YIKOU_AGI_PORT", "voice.agi.port"),
                new EnvOverride("YIKOU_IVR_FLOWS_DIR", "voice.ivr.flows-dir"),
                new EnvOverride("YIKOU_IVR_ELDERLY_NUMBERS_FILE", "voice.ivr.elderly-numbers-file"));
    }

    /** Reads the section; problems go to the reader, which reports them all at once. */
    public static VoiceOptions read(ConfigReader r) {
        boolean enabled = r.bool("voice.enabled", false);
        String secretText = r.string("voice.ami.secret", null);
        Optional<Path> secretFile = r.optionalString("voice.ami.secret-file").map(Path::of);
        Secret secret = Secret.of(secretText);
        if (secretText == null && secretFile.isPresent()) {
            secret = readSecretFile(r, secretFile.get());
        }
        if (enabled && secret.isEmpty()) {
            r.problem("voice.ami.secret", "(unset)",
                    "the AMI secret, from YIKOU_AMI_SECRET or a file named by YIKOU_AMI_SECRET_FILE");
        }
        AmiOptions ami;
        try {
            ami = AmiOptions.defaults(r, secret);
        } catch (IllegalArgumentException e) {
            r.problem("voice.ami", e.getMessage(), "consistent AMI limits and delays");
            ami = AmiOptions.builder().secret(secret).build();
        }
        AgiServerOptions agiDefaults = AgiServerOptions.defaults();
        AgiServerOptions agi = new AgiServerOptions(
                r.string("voice.agi.host", agiDefaults.host()),
                r.integer("voice.agi.port", agiDefaults.port(), 0, 65535),
                r.integer("voice.agi.workers", agiDefaults.workers(), 1, 10_000),
                r.integer("voice.agi.queue", agiDefaults.queueCapacity(), 0, 10_000),
                r.duration("voice.agi.environment-timeout", agiDefaults.environmentTimeout(), Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                r.duration("voice.agi.command-timeout", agiDefaults.commandTimeout(), Duration.ofSeconds(1),
                        Duration.ofHours(1)),
                (int) r.bytes("voice.agi.max-line-bytes", agiDefaults.maxLineBytes(), 256, 1024 * 1024),
                agiDefaults.maxEnvironmentLines());
        CallControlOptions callDefaults = CallControlOptions.defaults();
        CallControlOptions calls = new CallControlOptions(
                r.string("voice.callback-context", callDefaults.callbackContext()),
                r.duration("voice.originate-timeout", callDefaults.originateTimeout(), Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                r.string("voice.spy-caller-id", callDefaults.spyCallerId()));
        return new VoiceOptions(enabled,
                r.string("voice.asterisk-id", "pbx1"),
                ami,
                r.duration("voice.ami.lease-ttl", Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofMinutes(5)),
                Set.copyOf(r.stringList("voice.inbound-contexts", List.of("from-trunk"))),
                r.bool("voice.agi.enabled", true),
                agi,
                calls,
                readIvr(r));
    }

    /** Reads {@code voice.ivr.*}; each value is checked by {@link IvrOptions.Builder}, whose message names the range. */
    private static IvrOptions readIvr(ConfigReader r) {
        IvrOptions defaults = IvrOptions.defaults();
        IvrOptions.Builder builder = IvrOptions.builder();
        r.optionalString("voice.ivr.flows-dir").map(Path::of).ifPresent(builder::flowsDir);
        r.optionalString("voice.ivr.prompts-file").map(Path::of).ifPresent(builder::promptsFile);
        r.optionalString("voice.ivr.elderly-numbers-file").map(Path::of).ifPresent(builder::elderlyNumbersFile);
        builder.holidayFiles(r.stringList("voice.ivr.holiday-files", List.of()).stream().map(Path::of).toList());
        builder.timeZone(r.zone("voice.ivr.time-zone", defaults.timeZone()));
        check(r, "voice.ivr.sound-prefix", () -> builder.soundPrefix(r.string("voice.ivr.sound-prefix",
                defaults.soundPrefix())));
        check(r, "voice.ivr.recording-dir", () -> builder.recordingDir(r.string("voice.ivr.recording-dir",
                defaults.recordingDir())));
        check(r, "voice.ivr.recording-format", () -> builder.recordingFormat(r.string("voice.ivr.recording-format",
                defaults.recordingFormat())));
        builder.maxSteps(r.integer("voice.ivr.max-steps", defaults.maxSteps(), 10, 100_000));
        builder.elderlyTimeoutPercent(r.integer("voice.ivr.elderly-timeout-percent", defaults.elderlyTimeoutPercent(),
                100, 500));
        builder.elderlyPriorityBoost(r.integer("voice.ivr.elderly-priority-boost", defaults.elderlyPriorityBoost(),
                0, 100));
        return builder.build();
    }

    private static void check(ConfigReader r, String key, Runnable set) {
        try {
            set.run();
        } catch (IllegalArgumentException e) {
            r.problem(key, r.string(key, ""), e.getMessage());
        }
    }

    private static Secret readSecretFile(ConfigReader r, Path file) {
        try {
            return Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            r.problem("voice.ami.secret-file", file.toString(), "a readable file holding the AMI secret");
            return Secret.of("");
        }
    }
}

package io.yikou.channels.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.core.config.ConfigProblem;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.module.ModuleProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceOptionsTest {

    private static ConfigReader reader(String yaml, Map<String, String> env) {
        return new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test", env,
                VoiceOptions.envOverrides()));
    }

    @Test
    void disabledByDefault() {
        ConfigReader reader = reader("", Map.of());
        VoiceOptions options = VoiceOptions.read(reader);
        assertThat(options.enabled()).isFalse();
        assertThat(reader.problems()).isEmpty();
        assertThat(options.ami().port()).isEqualTo(5038);
        assertThat(options.agi().port()).isEqualTo(4573);
        assertThat(options.inboundContexts()).containsExactly("from-trunk");
    }

    @Test
    void enabledWithoutSecretIsReported() {
        ConfigReader reader = reader("voice:\n  enabled: true\n", Map.of());
        VoiceOptions.read(reader);
        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactly("voice.ami.secret");
    }

    @Test
    void secretFromEnvironmentStaysHidden() {
        ConfigReader reader = reader("voice:\n  enabled: true\n  ami:\n    port: 15038\n",
                Map.of("YIKOU_AMI_SECRET", "s3cret-from-env", "YIKOU_AGI_PORT", "0"));
        VoiceOptions options = VoiceOptions.read(reader);
        assertThat(reader.problems()).isEmpty();
        assertThat(options.ami().secret().reveal()).isEqualTo("s3cret-from-env");
        assertThat(options.ami().port()).isEqualTo(15038);
        assertThat(options.agi().port()).isZero();
        assertThat(options.toString()).doesNotContain("s3cret-from-env");
        assertThat(options.ami().toString()).contains("(hidden)");
    }

    @Test
    void secretFromFileIsTrimmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ami-secret");
        Files.writeString(file, "file-secret\n");
        ConfigReader reader = reader("voice:\n  enabled: true\n", Map.of("YIKOU_AMI_SECRET_FILE", file.toString()));
        VoiceOptions options = VoiceOptions.read(reader);
        assertThat(reader.problems()).isEmpty();
        assertThat(options.ami().secret().reveal()).isEqualTo("file-secret");
    }

    @Test
    void invalidValuesAreReportedTogether() {
        ConfigReader reader = reader("voice:\n  ami:\n    port: 70000\n    keep-alive: soon\n  agi:\n    workers: 0\n",
                Map.of());
        VoiceOptions options = VoiceOptions.read(reader);
        assertThat(reader.problems()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("voice.ami.port", "voice.ami.keep-alive", "voice.agi.workers");
        assertThat(options.ami().keepAliveInterval()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void providerIsFoundAndStaysOffWhenDisabled() {
        ModuleProvider provider = ServiceLoader.load(ModuleProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof VoiceModuleProvider)
                .findFirst().orElseThrow();
        provider.readOptions(reader("", Map.of()));
        assertThat(provider.create(null)).isNull();
        assertThat(provider.envOverrides()).extracting(o -> o.variable()).contains("YIKOU_AMI_SECRET");
    }
}

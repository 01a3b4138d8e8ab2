package io.yikou.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    private static ConfigReader reader(String yaml, Map<String, String> env) {
        return new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(yaml), "test.yaml", env,
                YikouConfig.envOverrides()));
    }

    @Test
    void defaultsApplyWithEmptyConfig() {
        ConfigReader reader = reader("", Map.of());
        YikouConfig config = YikouConfig.read(reader);
        reader.finish();

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.redis().url()).isEmpty();
        assertThat(config.caseSystem().type()).isEqualTo("demo");
        assertThat(config.intake().maxDescriptionChars()).isEqualTo(5000);
    }

    @Test
    void environmentOverridesYaml() {
        ConfigReader reader = reader("http:\n  port: 9000\n", Map.of("YIKOU_HTTP_PORT", "9100"));
        YikouConfig config = YikouConfig.read(reader);
        reader.finish();

        assertThat(config.http().port()).isEqualTo(9100);
    }

    @Test
    void invalidPortNamesKeyValueAndVariable() {
        ConfigReader reader = reader("", Map.of("YIKOU_HTTP_PORT", "70000"));
        YikouConfig.read(reader);

        assertThatThrownBy(reader::finish)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("'70000'")
                .hasMessageContaining("environment variable YIKOU_HTTP_PORT")
                .hasMessageContaining("an integer from 0 to 65535");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigReader reader = reader("case-system:\n  type: fax\nintake:\n  max-photos: many\n", Map.of());
        YikouConfig.read(reader);

        ConfigException error = null;
        try {
            reader.finish();
        } catch (ConfigException e) {
            error = e;
        }
        assertThat(error).isNotNull();
        assertThat(error.problems()).extracting(ConfigProblem::key)
                .contains("case-system.type", "intake.max-photos");
        assertThat(error.getMessage()).contains("one of open311, webhook, demo").contains("test.yaml");
    }

    @Test
    void unknownKeyIsRejected() {
        ConfigReader reader = reader("http:\n  prot: 80\n", Map.of());
        YikouConfig.read(reader);

        assertThatThrownBy(reader::finish).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot")
                .hasMessageContaining("no such key");
    }

    @Test
    void realCaseSystemNeedsUrl() {
        ConfigReader reader = reader("", Map.of("YIKOU_CASE_SYSTEM_TYPE", "open311"));
        YikouConfig.read(reader);

        assertThatThrownBy(reader::finish).isInstanceOf(ConfigException.class)
                .hasMessageContaining("case-system.url")
                .hasMessageContaining("(missing)");
    }

    @Test
    void webhookSecretMustBeLongEnough() {
        ConfigReader reader = reader("", Map.of("YIKOU_CASE_WEBHOOK_SECRET", "short"));
        YikouConfig.read(reader);

        assertThatThrownBy(reader::finish).isInstanceOf(ConfigException.class)
                .hasMessageContaining("case-system.webhook-secret")
                .hasMessageContaining("at least 16 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'short'"));
    }

    @Test
    void durationsAndSizesParseWithUnits() {
        ConfigReader reader = reader("case-system:\n  timeout: 1500ms\nintake:\n  max-photo-bytes: 2MiB\n", Map.of());
        YikouConfig config = YikouConfig.read(reader);
        reader.finish();

        assertThat(config.caseSystem().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.intake().maxPhotoBytes()).isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void redisUrlMustBeRedisScheme() {
        ConfigReader reader = reader("", Map.of("YIKOU_REDIS_URL", "http://localhost:6379"));
        YikouConfig.read(reader);

        assertThatThrownBy(reader::finish).isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis.url")
                .hasMessageContaining("redis://host:port");
    }

    @Test
    void missingConfigFileIsReported(@TempDir Path dir) {
        Map<String, String> env = Map.of(ConfigSource.CONFIG_VARIABLE, dir.resolve("absent.yaml").toString());

        assertThatThrownBy(() -> ConfigSource.load(env, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("YIKOU_CONFIG")
                .hasMessageContaining("absent.yaml");
    }

    @Test
    void malformedYamlIsReportedWithLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "http:\n  port: [80\n");

        assertThatThrownBy(() -> ConfigSource.load(Map.of(ConfigSource.CONFIG_VARIABLE, file.toString()), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("not valid YAML");
    }
}

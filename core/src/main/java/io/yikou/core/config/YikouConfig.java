package io.yikou.core.config;

import io.yikou.core.casesystem.CaseSystemOptions;
import io.yikou.core.grid.GridOptions;
import io.yikou.core.http.HttpOptions;
import io.yikou.core.intake.IntakeOptions;
import io.yikou.core.redis.RedisOptions;
import io.yikou.core.security.SecurityOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The core's configuration, one record per section. Modules read their own sections through the same
 * {@link ConfigReader}. Every key and default is listed in {@code docs/configuration.md}.
 *
 * @param dataDir        where the private Redis, attachments and generated secrets live
 * @param nodeId         this node's name among nodes sharing one Redis
 * @param categoriesFile the district's own category tree, or empty for the bundled one
 */
public record YikouConfig(Path dataDir, String nodeId, Optional<Path> categoriesFile, HttpOptions http,
                          RedisOptions redis, IntakeOptions intake, GridOptions grid, CaseSystemOptions caseSystem,
                          SecurityOptions security) {

    /** Environment variables the core reads, each bound to one key. */
    public static List<EnvOverride> envOverrides() {
        return List.of(
                new EnvOverride("YIKOU_HTTP_PORT", "http.port"),
                new EnvOverride("YIKOU_HTTP_HOST", "http.host"),
                new EnvOverride("YIKOU_DATA_DIR", "data-dir"),
                new EnvOverride("YIKOU_NODE_ID", "node-id"),
                new EnvOverride("YIKOU_REDIS_URL", "redis.url"),
                new EnvOverride("YIKOU_CASE_SYSTEM_TYPE", "case-system.type"),
                new EnvOverride("YIKOU_CASE_SYSTEM_URL", "case-system.url"),
                new EnvOverride("YIKOU_CASE_SYSTEM_API_KEY", "case-system.api-key"),
                new EnvOverride("YIKOU_CASE_WEBHOOK_SECRET", "case-system.webhook-secret"),
                new EnvOverride("YIKOU_ADMIN_TOKEN", "security.admin-token"),
                new EnvOverride("YIKOU_BOOTSTRAP_ADMIN_USERNAME", "security.bootstrap-admin.username"),
                new EnvOverride("YIKOU_BOOTSTRAP_ADMIN_PASSWORD", "security.bootstrap-admin.password"),
                new EnvOverride("YIKOU_TRUSTED_PROXIES", "security.trusted-proxies"),
                new EnvOverride("YIKOU_GRID_STREETS_FILE", "grid.streets-file"),
                new EnvOverride("YIKOU_CATEGORIES_FILE", "categories-file"));
    }

    /** Reads the core sections; problems are reported to the reader. */
    public static YikouConfig read(ConfigReader reader) {
        return new YikouConfig(
                reader.path("data-dir", Path.of("data")),
                reader.string("node-id", defaultNodeId()),
                reader.optionalString("categories-file").map(Path::of),
                HttpOptions.read(reader),
                RedisOptions.read(reader),
                IntakeOptions.read(reader),
                GridOptions.read(reader),
                CaseSystemOptions.read(reader),
                SecurityOptions.read(reader));
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}

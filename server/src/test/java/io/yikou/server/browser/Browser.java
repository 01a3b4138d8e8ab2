package io.yikou.server.browser;

import io.yikou.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium for browser tests, started once per test class through the system
 * {@code chromedriver}. Register it in a static field:
 * {@code @RegisterExtension static final Browser BROWSER = new Browser();}. The class is skipped, with
 * a message, when {@code chromium} or {@code chromedriver} is missing (Debian packages
 * {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them).
 *
 * <p>The browser gets a fresh profile and flags that stop it calling home (no background networking,
 * component updates, sync or QUIC), so it only talks to the test server on 127.0.0.1. Selenium
 * Manager never runs because both the browser and the driver are given by path.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<Path> chromium = locate("YIKOU_CHROMIUM", CHROMIUM);
        Optional<Path> chromedriver = locate("YIKOU_CHROMEDRIVER", CHROMEDRIVER);
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
                "browser tests skipped: chromium or chromedriver not found (install the Debian packages chromium"
                        + " and chromium-driver, or set YIKOU_CHROMIUM and YIKOU_CHROMEDRIVER)");

        profile = Files.createTempDirectory("yikou-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                "--no-default-browser-check", "--disable-dev-shm-usage", "--lang=zh-CN",
                "--window-size=1280,860", "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        LOG.info("Started {} through {} with profile {}", chromium.get(), chromedriver.get(), profile);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            TempDirs.deleteRecursively(profile);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Returns a wait of up to 15 seconds that polls the page, for conditions the page reaches by itself. */
    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /**
     * Runs {@code fetch} in the page and returns the HTTP status, as a script on the page would see it.
     *
     * @param headers extra request headers as name, value pairs
     */
    public long fetchStatus(String method, String path, String jsonBody, String... headers) {
        StringBuilder headerObject = new StringBuilder("{");
        if (jsonBody != null) {
            headerObject.append("'Content-Type':'application/json',");
        }
        for (int i = 0; i < headers.length; i += 2) {
            headerObject.append('\'').append(headers[i]).append("':'").append(headers[i + 1]).append("',");
        }
        headerObject.append('}');
        String script = "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: arguments[1], credentials: 'same-origin', headers: "
                + headerObject + ", body: arguments[2]})"
                + ".then(r => done(r.status)).catch(e => done(-1));";
        Object status = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(script, path, method,
                jsonBody);
        return ((Number) status).longValue();
    }

    /**
     * Saves a PNG of the window as {@code target/screenshots/<name>.png} of the test module, and also
     * under {@code docs/zh-CN/images/} when the tests run with {@code -Dyikou.update-docs-images=true}.
     */
    public Path screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, png);
        String repo = System.getProperty("yikou.repo.dir");
        if (Boolean.getBoolean("yikou.update-docs-images") && repo != null && !repo.isBlank()) {
            Path docs = Path.of(repo, "docs", "zh-CN", "images");
            Files.createDirectories(docs);
            Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static Optional<Path> locate(String variable, List<String> candidates) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}

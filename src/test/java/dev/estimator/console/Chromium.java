package dev.estimator.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's headless Chromium driven through its own chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}). Both paths are given, so Selenium Manager never looks for, let alone downloads, a
 * browser. On a machine without them the calling test is skipped with a message saying what to install.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private Chromium() {
    }

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** Skips the calling test (a JUnit assumption) unless both executables are present. */
    static void assumeInstalled() {
        assumeTrue(installed(),
                "Browser tests need Chromium and its driver at " + BROWSER + " and " + DRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run installs them): skipped here");
    }

    /** A fresh browser with its own throw-away profile; the caller quits it. */
    static ChromeDriver start(Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** The browser console's messages since the last call (errors, CSP violations, …). */
    static List<String> consoleMessages(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** The whole page's height in one screenshot (the window grows for it, then returns to its size). */
    static Path fullPage(ChromeDriver driver, String name) {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 120)));
        try {
            return screenshot(driver, name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Writes the visible page to target/console-screenshots/{name}.png for people to look at. */
    static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

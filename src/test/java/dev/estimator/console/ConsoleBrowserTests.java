package dev.estimator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import dev.estimator.TestKeys;
import dev.estimator.job.JobApi;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless Chromium against the running service: one browser for the class, used in order
 * like a person would (sign in, upload, submit, watch, compare, search), each view's screenshot written under
 * target/console-screenshots. Skipped, with a message, where Chromium is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    ChromeDriver browser;
    Path profile;
    JobApi api;
    String datasetId;
    String firstJob;
    String secondJob;

    @BeforeAll
    void start() throws IOException {
        api = new JobApi(port);
        if (Chromium.installed()) {
            profile = Files.createTempDirectory("console-chromium");
            browser = Chromium.start(profile);
        }
    }

    /** Each test, rather than the class, is skipped: the reports then count them and give the reason. */
    @BeforeEach
    void needsChromium() {
        Chromium.assumeInstalled();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    private String url(String hash) {
        return "http://127.0.0.1:" + port + "/" + hash;
    }

    private WebElement await(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void awaitText(By by, String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private void open(String hash) {
        browser.get(url(hash));
        // a hash change alone does not reload: make sure the view is drawn for this visit
        browser.navigate().refresh();
    }

    /**
     * No script error and no Content-Security-Policy violation was logged by the page. (An answer the test asked
     * for, such as a 401 for a wrong key, is logged as a failed resource load: that is not an error of the page.)
     */
    private void assertCleanConsole() {
        List<String> messages = Chromium.consoleMessages(browser);
        assertThat(messages).as("browser console")
                .noneMatch(m -> m.contains("SEVERE") && !m.contains("Failed to load resource"))
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"));
    }

    @Test
    @Order(1)
    void signInWithAnApiKeyKeptForTheTabOnly() {
        browser.get(url(""));
        await(By.id("credential")).sendKeys("est_not-a-key");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        awaitText(By.id("sign-in-error"), "not accepted");

        WebElement input = browser.findElement(By.id("credential"));
        input.clear();
        input.sendKeys(TestKeys.ADMIN);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        await(By.id("upload"));
        assertThat(browser.findElement(By.id("nav-keys")).isDisplayed()).as("admins see Keys").isTrue();
        assertThat(browser.executeScript("return sessionStorage.getItem('estimator.credential')"))
                .isEqualTo(TestKeys.ADMIN);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.getCurrentUrl()).doesNotContain(TestKeys.ADMIN);
        assertCleanConsole();
    }

    @Test
    @Order(2)
    void uploadHousesThroughTheFileInput() {
        open("#/datasets");
        await(By.id("upload-file")).sendKeys(Path.of("samples", "houses.csv").toAbsolutePath().toString());
        browser.findElement(By.id("upload-submit")).click();
        awaitText(By.id("dataset-name"), "houses.csv");
        datasetId = browser.getCurrentUrl().replaceAll(".*#/datasets/", "");
        JsonNode dataset = api.get("/api/v1/datasets/" + datasetId).json();
        assertThat(dataset.path("rows").asInt()).isEqualTo(500);
        List<String> shown = browser.findElements(By.cssSelector("#first-rows th")).stream().map(WebElement::getText)
                .toList();
        assertThat(shown).containsExactly("rooms", "age", "ocean", "income", "price", "sold");
        assertThat(browser.findElements(By.cssSelector("#first-rows tbody tr"))).hasSize(20);
        Chromium.screenshot(browser, "dataset");
        open("#/datasets");
        await(By.linkText("houses.csv"));
        Chromium.screenshot(browser, "datasets");
        assertCleanConsole();
    }

    @Test
    @Order(3)
    void submitAJobFromTheFormAndWatchItsLossCurveGrow() {
        open("#/datasets/" + datasetId + "/new-job");
        new Select(await(By.id("f-target"))).selectByValue("price");
        new Select(browser.findElement(By.id("f-missing"))).selectByValue("skip");
        type("f-optimizer-learningRate", "0.02");
        type("f-optimizer-maxIterations", "1000000");
        type("f-optimizer-tolerance", "0");
        type("f-maxRuntimeSeconds", "6");
        type("f-name", "plain gd");
        Chromium.screenshot(browser, "new-job");
        browser.findElement(By.id("submit-job")).click();
        await(By.id("loss-chart"));
        firstJob = browser.getCurrentUrl().replaceAll(".*#/jobs/", "");

        // while the job runs, the chart must reach later iterations (its point count is downsampled to its width, so
        // that count alone may shrink as the history grows)
        List<Integer> whileRunning = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            // read together in one script: the page redraws its header with every progress event
            List<?> seen = (List<?>) browser.executeScript("return [document.getElementById('job-status').textContent,"
                    + " document.getElementById('loss-chart').dataset.lastX || '-1',"
                    + " document.getElementById('loss-chart').dataset.points || '0']");
            String status = (String) seen.get(0);
            if (status.equals("RUNNING")) {
                whileRunning.add(Integer.parseInt((String) seen.get(1)));
                if (whileRunning.size() == 6) {
                    Chromium.screenshot(browser, "job-running");
                }
            } else if (!status.equals("QUEUED")) {
                break;
            }
            sleep(250);
        }
        assertThat(whileRunning).as("last iterations drawn while RUNNING").hasSizeGreaterThan(2);
        assertThat(whileRunning.get(whileRunning.size() - 1)).as("%s", whileRunning)
                .isGreaterThan(whileRunning.get(0));

        awaitText(By.id("job-status"), "SUCCEEDED");
        await(By.id("coefficients"));
        JsonNode result = api.get("/api/v1/jobs/" + firstJob + "/result").json();
        assertThat(result.path("stopReason").asString()).isEqualTo("TIME_LIMIT");
        List<JsonNode> expected = new ArrayList<>();
        expected.add(result.path("intercept"));
        result.path("coefficients").forEach(expected::add);
        List<WebElement> rows = browser.findElements(By.cssSelector("#coefficients tbody tr"));
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
            JsonNode c = expected.get(i);
            assertThat(cells.get(0).getText()).isEqualTo(c.path("name").asString());
            double value = c.path("value").asDouble();
            assertThat(Double.parseDouble(cells.get(1).getText())).as(c.path("name").asString())
                    .isCloseTo(value, within(Math.abs(value) * 1e-5 + 1e-12));
            double low = c.path("ci95").get(0).asDouble();
            assertThat(Double.parseDouble(cells.get(5).getText())).isCloseTo(low, within(Math.abs(low) * 1e-4));
        }
        assertThat(browser.findElements(By.cssSelector("#coefficient-plot g.coef"))).hasSize(expected.size() - 1);
        assertThat(points("loss-chart")).isLessThanOrEqualTo(2000);
        Chromium.screenshot(browser, "job");
        browser.findElement(By.id("log-scale")).click();
        Chromium.fullPage(browser, "job-full");

        browser.findElement(By.cssSelector("#predict button")).click();
        awaitText(By.id("prediction"), "Prediction");
        assertCleanConsole();
    }

    @Test
    @Order(4)
    void compareTwoJobsOnOneChartWithTheirSpecDifferences() {
        secondJob = api.accepted("""
                {"datasetId": "%s", "name": "momentum gd", "target": "price", "missing": "skip",
                 "optimizer": {"update": "momentum", "learningRate": 0.02, "maxIterations": 300}}"""
                .formatted(datasetId)).toString();
        api.awaitFinished(UUID.fromString(secondJob), WAIT);

        open("#/jobs");
        await(By.cssSelector("input[name=pick][value='" + firstJob + "']")).click();
        browser.findElement(By.cssSelector("input[name=pick][value='" + secondJob + "']")).click();
        browser.findElement(By.id("compare-selected")).click();
        await(By.id("compare-chart"));
        awaitText(By.cssSelector("#compare-chart .u-legend"), "momentum gd");
        assertThat(browser.findElement(By.cssSelector("#compare-chart .u-legend")).getText()).contains("plain gd");
        WebElement differences = browser.findElement(By.id("spec-differences"));
        List<String> fields = differences.findElements(By.cssSelector("tbody th")).stream().map(WebElement::getText)
                .toList();
        assertThat(fields).contains("name", "optimizer.update", "optimizer.maxIterations", "maxRuntimeSeconds")
                .doesNotContain("target", "datasetId");
        assertThat(differences.getText()).contains("plain").contains("momentum");
        browser.findElement(By.id("log-scale")).click();
        new Select(browser.findElement(By.id("x-axis"))).selectByValue("time");
        assertThat(points("compare-chart")).isGreaterThan(300);
        Chromium.fullPage(browser, "compare");
        assertCleanConsole();
    }

    @Test
    @Order(5)
    void aLearningRateSearchFromAJobsSpecOpensOnItsPage() {
        open("#/jobs/" + secondJob);
        await(By.linkText("Search its learning rate")).click();
        type("s-values", "0.002, 0.02, 0.2");
        type("s-folds", "2");
        browser.findElement(By.id("submit-search")).click();
        await(By.id("search-name"));
        awaitText(By.cssSelector("#main .status"), "SUCCEEDED");
        String searchId = browser.getCurrentUrl().replaceAll(".*#/searches/", "");
        JsonNode search = api.get("/api/v1/searches/" + searchId).json();
        List<WebElement> rows = browser.findElements(By.cssSelector("#main table tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("tr.best"))).hasSize(1);
        String best = search.path("best").path("params").path("optimizer.learningRate").asString();
        assertThat(browser.findElement(By.cssSelector("tr.best td")).getText()).isEqualTo(best);
        assertThat(browser.findElements(By.cssSelector("#score-plot g.best"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("tr.best a"))).hasSize(2);
        assertThat(browser.findElement(By.linkText("the refit job")).getAttribute("href"))
                .endsWith("#/jobs/" + search.path("bestJobId").asString());
        Chromium.screenshot(browser, "search");
        open("#/searches");
        await(By.linkText(search.path("name").asString()));
        Chromium.screenshot(browser, "searches");
        assertCleanConsole();
    }

    @Test
    @Order(6)
    void aDatasetInUseIsNotDeletedAndTheConsoleSaysWhyThenTheJobIsCancelled() {
        UUID job = api.accepted("""
                {"datasetId": "%s", "name": "long", "target": "price", "missing": "skip",
                 "optimizer": {"learningRate": 0.001, "maxIterations": 1000000, "tolerance": 0},
                 "maxRuntimeSeconds": 60}""".formatted(datasetId));
        open("#/datasets/" + datasetId);
        await(By.id("delete-dataset")).click();
        browser.switchTo().alert().accept();
        awaitText(By.cssSelector("#main .banner.error"), "cannot be deleted while a queued or running job uses it");
        Chromium.screenshot(browser, "dataset-in-use");
        assertThat(api.get("/api/v1/datasets/" + datasetId).status()).isEqualTo(200);

        open("#/jobs/" + job);
        // the page redraws its buttons once when the job starts: click the one that is there
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.id("cancel-job")).click();
            return true;
        });
        awaitText(By.id("job-status"), "CANCELLED");
        assertThat(api.job(job).json().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(browser.findElements(By.id("cancel-job"))).isEmpty();
        assertCleanConsole();
    }

    @Test
    @Order(7)
    void namesThatLookLikeHtmlAreShownAsTextAndRunNothing() {
        String column = "<img src=x onerror=alert(1)>";
        UUID dataset = api.upload("%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E.csv", column + ",y\n1,2\n2,4.5\n3,5\n");
        UUID job = api.accepted("""
                {"datasetId": "%s", "name": "<img src=x onerror=alert(2)>", "target": "y",
                 "optimizer": {"maxIterations": 5}}""".formatted(dataset));
        api.awaitFinished(job, WAIT);

        open("#/datasets/" + dataset);
        awaitText(By.id("dataset-name"), "<img src=x onerror=alert(3)>.csv");
        await(By.id("first-rows"));
        assertThat(browser.findElements(By.cssSelector("#first-rows th")).get(0).getText()).isEqualTo(column);
        assertThat(browser.findElements(By.cssSelector("#main img"))).isEmpty();
        Chromium.screenshot(browser, "html-names");
        open("#/datasets/" + dataset + "/new-job");
        await(By.id("job-form"));
        assertThat(browser.findElement(By.id("f-features")).getText()).contains(column);
        open("#/jobs/" + job);
        awaitText(By.id("job-status"), "SUCCEEDED");
        assertThat(browser.findElement(By.id("job-name")).getText()).isEqualTo("<img src=x onerror=alert(2)>");
        await(By.id("coefficients"));
        assertThat(browser.findElement(By.cssSelector("#coefficients tbody tr:nth-child(2) td")).getText())
                .isEqualTo(column);
        assertThat(browser.findElements(By.cssSelector("#main img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertCleanConsole();
    }

    @Test
    @Order(8)
    void anAdministratorCreatesAKeyShownOnceAndRevokesIt() {
        open("#/keys");
        await(By.id("k-name")).sendKeys("console test");
        browser.findElement(By.cssSelector("#key-form button")).click();
        String key = await(By.id("new-key")).getText();
        assertThat(key).startsWith("est_");
        assertThat(api.as(key).get("/api/v1/datasets").status()).isEqualTo(200);
        Chromium.screenshot(browser, "keys");

        WebElement row = browser.findElements(By.cssSelector("#main table tbody tr")).stream()
                .filter(r -> r.getText().startsWith("console test")).findFirst().orElseThrow();
        row.findElement(By.className("revoke")).click();
        browser.switchTo().alert().accept();
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> d.findElements(By.cssSelector("#main table tbody tr")).stream()
                .noneMatch(r -> r.getText().startsWith("console test")));
        assertThat(api.as(key).get("/api/v1/datasets").status()).isEqualTo(401);
        assertCleanConsole();
    }

    @Test
    @Order(9)
    void swaggerUiShowsTheApiDescriptionWithItsBearerPlaceholder() {
        browser.get(url("swagger-ui/index.html"));
        WebElement info = await(By.cssSelector(".information-container .info"));
        awaitText(By.cssSelector(".information-container .info"), "Estimator API");
        Chromium.screenshot(browser, "swagger-ui");
        assertThat(info.getText()).contains("Authorization: Bearer <credential>");
        // rendered as the document's Markdown code, not swallowed as an HTML tag
        assertThat(info.findElements(By.xpath(".//code[contains(., '<credential>')]"))).isNotEmpty();
        // the search's long poll and events are documented beside the job's
        awaitText(By.cssSelector(".swagger-ui"), "/api/v1/searches/{id}/events");
    }

    private void type(String id, String text) {
        WebElement input = await(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private int points(String chartId) {
        String count = browser.findElement(By.id(chartId)).getAttribute("data-points");
        return count == null ? 0 : Integer.parseInt(count);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

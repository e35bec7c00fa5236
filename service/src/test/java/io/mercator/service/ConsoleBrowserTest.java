package io.mercator.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console in a real browser: Debian's headless Chromium driven through its
 * chromedriver by Selenium, against a running service on a small demo marketplace. Every page loads
 * without a console error; a moderation decision made by clicking takes the listing out of /feed;
 * a model promoted by clicking is production in the admin API; the SHAP bars carry the numbers
 * /feed?explain=true gives. Screenshots of each page go to target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String ADMIN = "console-admin-" + UUID.randomUUID();
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path dir;
    static RunningMercator app;
    static ChromeDriver browser;
    static WebDriverWait waiting;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(RunningMercator.adminKeys(dir, "ops-lead", "admin", ADMIN));
        // any candidate beats the gate here: the test promotes what retraining stages
        settings.putAll(Map.of("MERCATOR_RETRAINING_ENABLED", "false", "MERCATOR_RETRAINING_MIN_NDCG_GAIN", "-1",
                "MERCATOR_RETRAINING_MIN_EVALUATION_REQUESTS", "1"));
        app = RunningMercator.start(dir.resolve("data"), true, settings).awaitReady();
        for (String exe : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            assertThat(Path.of(exe)).as(exe + " (./mercator test installs Debian's chromium and chromium-driver)")
                    .isExecutable();
        }
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1100",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SHOTS);
        browser.get(base() + "/console");
        WebElement key = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        key.sendKeys(ADMIN);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + app.mercator.port();
    }

    private static void open(String page, By ready) {
        browser.get(base() + "/console#/" + page);
        browser.navigate().refresh(); // a fresh page each time: its console messages are its own
        await(ready);
    }

    /** Waits for the element; if it never comes, fails with what the page shows instead. */
    private static WebElement await(By ready) {
        try {
            return waiting.until(ExpectedConditions.presenceOfElementLocated(ready));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + ready + " on " + browser.getCurrentUrl() + "; the page shows: "
                    + browser.findElement(By.tagName("main")).getText() + "; console: " + consoleErrors(), e);
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return body == null ? app.send(method, path, null, "Authorization", "Bearer " + ADMIN)
                : app.send(method, path, body, "Authorization", "Bearer " + ADMIN, "content-type", "application/json");
    }

    @Test
    @Order(1)
    void everyPageLoadsWithoutAConsoleErrorAndTheKeyStaysOutOfTheUrl() throws Exception {
        // a queue with something in it for its screenshot
        String flagged = new JsonObject(app.get("/search?q=iphone&lat=13.75&lon=100.5").body()).getJsonArray("items")
                .getJsonObject(0).getString("listing_id");
        assertThat(app.post("/events", "application/json", new JsonArray().add(new JsonObject()
                .put("id", "flag-" + UUID.randomUUID()).put("type", "moderation.flagged").put("v", 1)
                .put("ts", System.currentTimeMillis()).put("key", flagged).put("data", new JsonObject()
                        .put("reason", "LINE id in the description").put("risk", 0.85).put("source", "text-analysis")
                        .put("kind", "diversion"))).encode()).statusCode()).isEqualTo(202);
        open("preview", By.id("preview-form"));
        browser.findElement(By.id("preview-go")).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".explanation .bar")));
        screenshot("preview");
        assertThat(consoleErrors()).as("preview").isEmpty();

        // some traffic for the charts, over more than one sampling interval
        long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
        for (int i = 0; System.nanoTime() < until; i++) {
            app.get("/feed?user_id=user-%05d&lat=13.75&lon=100.5".formatted(i % 60 + 1));
            app.get("/search?q=iphone&lat=13.75&lon=100.5");
            Thread.sleep(20);
        }
        JsonArray samples = new JsonObject(admin("GET", "/admin/ops", null).body()).getJsonArray("samples");
        JsonObject last = samples.getJsonObject(samples.size() - 1);
        assertThat(last.getJsonObject("endpoints").getJsonObject("/feed").getDouble("rps")).isPositive();
        assertThat(last.getJsonObject("endpoints").getJsonObject("/search").getDouble("p99")).isPositive();
        assertThat(last.getJsonObject("components").getJsonObject("vector-recall").getDouble("p99")).isPositive();
        assertThat(last.getJsonObject("psi").fieldNames()).as("every feature from the first sample").contains("price");
        assertThat(samples.getJsonObject(0).getJsonObject("components").fieldNames())
                .containsAll(last.getJsonObject("components").fieldNames());
        open("operations", By.cssSelector("#charts figure .uplot"));
        Thread.sleep(500);
        assertThat(browser.findElements(By.cssSelector("#charts figure"))).hasSize(8);
        screenshot("operations");
        assertThat(consoleErrors()).as("operations").isEmpty();

        open("moderation", By.id("queue"));
        screenshot("moderation");
        assertThat(consoleErrors()).as("moderation").isEmpty();

        open("models", By.id("models"));
        screenshot("models");
        assertThat(consoleErrors()).as("models").isEmpty();

        open("overrides", By.id("overrides"));
        screenshot("overrides");
        assertThat(consoleErrors()).as("overrides").isEmpty();

        assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN);
    }

    @Test
    @Order(2)
    void theShapBarsCarryTheNumbersFeedExplainGives() {
        open("preview", By.id("preview-form"));
        browser.findElement(By.id("user_id")).clear();
        browser.findElement(By.id("user_id")).sendKeys("user-00003");
        browser.findElement(By.id("preview-go")).click();
        WebElement first = waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".explanation")));
        String listing = first.getDomAttribute("data-listing");
        List<WebElement> bars = first.findElements(By.cssSelector(".bar"));
        assertThat(bars).hasSizeGreaterThan(5);

        // the preview wrote nothing, so /feed answers from the same state
        JsonObject feed = new JsonObject(app.get("/feed?user_id=user-00003&lat=13.75&lon=100.50&limit=20&explain=true")
                .body());
        JsonObject shap = feed.getJsonArray("explanations").stream().map(o -> (JsonObject) o)
                .filter(x -> x.getString("listing_id").equals(listing)).findFirst().orElseThrow()
                .getJsonObject("pctr_shap");
        for (WebElement bar : bars) {
            double drawn = Double.parseDouble(bar.getDomAttribute("data-value"));
            assertThat(drawn).as(bar.getDomAttribute("data-feature"))
                    .isCloseTo(shap.getDouble(bar.getDomAttribute("data-feature")), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    @Order(3)
    void aModeratorRemovesAListingByClickingAndTheFeedNoLongerServesIt() throws Exception {
        String user = "user-00005";
        String feedPath = "/feed?user_id=" + user + "&lat=13.75&lon=100.5&limit=50";
        JsonArray items = new JsonObject(app.get(feedPath).body()).getJsonArray("items");
        String listing = items.getJsonObject(0).getString("listing_id");
        String flag = new JsonArray().add(new JsonObject().put("id", "flag-" + UUID.randomUUID())
                .put("type", "moderation.flagged").put("v", 1).put("ts", System.currentTimeMillis()).put("key", listing)
                .put("data", new JsonObject().put("reason", "a vape sold as a pen").put("risk", 0.7)
                        .put("source", "text-analysis").put("kind", "prohibited")
                        .put("evidence", new JsonObject().put("findings", new JsonArray().add(new JsonObject()
                                .put("kind", "prohibited").put("type", "e_cigarette").put("field", "title")
                                .put("start", 0).put("end", 4)))))).encode();
        assertThat(app.post("/events", "application/json", flag).statusCode()).isEqualTo(202);
        eventually(Duration.ofSeconds(5), () -> admin("GET", "/admin/moderation/items/" + listing + "~1", null)
                .statusCode() == 200);

        // the serving above flagged hundreds of borderline prices; a moderator filters by kind
        open("moderation?kind=prohibited", By.cssSelector("button.open-item[data-item='" + listing + "~1']"));
        browser.findElement(By.cssSelector("button.open-item[data-item='" + listing + "~1']")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-card")));
        screenshot("moderation-item");
        browser.findElement(By.id("decision-reason")).sendKeys("a price too good to be true, photos from elsewhere");
        browser.findElement(By.id("remove")).click();
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("button.open-item[data-item='" + listing + "~1']")));

        eventually(Duration.ofSeconds(1), () -> !new JsonObject(app.get(feedPath).body()).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("listing_id")).toList().contains(listing));
        JsonObject decided = new JsonObject(admin("GET", "/admin/moderation/items/" + listing + "~1", null).body());
        assertThat(decided.getJsonObject("decision").getString("actor")).isEqualTo("ops-lead");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void anAdminPromotesTheCanaryByClickingAndTheRegistrySaysSo() {
        HttpResponse<String> retrained = admin("POST", "/admin/models/retrain", "{\"reason\":\"for the console test\"}");
        assertThat(retrained.statusCode()).as(retrained.body()).isEqualTo(200);
        String candidate = new JsonObject(retrained.body()).getJsonObject("model").getString("version");
        assertThat(new JsonObject(retrained.body()).getJsonObject("model").getString("stage")).isEqualTo("staging");

        open("models", By.cssSelector("button.promote[data-version='" + candidate + "']"));
        browser.findElement(By.cssSelector("button.promote[data-version='" + candidate + "']")).click();
        waiting.until(ExpectedConditions.alertIsPresent()).accept();
        waiting.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-version='" + candidate + "'][data-stage='production']")));

        JsonArray models = new JsonObject(admin("GET", "/admin/models", null).body()).getJsonArray("models");
        assertThat(models.stream().map(o -> (JsonObject) o).filter(m -> m.getString("version").equals(candidate)))
                .singleElement().satisfies(m -> assertThat(m.getString("stage")).isEqualTo("production"));
        assertThat(consoleErrors()).isEmpty();
    }
}

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
import org.openqa.selenium.Alert;
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
import org.openqa.selenium.support.ui.Select;
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
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console in a real browser: Debian's headless Chromium driven through its
 * chromedriver by Selenium, against a running service on a small demo marketplace. Every page loads
 * without a console error; a moderator removes a listing, approves another and bans a seller by
 * clicking, and /feed follows each; an override set and lifted by clicking takes effect and ends;
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

    /** Flags a listing as prohibited text (as text analysis would), and waits for its queue item. */
    private static void flag(String listing) throws InterruptedException {
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
    }

    /** Opens a queue item in the console, filtered by kind as a moderator would among many fraud flags. */
    private static void openItem(String item) {
        By button = By.cssSelector("button.open-item[data-item='" + item + "']");
        open("moderation?kind=prohibited", By.cssSelector("button.open-item"));
        // the queue is oldest first, and the listing flow's text screening may have filled pages
        // before this item: page on, as a moderator would
        while (browser.findElements(button).isEmpty() && !browser.findElements(By.id("next-page")).isEmpty()) {
            String next = browser.findElement(By.id("next-page")).getAttribute("href");
            browser.get(next);
            browser.navigate().refresh();
            await(By.cssSelector("button.open-item"));
        }
        await(button).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("item-card")));
    }

    private static void decideByClicking(String item, String buttonId, String reason) {
        browser.findElement(By.id("decision-reason")).sendKeys(reason);
        browser.findElement(By.id(buttonId)).click();
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("button.open-item[data-item='" + item + "']")));
    }

    private static List<String> served(String path) {
        return new JsonObject(app.get(path).body()).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("listing_id")).toList();
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
        String listing = served(feedPath).get(0);
        flag(listing);

        openItem(listing + "~1");
        screenshot("moderation-item");
        decideByClicking(listing + "~1", "remove", "a price too good to be true, photos from elsewhere");

        eventually(Duration.ofSeconds(1), () -> !served(feedPath).contains(listing));
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

    @Test
    @Order(5)
    void aModeratorApprovesOneItemAndBansTheSellerOfAnotherByClicking() throws Exception {
        String user = "user-00007";
        String feedPath = "/feed?user_id=" + user + "&lat=13.75&lon=100.5&limit=50";
        List<String> before = served(feedPath);
        String kept = before.get(0);
        String sellerOfKept = app.mercator.catalog().listing(kept).orElseThrow().sellerId();
        String banned = before.stream().filter(id -> !app.mercator.catalog().listing(id).orElseThrow().sellerId()
                .equals(sellerOfKept)).findFirst().orElseThrow();
        String seller = app.mercator.catalog().listing(banned).orElseThrow().sellerId();
        flag(kept);
        flag(banned);

        openItem(kept + "~1");
        decideByClicking(kept + "~1", "approve", "an ordinary pen, checked the photos");
        JsonObject approved = new JsonObject(admin("GET", "/admin/moderation/items/" + kept + "~1", null).body());
        assertThat(approved.getJsonObject("decision").getString("decision")).isEqualTo("approve");
        assertThat(served(feedPath)).contains(kept);

        openItem(banned + "~1");
        decideByClicking(banned + "~1", "ban-seller", "sells vapes under many listings");
        eventually(Duration.ofSeconds(1), () -> served(feedPath).stream()
                .noneMatch(id -> app.mercator.catalog().listing(id).orElseThrow().sellerId().equals(seller)));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void anOverrideIsSetAndLiftedByClickingAndServingFollows() throws Exception {
        String feedPath = "/feed?user_id=user-00009&lat=13.75&lon=100.5&limit=50";
        String category = app.mercator.catalog().listing(served(feedPath).get(0)).orElseThrow().category();
        BooleanSupplier categoryServed = () -> served(feedPath).stream()
                .anyMatch(id -> app.mercator.catalog().listing(id).orElseThrow().category().equals(category));

        open("overrides", By.id("override-form"));
        new Select(browser.findElement(By.cssSelector("#override-form select[name=action]")))
                .selectByValue("ban_category");
        browser.findElement(By.cssSelector("#override-form input[name=target]")).sendKeys(category);
        browser.findElement(By.cssSelector("#override-form input[name=reason]")).sendKeys("recall notice from the maker");
        browser.findElement(By.cssSelector("#override-form button[type=submit]")).click();
        By lift = By.cssSelector("button.lift[data-action='ban_category'][data-target='" + category + "']");
        await(lift);
        eventually(Duration.ofSeconds(1), () -> !categoryServed.getAsBoolean());

        browser.findElement(lift).click();
        Alert why = waiting.until(ExpectedConditions.alertIsPresent());
        why.sendKeys("recall withdrawn");
        why.accept();
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(lift));
        eventually(Duration.ofSeconds(1), categoryServed);
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(7)
    void anAdminRunsAShadowAndABlueGreenReleaseByClickingAndServingFollows() throws Exception {
        // after the promotion above, the registry holds the first model (archived) beside production
        JsonObject ranker = new JsonObject(admin("GET", "/admin/releases/ranker", null).body());
        String blue = ranker.getString("live");
        String green = ranker.getJsonArray("versions").stream().map(String::valueOf).filter(v -> !v.equals(blue))
                .findFirst().orElseThrow();
        By card = By.cssSelector(".release[data-kind='ranker']");

        open("releases", By.cssSelector(".release[data-kind='ranker'] button.shadow"));
        new Select(browser.findElement(By.cssSelector(".release[data-kind='ranker'] select.candidate"))).selectByValue(green);
        browser.findElement(By.cssSelector(".release[data-kind='ranker'] button.shadow")).click();
        await(By.cssSelector(".release[data-kind='ranker'][data-mode='shadow'] .shadow-figures"));
        eventually(Duration.ofSeconds(20), () -> {
            app.get("/feed?user_id=user-00021&lat=13.75&lon=100.5");
            return new JsonObject(admin("GET", "/admin/releases/ranker", null).body())
                    .getJsonObject("shadow").getLong("compared") > 0;
        });
        open("releases", By.cssSelector(".release[data-kind='ranker'][data-mode='shadow'] .shadow-figures .compared"));
        assertThat(Long.parseLong(browser.findElement(By.cssSelector(".release[data-kind='ranker'] .compared")).getText()))
                .isPositive();
        screenshot("releases-shadow");
        browser.findElement(By.cssSelector(".release[data-kind='ranker'] button.end")).click();
        waiting.until(ExpectedConditions.alertIsPresent()).accept();
        await(By.cssSelector(".release[data-kind='ranker'][data-mode='none']"));

        new Select(browser.findElement(By.cssSelector(".release[data-kind='ranker'] select.candidate"))).selectByValue(green);
        browser.findElement(By.cssSelector(".release[data-kind='ranker'] button.blue-green")).click();
        await(By.cssSelector(".release[data-kind='ranker'][data-mode='blue_green'] button.switch")).click();
        waiting.until(ExpectedConditions.alertIsPresent()).accept();
        await(By.cssSelector(".release[data-kind='ranker'][data-live='" + green + "'] button.switch-back"));
        screenshot("releases-blue-green");
        assertThat(feedModel()).isEqualTo(green);

        browser.findElement(By.cssSelector(".release[data-kind='ranker'] button.switch-back")).click();
        waiting.until(ExpectedConditions.alertIsPresent()).accept();
        await(By.cssSelector(".release[data-kind='ranker'][data-live='" + blue + "'] button.switch"));
        assertThat(feedModel()).isEqualTo(blue);
        browser.findElement(By.cssSelector(".release[data-kind='ranker'] button.end")).click();
        waiting.until(ExpectedConditions.alertIsPresent()).accept();
        await(By.cssSelector(".release[data-kind='ranker'][data-mode='none'][data-live='" + blue + "']"));
        assertThat(browser.findElements(card)).hasSize(1);
        assertThat(consoleErrors()).isEmpty();
    }

    /** The model that scored a feed page (asked again when a slow request was answered from a fallback list). */
    private static String feedModel() {
        String version = null;
        for (int i = 0; i < 5; i++) {
            version = new JsonObject(app.get("/feed?user_id=user-00011&lat=13.75&lon=100.5").body()).getString("model_version");
            if (version.startsWith("m-")) {
                return version;
            }
        }
        return version;
    }
}

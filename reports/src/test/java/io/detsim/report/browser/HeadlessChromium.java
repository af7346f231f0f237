package io.detsim.report.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium for tests of the HTML reports: Debian's {@code chromium}, driven
 * through Debian's {@code chromium-driver}, both at fixed paths. Selenium Manager never runs:
 * the driver and the browser are both named, so nothing is ever looked up or downloaded.
 *
 * <p>Starting costs one to two seconds (see {@link #startupTime()}), so a test class starts one
 * browser in {@code @BeforeAll} and closes it in {@code @AfterAll}; {@link #open} navigates its
 * single tab to each page in turn. {@link #close} ends chromedriver, the browser and all of the
 * browser's child processes, and deletes the temporary profile.
 *
 * <p>Gate a test class with {@link #requireOrSkip()} (or start with {@link #startOrSkip()}):
 * without the binaries the tests are skipped, unless {@value #REQUIRE_ENV}=1, when they fail.
 * Not thread-safe: one test thread per browser.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** System property overriding the browser's path (tests simulate a missing binary). */
    public static final String CHROMIUM_PROPERTY = "detsim.browser.chromium";
    /** System property overriding chromedriver's path. */
    public static final String CHROMEDRIVER_PROPERTY = "detsim.browser.chromedriver";
    /** Environment variable: {@code 1} turns a missing browser from a skip into a failure. */
    public static final String REQUIRE_ENV = "DETSIM_REQUIRE_BROWSER";
    /** How to get the binaries, quoted in skip and failure messages. */
    public static final String INSTALL_HINT =
        "install them with `apt-get install -y chromium chromium-driver` "
            + "(or run scripts/setup-browser.sh)";

    /** The viewport, in CSS pixels (device scale factor 1). */
    public static final int WIDTH = 1400;
    public static final int HEIGHT = 1000;

    /**
     * The flags known to work here, plus a fixed window and {@code --disable-dev-shm-usage}
     * (containers often have a 64 MiB /dev/shm, which crashes renderers; this uses /tmp).
     */
    static final List<String> FLAGS = List.of(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=" + WIDTH + "," + HEIGHT);

    /**
     * Selenium's own CDP bindings exist only for the Chromium versions of its release; for any
     * other it warns at every start. Nothing here needs them ({@code executeCdpCommand} goes
     * through chromedriver), so only their severe messages are shown. Held: JUL keeps loggers
     * weakly, and a collected logger would forget its level.
     */
    private static final List<Logger> QUIETER = severeOnly(
        "org.openqa.selenium.devtools.CdpVersionFinder",
        "org.openqa.selenium.chromium.ChromiumDriver");

    private static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DEFAULT_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Chromium refuses screenshots taller than its largest texture; stay well under it. */
    private static final int MAX_SCREENSHOT_HEIGHT = 16_000;

    private final Path profile;
    private final ChromeDriver driver;
    private final List<ProcessHandle> driverProcesses;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private int generation;
    private boolean closed;

    private HeadlessChromium(Path profile, ChromeDriver driver,
            List<ProcessHandle> driverProcesses, long startedNanos) {
        this.profile = profile;
        this.driver = driver;
        this.driverProcesses = driverProcesses;
        shutdownHook = new Thread(this::close, "detsim-chromium-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        startupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static HeadlessChromium launch(Path chromium, Path chromedriver) throws IOException {
        long started = System.nanoTime();
        Path profile = Files.createTempDirectory("detsim-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
        Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
            // --window-size sizes the window, whose viewport headless Chromium makes smaller
            // (1400x857 here): pin the viewport itself, for every page of this tab.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
            return new HeadlessChromium(profile, driver, newChildren(before), started);
        } catch (RuntimeException e) {
            List<ProcessHandle> tree = withDescendants(newChildren(before));
            try {
                if (driver != null) {
                    driver.quit();
                } else {
                    service.stop();
                }
            } catch (RuntimeException quitting) {
                e.addSuppressed(quitting);
            }
            killAll(tree);
            deleteTree(profile);
            if (e instanceof WebDriverException) {
                throw new IllegalStateException("could not start " + chromium + " through "
                    + chromedriver + ": " + firstLine(e.getMessage()) + " (versions: "
                    + versionOf(chromium) + "; " + versionOf(chromedriver)
                    + "; they must match, as Debian's chromium and chromium-driver always do)", e);
            }
            throw e;
        }
    }

    /** Starts a browser; fails if a binary is missing (see {@link #startOrSkip()}). */
    public static HeadlessChromium start() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join("; ", missing) + "; " + INSTALL_HINT);
        }
        try {
            return launch(chromiumBinary().orElseThrow(), chromedriverBinary().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #requireOrSkip()}, then {@link #start()}: for a test class's {@code @BeforeAll}. */
    public static HeadlessChromium startOrSkip() {
        requireOrSkip();
        return start();
    }

    /**
     * The gate of every browser test: returns if both binaries are there; otherwise skips the
     * calling test (or class, from {@code @BeforeAll}) through a JUnit assumption, or fails it
     * when {@value #REQUIRE_ENV}=1, naming what is missing and how to install it.
     */
    public static void requireOrSkip() {
        List<String> missing = missing();
        boolean required = "1".equals(System.getenv(REQUIRE_ENV));
        if (!missing.isEmpty() && !required) {
            // Surefire's console names skipped tests but not why: say it where CI logs show it.
            System.err.println(skipMessage(missing));
        }
        gate(missing, required);
    }

    static void gate(List<String> missing, boolean required) {
        if (missing.isEmpty()) {
            return;
        }
        if (required) {
            Assertions.fail("browser tests are required (" + REQUIRE_ENV + "=1) but "
                + String.join("; ", missing) + "; " + INSTALL_HINT);
        }
        Assumptions.abort(skipMessage(missing));
    }

    private static String skipMessage(List<String> missing) {
        return "browser tests skipped: " + String.join("; ", missing) + "; " + INSTALL_HINT
            + "; set " + REQUIRE_ENV + "=1 to make this a failure";
    }

    /** What is missing, one sentence per binary; empty when the browser can start. */
    public static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (chromiumBinary().isEmpty()) {
            missing.add("chromium not found at " + configured(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM)
                + " (Debian package chromium)");
        }
        if (chromedriverBinary().isEmpty()) {
            missing.add("chromedriver not found at "
                + configured(CHROMEDRIVER_PROPERTY, DEFAULT_CHROMEDRIVER)
                + " (Debian package chromium-driver)");
        }
        return missing;
    }

    /** The browser: /usr/bin/chromium unless {@value #CHROMIUM_PROPERTY} says otherwise. */
    public static Optional<Path> chromiumBinary() {
        return executable(configured(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM));
    }

    /** The driver: /usr/bin/chromedriver unless {@value #CHROMEDRIVER_PROPERTY} says so. */
    public static Optional<Path> chromedriverBinary() {
        return executable(configured(CHROMEDRIVER_PROPERTY, DEFAULT_CHROMEDRIVER));
    }

    /**
     * {@code target/browser-artifacts} of the module under test (created if needed): where
     * browser tests save screenshots, kept as build artifacts.
     */
    public static Path artifactDir() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = module.resolve("target").resolve("browser-artifacts");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From the start of {@link #start()} until the browser was ready for its first page. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Loads {@code htmlFile} as a file:// URL and waits until the document is complete. The
     * Page returned before this one is stale from now on: its methods throw.
     */
    public Page open(Path htmlFile) {
        checkOpen();
        if (!Files.isRegularFile(htmlFile)) {
            throw new IllegalArgumentException("no such file: " + htmlFile);
        }
        generation++;
        driver.manage().logs().get(LogType.BROWSER); // drains the previous page's messages
        driver.get(htmlFile.toAbsolutePath().toUri().toString());
        Page page = new Page(generation, htmlFile);
        page.waitUntil("document.readyState === 'complete'", TIMEOUT);
        return page;
    }

    /** Quits the browser and chromedriver, kills what is left of them, deletes the profile. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and returns at once)
            }
        }
        List<ProcessHandle> tree = withDescendants(driverProcesses);
        try {
            driver.quit(); // also stops the chromedriver service
        } catch (WebDriverException e) {
            // the browser may be gone already; what is left is killed below
        }
        killAll(tree);
        deleteTree(profile);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the browser is closed");
        }
    }

    /** The JVM's children started since {@code before}: chromedriver. */
    private static List<ProcessHandle> newChildren(Set<ProcessHandle> before) {
        return ProcessHandle.current().children()
            .filter(p -> !before.contains(p))
            .filter(p -> p.info().command().map(c -> c.endsWith("chromedriver")).orElse(true))
            .toList();
    }

    /** Taken while they run: once the browser quits, its children are reparented to PID 1. */
    private static List<ProcessHandle> withDescendants(List<ProcessHandle> roots) {
        List<ProcessHandle> tree = new ArrayList<>(roots);
        roots.forEach(p -> p.descendants().forEach(tree::add));
        return tree;
    }

    /**
     * Waits up to 5 s for the processes to end, then kills what is left. A zombie counts as
     * ended: the browser's zygotes outlive it by a moment, are reparented to PID 1 and wait
     * there to be reaped, which is not ours to do (nor to wait for).
     */
    private static void killAll(List<ProcessHandle> processes) {
        if (!awaitGone(processes, Duration.ofSeconds(5))) {
            processes.stream().filter(p -> !gone(p)).forEach(ProcessHandle::destroyForcibly);
            awaitGone(processes, Duration.ofSeconds(5));
        }
    }

    private static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processes.stream().allMatch(HeadlessChromium::gone)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean gone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try { // Linux: the third field of /proc/PID/stat is the state, Z for a zombie
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException e) {
            return !process.isAlive();
        }
    }

    private static List<Logger> severeOnly(String... names) {
        List<Logger> loggers = new ArrayList<>();
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.SEVERE);
            loggers.add(logger);
        }
        return loggers;
    }

    private static Path configured(String property, Path fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path)
            ? Optional.of(path) : Optional.empty();
    }

    private static String versionOf(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? binary + " (no version)" : out;
        } catch (IOException e) {
            return binary + " (version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return binary + " (version unknown)";
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e)
                        throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + root, e);
        }
    }

    /** One loaded page; stale (every method throws) once the browser opens another. */
    public final class Page {

        private final int pageGeneration;
        private final Path file;
        private final List<LogEntry> console = new ArrayList<>();

        private Page(int pageGeneration, Path file) {
            this.pageGeneration = pageGeneration;
            this.file = file;
        }

        public Path file() {
            return file;
        }

        /** The value of a JavaScript expression (numbers come back as Long or Double). */
        public Object eval(String expression) {
            return execute("return (" + expression + ");");
        }

        /**
         * Runs a function body in the page, {@code arguments[i]} being {@code args[i]}; returns
         * what it {@code return}s. A script that throws fails with its message.
         */
        public Object execute(String functionBody, Object... args) {
            check();
            try {
                return driver.executeScript(functionBody, args);
            } catch (JavascriptException e) {
                throw new AssertionError("script failed in " + file.getFileName() + ": "
                    + firstLine(e.getMessage()), e);
            }
        }

        /** How many elements match a CSS selector. */
        public long count(String cssSelector) {
            check();
            return driver.findElements(By.cssSelector(cssSelector)).size();
        }

        /**
         * The rendered text of the first element matching a CSS selector, as a person sees it
         * (empty when hidden); fails if nothing matches.
         */
        public String text(String cssSelector) {
            return element(cssSelector).getText();
        }

        /** The visible text of every element matching a CSS selector, in document order. */
        public List<String> texts(String cssSelector) {
            check();
            return driver.findElements(By.cssSelector(cssSelector)).stream()
                .map(WebElement::getText).toList();
        }

        /** Whether the first element matching a CSS selector is displayed. */
        public boolean isDisplayed(String cssSelector) {
            return element(cssSelector).isDisplayed();
        }

        /** Moves the mouse over the centre of the first element matching a CSS selector. */
        public void hover(String cssSelector) {
            WebElement element = element(cssSelector);
            new Actions(driver).moveToElement(element).perform();
        }

        /** Waits until a JavaScript expression is truthy; fails after {@code timeout}. */
        public void waitUntil(String expression, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Object value = eval("!!(" + expression + ")");
                if (Boolean.TRUE.equals(value)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still false after " + timeout.toMillis() + " ms in "
                        + file.getFileName() + ": " + expression);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for " + expression, e);
                }
            }
        }

        /**
         * The console errors of this page so far: {@code console.error(...)}, uncaught
         * exceptions (also in promises), and resources that failed to load. Each is Chromium's
         * message, which starts with the URL and line:column of its source.
         */
        public List<String> consoleErrors() {
            return drain().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        }

        /** Every console message of this page so far, each as {@code LEVEL message}. */
        public List<String> consoleMessages() {
            return drain().stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
        }

        /**
         * Writes a PNG of the whole page, not just the viewport: at least the viewport, at most
         * 16,000 CSS pixels tall. Use {@link HeadlessChromium#artifactDir()} to keep it.
         */
        public void screenshot(Path png) {
            check();
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics",
                Map.of());
            Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
            double width = Math.max(WIDTH, ((Number) size.get("width")).doubleValue());
            double height = Math.max(HEIGHT, Math.min(MAX_SCREENSHOT_HEIGHT,
                ((Number) size.get("height")).doubleValue()));
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", Math.ceil(width),
                "height", Math.ceil(height), "scale", 1);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            byte[] bytes = Base64.getDecoder().decode((String) shot.get("data"));
            try {
                Path parent = png.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.write(png, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private List<LogEntry> drain() {
            check();
            console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
            return List.copyOf(console);
        }

        private WebElement element(String cssSelector) {
            check();
            List<WebElement> found = driver.findElements(By.cssSelector(cssSelector));
            if (found.isEmpty()) {
                throw new AssertionError("no element matches " + cssSelector + " in "
                    + file.getFileName());
            }
            return found.get(0);
        }

        private void check() {
            checkOpen();
            if (pageGeneration != generation) {
                throw new IllegalStateException(file.getFileName()
                    + " is no longer the open page: the browser has opened another since");
            }
        }
    }
}

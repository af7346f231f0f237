package io.detsim.report.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness can fail: each fixture page is one a report test must catch (a console error, an
 * uncaught exception) or one it must read right (script-drawn SVG, a hover tooltip, text that
 * looks like markup). One browser for the class.
 */
class HeadlessChromiumTest {

    private static HeadlessChromium browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.startOrSkip();
        System.out.printf("headless chromium ready in %d ms%n", browser.startupTime().toMillis());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void consoleErrorIsReported() throws IOException {
        HeadlessChromium.Page page = browser.open(page("console-error.html",
            "<p>ok</p><script>console.error('report broke: ' + 42);</script>"));

        List<String> errors = page.consoleErrors();

        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("report broke: 42"), errors::toString);
    }

    @Test
    void uncaughtExceptionIsReported() throws IOException {
        HeadlessChromium.Page page = browser.open(page("uncaught.html",
            "<p>ok</p><script>throw new Error('uncaught in report');</script>"));

        List<String> errors = page.consoleErrors();

        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("Uncaught Error: uncaught in report"), errors::toString);
    }

    @Test
    void lateExceptionAndRejectedPromiseAreReported() throws IOException {
        HeadlessChromium.Page page = browser.open(page("late.html", """
            <script>
              setTimeout(() => { throw new TypeError('late in a timer'); }, 50);
              Promise.reject(new Error('nobody caught this promise'));
              setTimeout(() => { window.settled = true; }, 100);
            </script>"""));
        page.waitUntil("window.settled === true", Duration.ofSeconds(5));

        String errors = String.join("\n", page.consoleErrors());

        assertTrue(errors.contains("Uncaught TypeError: late in a timer"), errors);
        assertTrue(errors.contains("nobody caught this promise"), errors);
    }

    @Test
    void cleanPageReportsNoErrors() throws IOException {
        HeadlessChromium.Page page = browser.open(page("clean.html",
            "<p>fine</p><script>console.log('drawn'); console.warn('only a warning');</script>"));

        assertEquals(List.of(), page.consoleErrors());
        String all = String.join("\n", page.consoleMessages());
        assertTrue(all.contains("drawn") && all.contains("only a warning"), all);
    }

    @Test
    void countsElementsDrawnByAScript() throws IOException {
        HeadlessChromium.Page page = browser.open(page("drawn.html", """
            <svg id="chart" width="400" height="100"></svg>
            <script>
              const svg = document.getElementById('chart');
              for (let i = 0; i < 7; i++) {
                const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
                r.setAttribute('x', i * 50); r.setAttribute('width', 40);
                r.setAttribute('height', 10 + i * 10);
                svg.appendChild(r);
              }
            </script>"""));

        assertEquals(7, page.count("#chart rect"));
        assertEquals(0, page.count("#chart circle"));
        assertEquals(7L, page.eval("document.querySelectorAll('#chart rect').length"));
        assertEquals(List.of(), page.consoleErrors());
    }

    @Test
    void hoveringShowsATooltip() throws IOException {
        HeadlessChromium.Page page = browser.open(page("hover.html", """
            <style>#tip { display: none; position: absolute; } #tip.on { display: block; }</style>
            <svg width="400" height="200">
              <rect id="bar" x="100" y="50" width="80" height="100" fill="steelblue"></rect>
            </svg>
            <div id="tip"></div>
            <script>
              const tip = document.getElementById('tip');
              const bar = document.getElementById('bar');
              bar.addEventListener('mouseover', () => {
                tip.textContent = 'seed 42: SAFETY';
                tip.className = 'on';
              });
              bar.addEventListener('mouseout', () => { tip.className = ''; });
            </script>"""));
        assertFalse(page.isDisplayed("#tip"));

        page.hover("#bar");

        assertTrue(page.isDisplayed("#tip"));
        assertEquals("seed 42: SAFETY", page.text("#tip"));
        assertEquals(List.of(), page.consoleErrors());
    }

    @Test
    void theViewportIsFixed() throws IOException {
        HeadlessChromium.Page page = browser.open(page("viewport.html", "<p>size</p>"));

        assertEquals(List.of((long) HeadlessChromium.WIDTH, (long) HeadlessChromium.HEIGHT, 1L),
            page.eval("[innerWidth, innerHeight, devicePixelRatio]"));
    }

    @Test
    void screenshotIsTheWholePage() throws IOException {
        HeadlessChromium.Page page = browser.open(page("tall.html", """
            <div style="height: 3000px; background: linear-gradient(red, blue)">top</div>
            <p>bottom</p>"""));
        Path png = HeadlessChromium.artifactDir().resolve("HeadlessChromiumTest-tall.png");
        Files.deleteIfExists(png);

        page.screenshot(png);

        byte[] bytes = Files.readAllBytes(png);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertTrue(Arrays.equals(signature, Arrays.copyOf(bytes, 8)), "not a PNG: " + png);
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8); // IHDR: width, height
        int width = header.getInt();
        int height = header.getInt();
        assertEquals(HeadlessChromium.WIDTH, width);
        assertTrue(height > 3000, "only the viewport was captured: height " + height);
    }

    @Test
    void markupInTextIsShownLiterally() throws IOException {
        HeadlessChromium.Page page = browser.open(page("escaping.html", """
            <div id="out"></div>
            <script>
              document.getElementById('out').textContent =
                  '<script>window.injected = true</' + 'script><b>bold?</b>';
            </script>"""));

        assertEquals("<script>window.injected = true</script><b>bold?</b>", page.text("#out"));
        assertEquals(0, page.count("#out script"));
        assertEquals(0, page.count("#out b"));
        assertEquals(true, page.eval("window.injected === undefined"));
    }

    @Test
    void anEarlierPageIsStaleOnceAnotherIsOpen() throws IOException {
        HeadlessChromium.Page first = browser.open(page("first.html", "<p>1</p>"));
        HeadlessChromium.Page second = browser.open(page("second.html", "<p>2</p>"));

        assertEquals("2", second.text("p"));
        assertThrows(IllegalStateException.class, () -> first.count("p"));
    }

    private Path page(String name, String body) throws IOException {
        return Files.writeString(dir.resolve(name),
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + name
                + "</title></head><body>\n" + body + "\n</body></html>\n");
    }
}

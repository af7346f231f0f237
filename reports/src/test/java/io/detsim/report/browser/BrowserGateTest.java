package io.detsim.report.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The gate of browser tests, without a browser: skip by default, fail when required. */
class BrowserGateTest {

    private static final List<String> MISSING =
        List.of("chromedriver not found at /nowhere/chromedriver (Debian package chromium-driver)");

    @Test
    void nothingMissingPasses() {
        HeadlessChromium.gate(List.of(), false);
        HeadlessChromium.gate(List.of(), true);
    }

    @Test
    void aMissingBinarySkipsByDefault() {
        TestAbortedException skip = assertThrows(TestAbortedException.class,
            () -> HeadlessChromium.gate(MISSING, false));

        assertTrue(skip.getMessage().contains("/nowhere/chromedriver"), skip.getMessage());
        assertTrue(skip.getMessage().contains("apt-get install -y chromium chromium-driver"),
            skip.getMessage());
        assertTrue(skip.getMessage().contains("DETSIM_REQUIRE_BROWSER=1"), skip.getMessage());
    }

    @Test
    void aMissingBinaryFailsWhenRequired() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
            () -> HeadlessChromium.gate(MISSING, true));

        assertTrue(failure.getMessage().contains("/nowhere/chromedriver"), failure.getMessage());
        assertTrue(failure.getMessage().contains("apt-get install -y chromium chromium-driver"),
            failure.getMessage());
        assertTrue(failure.getMessage().contains("scripts/setup-browser.sh"),
            failure.getMessage());
    }

    @Test
    void thePathOverrideNamesTheMissingBinary() {
        String previous = System.getProperty(HeadlessChromium.CHROMIUM_PROPERTY);
        System.setProperty(HeadlessChromium.CHROMIUM_PROPERTY, "/nowhere/chromium");
        try {
            assertEquals(Optional.empty(), HeadlessChromium.chromiumBinary());
            assertTrue(HeadlessChromium.missing().stream()
                    .anyMatch(m -> m.startsWith("chromium not found at /nowhere/chromium")),
                HeadlessChromium.missing()::toString);
        } finally {
            if (previous == null) {
                System.clearProperty(HeadlessChromium.CHROMIUM_PROPERTY);
            } else {
                System.setProperty(HeadlessChromium.CHROMIUM_PROPERTY, previous);
            }
        }
    }
}

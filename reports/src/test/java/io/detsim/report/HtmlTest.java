package io.detsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {
    private static final String HOSTILE = "</script><script>alert('x')</script>&<!-- \"q\"";

    @Test
    void escapedTextHasNoMarkupLeft() {
        String escaped = Html.escape(HOSTILE);
        assertFalse(escaped.contains("<"), escaped);
        assertFalse(escaped.contains(">"), escaped);
        assertFalse(escaped.contains("\""), escaped);
        assertFalse(escaped.contains("'"), escaped);
        assertEquals("&lt;b&gt;a &amp; b&lt;/b&gt;", Html.escape("<b>a & b</b>"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void jsonForScriptCannotCloseItsElementAndReadsBackTheSame() throws Exception {
        Map<String, Object> data = Map.of("value", HOSTILE, "list", List.of("\u2028", 7));
        String json = Html.jsonForScript(data);
        assertFalse(json.contains("<"), json);
        assertFalse(json.contains(">"), json);
        assertFalse(json.contains("&"), json);
        assertFalse(json.contains("\u2028"), json);
        // What the page's script parses is exactly the data, escapes and all.
        assertEquals(data, new ObjectMapper().readValue(json, Map.class));
    }

    @Test
    void resourcesShipWithTheBuild() {
        assertTrue(Html.resource("run-report.js").contains("report-data"));
        assertTrue(Html.resource("report.css").contains(".op-failing"));
    }
}

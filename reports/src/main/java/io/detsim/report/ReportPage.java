package io.detsim.report;

/** The frame every report page shares: the document head with the inline style sheet. */
final class ReportPage {
    private ReportPage() {}

    static void open(StringBuilder out, String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width,"
                        + " initial-scale=1\">\n")
                // Nothing may be fetched: the report is viewed offline, often from CI artifacts.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src"
                        + " 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';"
                        + " img-src data:\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>")
                .append(Html.resource("report.css")).append("</style>\n</head>\n<body>\n");
    }

    static void close(StringBuilder out) {
        out.append("</body>\n</html>\n");
    }
}

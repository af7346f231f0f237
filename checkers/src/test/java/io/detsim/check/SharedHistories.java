package io.detsim.check;

import io.detsim.check.model.Model;
import io.detsim.check.model.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The histories with known verdicts in {@code ../shared/histories} (beside the repository, in
 * development and in CI), as listed in its {@code VERDICTS.tsv}. Tests read them in place.
 */
public final class SharedHistories {
    private SharedHistories() {}

    /** One row of VERDICTS.tsv. */
    public record Row(Path file, String relativePath, String modelColumn, String init,
            String expected,
            int invocations) {
        /** True for rows with a decided verdict to check (not the empty etcd_095). */
        public boolean decided() {
            return expected.startsWith("valid") || expected.startsWith("invalid");
        }

        public boolean expectValid() {
            return expected.startsWith("valid");
        }

        /** The model this row's verdict was established with. */
        public Model model() {
            if (modelColumn.startsWith("cas-register (etcd")) {
                return Models.create("cas-register", "nil", false);
            }
            if (modelColumn.startsWith("cas-register")) {
                return Models.create("cas-register", init, true);
            }
            if (modelColumn.startsWith("kv")) {
                return Models.create("kv", "\"\"", false);
            }
            if (modelColumn.equals("mutex")) {
                return Models.create("mutex", null, true);
            }
            if (modelColumn.equals("multi-register")) {
                return Models.create("multi-register", init, true);
            }
            throw new IllegalArgumentException("no model for VERDICTS.tsv model column '"
                    + modelColumn + "'");
        }

        @Override
        public String toString() {
            return relativePath;
        }
    }

    /**
     * The shared histories folder; fails with a clear message when it is not beside the checkout.
     */
    public static Path root() {
        Path moduleDir = Path.of("").toAbsolutePath();
        for (Path dir = moduleDir; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("histories");
            if (Files.isRegularFile(candidate.resolve("VERDICTS.tsv"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/histories/VERDICTS.tsv not found above "
                + moduleDir
                + ": the shared histories must sit beside the checkout");
    }

    public static List<Row> rows() {
        Path root = root();
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve("VERDICTS.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            int invocations = cells[5].matches("\\d+") ? Integer.parseInt(cells[5]) : 0;
            String init = cells[2].equals("\"\" per key") ? "\"\"" : cells[2];
            rows.add(new Row(root.resolve(cells[0]), cells[0], cells[1], init, cells[3],
                    invocations));
        }
        return rows;
    }
}

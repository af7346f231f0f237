package io.detsim.check.bench;

import io.detsim.check.history.History;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.model.Model;
import io.detsim.check.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Per-history check time, measured the way the Porcupine and Knossos anchors were: parse once,
 * then the best of several runs of the check alone (after a warm-up pass over everything).
 *
 * <p>Usage: {@code java -jar checkers-benchmarks.jar [HISTORIES_DIR] [RUNS]}; HISTORIES_DIR
 * defaults to {@code ../shared/histories}, RUNS to 5.
 */
public final class CheckerBenchmark {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private record Timing(String name, long bestNanos, String verdict) {}

    private CheckerBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/histories");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<BenchCase> etcd = etcd(root.resolve("porcupine/test_data/jepsen"));
        List<BenchCase> kv = kv(root.resolve("porcupine/test_data/kv"));
        List<BenchCase> generated = Generated.crashHeavy();
        long verdictNanosMax = Long.getLong("detsim.bench.verdictMillis", 10_000) * NANOS_PER_MILLI;
        LinearizabilityChecker checker = new LinearizabilityChecker(Budget.defaults()
                .withVerdictNanosMax(verdictNanosMax).withExplainNanosMax(0));
        warmUp(checker, etcd, kv, generated);
        report("etcd (102 Jepsen histories, cas-register, nil initial)", time(checker, etcd, runs));
        report("kv (Porcupine, per key)", time(checker, kv, runs));
        report("generated crash-heavy (5-30% info)", time(checker, generated, runs));
    }

    private static List<BenchCase> etcd(Path dir) throws IOException {
        List<BenchCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                History history = HistoryReader.read(file);
                if (history.size() > 0) {
                    cases.add(new BenchCase(file.getFileName().toString(), history,
                            Models.create("cas-register", "nil", false)));
                }
            }
        }
        return cases;
    }

    private static List<BenchCase> kv(Path dir) throws IOException {
        List<BenchCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                cases.add(new BenchCase(file.getFileName().toString(), HistoryReader.read(file),
                        Models.create("kv", "\"\"", false)));
            }
        }
        return cases;
    }

    @SafeVarargs
    private static void warmUp(LinearizabilityChecker checker, List<BenchCase>... sets) {
        for (int pass = 0; pass < 2; pass++) {
            for (List<BenchCase> set : sets) {
                for (BenchCase c : set) {
                    checker.check(c.history(), c.model());
                }
            }
        }
    }

    private static List<Timing> time(LinearizabilityChecker checker, List<BenchCase> cases,
            int runs) {
        List<Timing> timings = new ArrayList<>();
        for (BenchCase c : cases) {
            long best = Long.MAX_VALUE;
            String verdict = "";
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                CheckResult result = checker.check(c.history(), c.model());
                best = Math.min(best, System.nanoTime() - start);
                verdict = result.getClass().getSimpleName();
            }
            timings.add(new Timing(c.name(), best, verdict));
        }
        return timings;
    }

    private static void report(String title, List<Timing> timings) {
        if (timings.isEmpty()) {
            System.out.println(title + ": no histories");
            return;
        }
        long[] nanos = timings.stream().mapToLong(Timing::bestNanos).sorted().toArray();
        long total = Arrays.stream(nanos).sum();
        long unknown = timings.stream().filter(t -> t.verdict().equals("Unknown")).count();
        Timing worst = timings.stream().max((a, b) -> Long.compare(a.bestNanos(), b.bestNanos()))
                .orElseThrow();
        System.out.printf(Locale.ROOT, "%s: %d histories, total %.1f ms, median %.3f ms, "
                        + "worst %.1f ms (%s), unknown %d%n",
                title, nanos.length, ms(total), ms(nanos[nanos.length / 2]), ms(worst.bestNanos()),
                worst.name(), unknown);
        for (Timing t : timings) {
            if (timings.size() <= 12 || t.bestNanos() > 100 * NANOS_PER_MILLI
                    || t.verdict().equals("Unknown")) {
                System.out.printf(Locale.ROOT, "  %-28s %9.3f ms  %s%n", t.name(),
                        ms(t.bestNanos()),
                        t.verdict());
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / (double) NANOS_PER_MILLI;
    }
}

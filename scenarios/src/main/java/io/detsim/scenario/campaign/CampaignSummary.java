package io.detsim.scenario.campaign;

import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a campaign found: runs per verdict, and the failing seeds grouped by failure kind with
 * their first violated check and reproduce line. Written as {@code summary.json} and
 * {@code summary.txt} next to the results.
 *
 * @param seeds results summarized
 * @param byVerdict runs per verdict (every verdict present, zeros included)
 * @param failures failing runs grouped by kind, each "seed N: reason" with its reproduce line
 * @param simulatedSeconds simulated time over all runs
 * @param runSeconds wall time of the runs themselves, summed over workers
 */
public record CampaignSummary(int seeds, Map<Verdict, Integer> byVerdict,
        Map<Verdict, List<Failure>> failures, double simulatedSeconds, double runSeconds) {

    /** One failing seed. */
    public record Failure(long seed, String reason, String reproduce) {}

    public static CampaignSummary of(List<RunResult> results) {
        Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
        Map<Verdict, List<Failure>> failures = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            byVerdict.put(v, 0);
        }
        double simulated = 0;
        double wall = 0;
        for (RunResult r : results.stream().sorted((a, b) -> Long.compare(a.seed(), b.seed()))
                .toList()) {
            byVerdict.merge(r.verdict(), 1, Integer::sum);
            if (r.verdict() != Verdict.PASS) {
                failures.computeIfAbsent(r.verdict(), v -> new ArrayList<>())
                        .add(new Failure(r.seed(), r.reason(), r.reproduce()));
            }
            simulated += r.simulatedNanos() / 1e9;
            wall += r.wallNanos() / 1e9;
        }
        return new CampaignSummary(results.size(), byVerdict, failures, simulated, wall);
    }

    public int failureCount() {
        int n = 0;
        for (Map.Entry<Verdict, Integer> e : byVerdict.entrySet()) {
            if (e.getKey().isFailure()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** For people: counts, then each failure kind with up to {@code perKindMax} seeds. */
    public String describe(int perKindMax) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d seeds: ", seeds));
        List<String> counts = new ArrayList<>();
        for (Map.Entry<Verdict, Integer> e : byVerdict.entrySet()) {
            if (e.getValue() > 0) {
                counts.add(e.getValue() + " " + e.getKey());
            }
        }
        out.append(counts.isEmpty() ? "none" : String.join(", ", counts)).append('\n');
        for (Map.Entry<Verdict, List<Failure>> e : failures.entrySet()) {
            out.append(e.getKey()).append(" (").append(e.getValue().size()).append("):\n");
            int shown = 0;
            for (Failure f : e.getValue()) {
                if (shown++ == perKindMax) {
                    out.append("  ... ").append(e.getValue().size() - perKindMax)
                            .append(" more in results.jsonl\n");
                    break;
                }
                out.append("  seed ").append(f.seed()).append(": ").append(f.reason())
                        .append("\n    ").append(f.reproduce()).append('\n');
            }
        }
        return out.toString();
    }
}

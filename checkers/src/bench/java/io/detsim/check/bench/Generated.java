package io.detsim.check.bench;

import io.detsim.check.generate.HistoryGenerator;
import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated crash-heavy histories (300 ops, 5-30% of them crashed, the shape detsim's own clients
 * produce under faults): for each model and seed, one linearizable by construction and one
 * mutated into a violation. Proving the mutated ones non-linearizable is the hard part: every
 * subset of earlier crashed writes must be ruled out.
 */
final class Generated {
    static final int SEEDS = 10;

    private Generated() {}

    static List<BenchCase> crashHeavy() {
        List<BenchCase> cases = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                HistoryGenerator.Config config = HistoryGenerator.Config.crashHeavy(kind, seed);
                History ok = HistoryGenerator.generate(config);
                cases.add(new BenchCase(kind + "-" + seed + "-ok", ok, kind.model()));
                cases.add(new BenchCase(kind + "-" + seed + "-mutated",
                        HistoryGenerator.mutate(ok, seed), kind.model()));
            }
        }
        return cases;
    }
}

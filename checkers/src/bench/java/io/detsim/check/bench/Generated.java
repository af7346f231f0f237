package io.detsim.check.bench;

import java.util.List;

/** Generated crash-heavy histories for the benchmark. */
final class Generated {
    private Generated() {}

    static List<BenchCase> crashHeavy() {
        return List.of();
    }
}

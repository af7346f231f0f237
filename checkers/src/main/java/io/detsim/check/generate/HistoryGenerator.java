package io.detsim.check.generate;

import io.detsim.check.history.History;
import java.util.SplittableRandom;

/**
 * Seeded Jepsen-style histories with a known answer, for differential tests and benchmarks.
 *
 * <ul>
 *   <li>{@link #generate}: linearizable by construction. N client processes drive one simulated
 *       sequential object over virtual time; each operation takes effect atomically at a random
 *       point between its invocation and its completion, and its ok value is what the object
 *       returned at that point.
 *   <li>{@link #mutate}: a generated history changed so that it is (very likely) not linearizable.
 *   <li>{@link #random}: the same shape of history, but results are drawn at random instead of
 *       read off the object; many are not linearizable, some are.
 * </ul>
 *
 * <p>The same config (seed included) always gives the same history.
 */
public final class HistoryGenerator {
    private HistoryGenerator() {}

    /**
     * Everything a generated history depends on; printed with the seed, it reproduces the history.
     *
     * @param modelKind the simulated object
     * @param processCount concurrent client processes (a crashed one continues under a new id)
     * @param opCount invocations in the history (ok, fail and info together)
     * @param crashFraction share of operations that complete as {@code :info}; half of those take
     *     effect (at some point after their invocation, possibly after the {@code :info}), half
     *     never do
     * @param failFraction share of operations that complete as {@code :fail} without taking effect
     *     (a cas whose expected value is not there also completes as {@code :fail})
     * @param keyCount keys for {@link ModelKind#KV} ({@code "k0"}, {@code "k1"}, ...); ignored
     *     otherwise
     * @param valueCount written values are drawn from {@code 0 .. valueCount-1} (as strings for kv)
     * @param seed the root of every random choice
     */
    public record Config(ModelKind modelKind, int processCount, int opCount, double crashFraction,
            double failFraction, int keyCount, int valueCount, long seed) {
        public Config {
            if (modelKind == null) {
                throw new IllegalArgumentException("modelKind must not be null");
            }
            requireAtLeast("processCount", processCount, 1);
            requireAtLeast("opCount", opCount, 0);
            requireAtLeast("keyCount", keyCount, 1);
            requireAtLeast("valueCount", valueCount, 1);
            requireFraction("crashFraction", crashFraction);
            requireFraction("failFraction", failFraction);
            if (crashFraction + failFraction > 1.0) {
                throw new IllegalArgumentException("crashFraction + failFraction must be <= 1, was "
                        + crashFraction + " + " + failFraction);
            }
        }

        /**
         * A crash-heavy benchmark history: 300 operations from 5 processes with 5-30% of them
         * {@code :info} (drawn from the seed), 5% failed, 3 keys, 5 values.
         */
        public static Config crashHeavy(ModelKind modelKind, long seed) {
            double crashFraction = 0.05 + 0.25 * new SplittableRandom(seed).nextDouble();
            return new Config(modelKind, 5, 300, crashFraction, 0.05, 3, 5, seed);
        }

        /** This config with another seed. */
        public Config withSeed(long newSeed) {
            return new Config(modelKind, processCount, opCount, crashFraction, failFraction,
                    keyCount, valueCount, newSeed);
        }

        private static void requireAtLeast(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
            }
        }

        private static void requireFraction(String field, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
            }
        }
    }

    /** A history that is linearizable by construction. */
    public static History generate(Config config) {
        return new Simulation(config, true).run();
    }

    /**
     * A history of the same shape as {@link #generate}'s (same processes, crashes and failures),
     * but every result is drawn at random: reads return random values and a cas succeeds or fails
     * at random. Not linearizable by construction; with few values, many still are.
     */
    public static History random(Config config) {
        return new Simulation(config, false).run();
    }

    /**
     * {@code history} changed so that it is (very likely) not linearizable. With the seed it picks
     * one of:
     *
     * <ul>
     *   <li><b>never-written read</b>: one completed read now returns a value no operation ever
     *       wrote (and not the initial value). Certainly not linearizable.
     *   <li><b>swapped reads</b>: two completed reads of the same key, the first completing before
     *       the second is invoked, with different values, swap their values. Where possible the
     *       pair is chosen so that the earlier read now returns a value nothing invoked before it
     *       completed could have produced (a read from the future): certainly not linearizable.
     *       Otherwise any such pair is swapped, which is only likely not linearizable.
     *   <li><b>appended read</b>: when there is no completed read, a read of a never-written value
     *       is appended at the end by a fresh process. Certainly not linearizable.
     * </ul>
     *
     * The returned history's {@link History#source()} says which mutation was made and where,
     * and for swapped reads whether it is certain or likely. Certainty assumes the generator's
     * initial values (0, or {@code ""} per key).
     *
     * @throws IllegalArgumentException when the history is empty
     */
    public static History mutate(History history, long seed) {
        return Mutator.mutate(history, seed);
    }
}

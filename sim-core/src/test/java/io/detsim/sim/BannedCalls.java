package io.detsim.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fixtures for {@link DeterminismBansTest}: each class makes one call the determinism bans must
 * reject, as simulated code might by mistake. Test code is not scanned by the build's check, which
 * is why these can exist at all.
 */
final class BannedCalls {
    private BannedCalls() {}

    static final class WallClockMillis {
        long call() { return System.currentTimeMillis(); }
    }

    static final class WallClockNanos {
        long call() { return System.nanoTime(); }
    }

    static final class InstantNow {
        Object call() { return java.time.Instant.now(); }
    }

    static final class JavaUtilRandom {
        int call() { return new java.util.Random(1).nextInt(); }
    }

    static final class MathRandom {
        double call() { return Math.random(); }
    }

    static final class ThreadLocalRandomCurrent {
        int call() { return ThreadLocalRandom.current().nextInt(); }
    }

    static final class RandomUuid {
        Object call() { return java.util.UUID.randomUUID(); }
    }

    static final class NewThread {
        void call() { new Thread(() -> {}).start(); }
    }

    static final class Executor {
        Object call() { return Executors.newSingleThreadExecutor(); }
    }

    static final class IdentityHash {
        int call(Object o) { return System.identityHashCode(o); }
    }

    static final class JitDependentMath {
        double call(double x) { return Math.log(x); }
    }

    /** Uses only what the bans allow. */
    static final class Clean {
        long call(io.detsim.sim.random.RandomStream random) {
            Map<String, Long> cache = new HashMap<>();
            cache.put("x", random.nextLong());
            return cache.get("x") + (long) StrictMath.log(2.0);
        }
    }
}

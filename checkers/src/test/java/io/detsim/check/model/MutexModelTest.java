package io.detsim.check.model;

import static io.detsim.check.model.ModelOps.op;
import static io.detsim.check.model.ModelOps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.history.Operation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MutexModel: acquire needs the lock free, release needs it held. */
class MutexModelTest {
    private static final Operation ACQUIRE = op("acquire", "nil");
    private static final Operation RELEASE = op("release", "nil");

    private final MutexModel model = new MutexModel();

    @Test
    void startsUnlocked() {
        assertEquals("unlocked", model.describe(model.initialState()));
        assertEquals("mutex", model.name());
    }

    @Test
    void acquireThenRelease() {
        Object locked = model.step(model.initialState(), ACQUIRE);
        assertNotEquals(model.initialState(), locked);
        assertEquals("locked", model.describe(locked));
        assertEquals(model.initialState(), model.step(locked, RELEASE));
    }

    @Test
    void acquireTwiceIsIllegal() {
        assertSame(Model.ILLEGAL, run(model, ACQUIRE, ACQUIRE));
    }

    @Test
    void releaseWithoutTheLockIsIllegal() {
        assertSame(Model.ILLEGAL, run(model, RELEASE));
        assertSame(Model.ILLEGAL, run(model, ACQUIRE, RELEASE, RELEASE));
    }

    @Test
    void valuesDoNotMatter() {
        // Knossos's etcd mutex history carries values such as :not-held on completions.
        assertEquals(model.step(model.initialState(), ACQUIRE),
                model.step(model.initialState(), op("acquire", ":already-held")));
    }

    @Test
    void nothingIsReadOnly() {
        assertFalse(model.isReadOnly(ACQUIRE));
        assertFalse(model.isReadOnly(RELEASE));
    }

    @Test
    void unknownFunctionsAreNamed() {
        ModelException e = assertThrows(ModelException.class,
                () -> model.step(model.initialState(), op("lock", "nil")));
        assertTrue(e.getMessage().contains("lock"), e.getMessage());
    }

    @Test
    void randomSequencesAreLegalExactlyWhenTheyAlternate() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int length = random.nextInt(1, 12);
            Operation[] ops = new Operation[length];
            boolean held = false;
            boolean legal = true;
            for (int i = 0; i < length; i++) {
                boolean acquire = random.nextBoolean();
                ops[i] = acquire ? ACQUIRE : RELEASE;
                legal &= acquire != held;
                held = acquire;
            }
            Object end = run(model, ops);
            assertEquals(legal, end != Model.ILLEGAL, "seed " + seed);
            if (legal) {
                assertEquals(held ? "locked" : "unlocked", model.describe(end), "seed " + seed);
            }
        }
    }
}

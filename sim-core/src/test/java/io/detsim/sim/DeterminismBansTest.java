package io.detsim.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.thetaphi.forbiddenapis.Checker;
import de.thetaphi.forbiddenapis.ForbiddenApiException;
import de.thetaphi.forbiddenapis.Logger;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that the signatures file the build enforces on sim-core and raft-under-test rejects the
 * calls that break determinism, by running the same checker the Maven plugin runs on fixtures.
 */
class DeterminismBansTest {
    private static final Path SIGNATURES = Path.of("src/build/determinism.signatures");

    @ParameterizedTest(name = "{0} is banned")
    @CsvSource({
        "WallClockMillis, currentTimeMillis",
        "WallClockNanos, nanoTime",
        "InstantNow, Instant",
        "JavaUtilRandom, java.util.Random",
        "MathRandom, random",
        "ThreadLocalRandomCurrent, ThreadLocalRandom",
        "RandomUuid, randomUUID",
        "NewThread, Thread",
        "Executor, Executors",
        "IdentityHash, identityHashCode",
        "JitDependentMath, Math#log",
    })
    void bannedCall_isRejected(String fixture, String expectedInMessage) throws Exception {
        List<String> errors = new ArrayList<>();
        Checker checker = checkerFor(fixture, errors);
        assertThrows(ForbiddenApiException.class, checker::run);
        String all = String.join("\n", errors);
        assertTrue(all.contains(expectedInMessage), "expected '" + expectedInMessage + "' in: "
                + all);
    }

    @Test
    void allowedCalls_pass() throws Exception {
        List<String> errors = new ArrayList<>();
        Checker checker = checkerFor("Clean", errors);
        assertDoesNotThrow(checker::run, () -> String.join("\n", errors));
    }

    @Test
    void mainClassesOfSimCore_passTheBans() throws Exception {
        List<String> errors = new ArrayList<>();
        Checker checker = newChecker(errors);
        File classes = new File("target/classes");
        assertTrue(classes.isDirectory(), "compile sim-core first");
        List<File> files;
        try (var stream = Files.walk(classes.toPath())) {
            files = stream.filter(p -> p.toString().endsWith(".class")).map(Path::toFile).toList();
        }
        assertTrue(files.size() > 20);
        checker.addClassesToCheck(files);
        assertDoesNotThrow(checker::run, () -> String.join("\n", errors));
    }

    private static Checker checkerFor(String fixture, List<String> errors) throws Exception {
        Checker checker = newChecker(errors);
        String resource = "/io/detsim/sim/BannedCalls$" + fixture + ".class";
        try (InputStream in = DeterminismBansTest.class.getResourceAsStream(resource)) {
            checker.addClassToCheck(in, resource);
        }
        return checker;
    }

    private static Checker newChecker(List<String> errors) throws Exception {
        Logger logger = new Logger() {
            @Override
            public void error(String msg) { errors.add(msg); }

            @Override
            public void warn(String msg) { }

            @Override
            public void info(String msg) { }

            @Override
            public void debug(String msg) { }
        };
        Checker checker = new Checker(logger, DeterminismBansTest.class.getClassLoader(),
                Checker.Option.FAIL_ON_VIOLATION, Checker.Option.FAIL_ON_UNRESOLVABLE_SIGNATURES);
        checker.parseSignaturesFile(SIGNATURES.toFile());
        return checker;
    }
}

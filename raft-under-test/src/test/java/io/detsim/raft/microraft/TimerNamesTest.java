package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Timer names enter the trace hash: a lambda's hidden-class address must not reach them. */
class TimerNamesTest {
    @Test
    void lambdaTask_isNamedByItsDeclaringClass_withoutTheHiddenClassAddress() {
        Runnable lambda = () -> { };
        assertEquals("microraft:TimerNamesTest$lambda", TimerNames.of(lambda));
    }

    @Test
    void namedTask_keepsItsSimpleName() {
        assertEquals("microraft:TimerNamesTest$Named", TimerNames.of(new Named()));
    }

    private static final class Named implements Runnable {
        @Override
        public void run() { }
    }
}

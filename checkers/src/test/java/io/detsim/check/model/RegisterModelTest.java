package io.detsim.check.model;

import static io.detsim.check.model.ModelOps.op;
import static io.detsim.check.model.ModelOps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RegisterModel as the register and the cas-register. */
class RegisterModelTest {
    private static final Object ILLEGAL = Model.ILLEGAL;

    private static RegisterModel register(Object initial) {
        return new RegisterModel(initial, false, true);
    }

    private static RegisterModel casRegister(Object initial) {
        return new RegisterModel(initial, true, true);
    }

    @Test
    void namesAndInitialState() {
        assertEquals("register", register(0L).name());
        assertEquals("cas-register", casRegister(0L).name());
        assertEquals(0L, register(0L).initialState());
        assertNull(register(null).initialState());
        assertNull(register(0L).partitionKey(op("read", "0")), "a register does not split");
    }

    @Test
    void readsMustSeeTheCurrentValue() {
        RegisterModel model = register(0L);
        assertEquals(0L, model.step(0L, op("read", "0")));
        assertSame(ILLEGAL, model.step(0L, op("read", "1")));
        assertSame(ILLEGAL, model.step(0L, op("read", "\"0\"")), "\"0\" is not 0");
    }

    @Test
    void writesSetTheValue() {
        RegisterModel model = register(0L);
        assertEquals(5L, model.step(0L, op("write", "5")));
        assertEquals(5L, run(model, op("write", "5"), op("read", "5")));
        assertSame(ILLEGAL, run(model, op("write", "5"), op("read", "0")));
        assertEquals(List.of(1L, 2L), run(model, op("write", "[1 2]"), op("read", "[1 2]")));
    }

    @Test
    void nilReadConstrainsNothingWhenUnknown() {
        RegisterModel knossos = new RegisterModel(0L, true, true);
        assertEquals(3L, knossos.step(3L, op("read", "nil")));
        assertEquals(0L, run(knossos, op("read", "nil"), op("read", "0")));
    }

    @Test
    void nilReadIsAValueWhenNotUnknown() {
        RegisterModel etcd = new RegisterModel(null, true, false);
        assertNull(etcd.step(null, op("read", "nil")), "the register starts as nil");
        assertSame(ILLEGAL, etcd.step(3L, op("read", "nil")));
        assertSame(ILLEGAL, run(etcd, op("write", "1"), op("read", "nil")));
        assertNull(run(etcd, op("write", "1"), op("write", "nil"), op("read", "nil")));
    }

    @Test
    void casSwapsOnlyWhenTheOldValueIsThere() {
        RegisterModel model = casRegister(0L);
        assertEquals(1L, model.step(0L, op("cas", "[0 1]")));
        assertSame(ILLEGAL, model.step(0L, op("cas", "[2 3]")));
        assertEquals(4L, run(model, op("write", "2"), op("cas", "[2 4]"), op("read", "4")));
        assertSame(ILLEGAL, run(model, op("cas", "[0 1]"), op("cas", "[0 2]")));
        assertEquals(7L, new RegisterModel(null, true, true).step(null, op("cas", "[nil 7]")));
    }

    @Test
    void casNeedsAPair() {
        RegisterModel model = casRegister(0L);
        for (String bad : new String[] {"5", "[1]", "[1 2 3]", "nil", "{:old 1 :new 2}"}) {
            ModelException e = assertThrows(ModelException.class,
                    () -> model.step(0L, op("cas", bad)), bad);
            assertTrue(e.getMessage().contains("[old new]"), e.getMessage());
        }
    }

    @Test
    void thePlainRegisterHasNoCas() {
        ModelException e = assertThrows(ModelException.class,
                () -> register(0L).step(0L, op("cas", "[0 1]")));
        assertTrue(e.getMessage().contains("cas-register"), e.getMessage());
    }

    @Test
    void unknownFunctionsAreNamed() {
        ModelException e = assertThrows(ModelException.class,
                () -> casRegister(0L).step(0L, op("increment", "1")));
        assertTrue(e.getMessage().contains("increment"), e.getMessage());
        assertTrue(e.getMessage().contains("cas-register"), e.getMessage());
    }

    @Test
    void integersAreEqualAcrossNumberTypes() {
        RegisterModel model = casRegister(1L);
        assertEquals(1L, model.step(1L, op("read", "1N")));
        assertEquals(2L, model.step(1L, op("cas", "[1N 2]")));
        assertEquals(1L, run(register(BigInteger.ONE), op("read", "1")));
        assertEquals(1L, run(register(1), op("read", "1")), "an Integer initial value");
        Object afterBig = model.step(0L, op("write", "1N"));
        assertEquals(model.step(0L, op("write", "1")), afterBig,
                "1 and 1N writes lead to one state (states are interned by equality)");
        assertEquals(new BigInteger("18446744073709551616"),
                model.step(0L, op("write", "18446744073709551616")), "beyond long stays big");
    }

    @Test
    void integersAreNotFloats() {
        // As in Clojure, (= 1 1.0) is false and (= 1 1M) is false.
        RegisterModel model = register(1L);
        assertSame(ILLEGAL, model.step(1L, op("read", "1.0")));
        assertSame(ILLEGAL, model.step(1L, op("read", "1M")));
    }

    @Test
    void onlyReadsAreReadOnly() {
        RegisterModel model = casRegister(0L);
        assertTrue(model.isReadOnly(op("read", "nil")));
        assertFalse(model.isReadOnly(op("write", "1")));
        assertFalse(model.isReadOnly(op("cas", "[0 1]")));
    }

    @Test
    void stepIsPure() {
        RegisterModel model = casRegister(0L);
        Object state = model.initialState();
        for (int i = 0; i < 3; i++) {
            assertEquals(9L, model.step(state, op("write", "9")));
            assertEquals(0L, state);
        }
    }
}

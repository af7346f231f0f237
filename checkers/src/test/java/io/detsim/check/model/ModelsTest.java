package io.detsim.check.model;

import static io.detsim.check.model.ModelOps.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.edn.Keyword;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Models.create: names, --init EDN, and the errors a user sees. */
class ModelsTest {

    @Test
    void everyListedNameCreatesTheModelOfThatName() {
        for (String name : Models.NAMES) {
            Model model = Models.create(name, null, true);
            assertEquals(name, model.name());
        }
        assertEquals(5, Models.NAMES.size());
    }

    @Test
    void eachNameGivesItsKind() {
        assertInstanceOf(RegisterModel.class, Models.create("register", "0", true));
        assertInstanceOf(RegisterModel.class, Models.create("cas-register", "0", true));
        assertInstanceOf(MultiRegisterModel.class, Models.create("multi-register", null, true));
        assertInstanceOf(MutexModel.class, Models.create("mutex", null, true));
        assertInstanceOf(KvModel.class, Models.create("kv", "\"\"", true));
    }

    @Test
    void initIsReadAsEdn() {
        assertEquals(0L, Models.create("cas-register", "0", true).initialState());
        assertNull(Models.create("cas-register", "nil", true).initialState());
        assertNull(Models.create("register", null, true).initialState(), "default: nil");
        assertEquals("", Models.create("kv", "\"\"", true).forPartition("k").initialState());
        assertEquals(Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L),
                Models.create("multi-register", "{:x 0 :y 0}", true).initialState());
        assertEquals(Map.of(), Models.create("multi-register", null, true).initialState());
    }

    @Test
    void casOnlyOnTheCasRegister() {
        Model cas = Models.create("cas-register", "0", true);
        assertEquals(1L, cas.step(0L, op("cas", "[0 1]")));
        Model plain = Models.create("register", "0", true);
        assertThrows(ModelException.class, () -> plain.step(0L, op("cas", "[0 1]")));
    }

    @Test
    void nilReadIsUnknownIsPassedOn() {
        assertEquals(3L, Models.create("register", "0", true).step(3L, op("read", "nil")));
        assertSame(Model.ILLEGAL,
                Models.create("register", "0", false).step(3L, op("read", "nil")));
        assertEquals("v",
                Models.create("kv", "\"\"", true).forPartition("k").step("v", op("get", "nil")));
        assertSame(Model.ILLEGAL,
                Models.create("kv", "\"\"", false).forPartition("k").step("v", op("get", "nil")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linearizable-set", "Register", "", "cas_register"})
    void unknownNamesAreRefusedWithTheKnownOnes(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create(name, null, true));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        for (String known : Models.NAMES) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
    }

    @Test
    void badInitEdnNamesTheProblem() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> Models.create("multi-register", "{:x 0", true));
        assertTrue(unclosed.getMessage().contains("--init"), unclosed.getMessage());
        assertTrue(unclosed.getMessage().contains("'}' missing"), unclosed.getMessage());
        assertTrue(unclosed.getMessage().contains("column"), unclosed.getMessage());

        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> Models.create("register", "0 1", true));
        assertTrue(two.getMessage().contains("--init"), two.getMessage());
        assertTrue(two.getMessage().contains("more than one"), two.getMessage());

        IllegalArgumentException eval = assertThrows(IllegalArgumentException.class,
                () -> Models.create("register", "#=(java.lang.System/exit 1)", true));
        assertTrue(eval.getMessage().contains("reader eval"), eval.getMessage());

        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> Models.create("register", "0x10", true));
        assertTrue(number.getMessage().contains("bad number '0x10'"), number.getMessage());
    }

    @Test
    void multiRegisterNeedsAMap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create("multi-register", "[0 0]", true));
        assertTrue(e.getMessage().contains("multi-register"), e.getMessage());
        assertTrue(e.getMessage().contains("{:x 0 :y 0}"), e.getMessage());
    }
}

package io.detsim.check.model;

import static io.detsim.check.model.ModelOps.op;
import static io.detsim.check.model.ModelOps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.edn.EdnReader;
import io.detsim.check.edn.Keyword;
import io.detsim.check.history.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MultiRegisterModel: transactions of reads and writes over named registers. */
class MultiRegisterModelTest {
    private static final Keyword X = Keyword.of("x");
    private static final Keyword Y = Keyword.of("y");

    private final MultiRegisterModel model = new MultiRegisterModel(Map.of(X, 0L, Y, 0L));

    private static Operation txn(String microOps) {
        return op("txn", microOps);
    }

    private static Map<?, ?> state(String edn) {
        return (Map<?, ?>) EdnReader.readOne(edn);
    }

    @Test
    void initialState() {
        assertEquals(state("{:x 0 :y 0}"), model.initialState());
        assertEquals("multi-register", model.name());
        assertEquals(Map.of(X, 1L), new MultiRegisterModel(Map.of(X, 1)).initialState(),
                "an Integer initial value is a Long");
    }

    @Test
    void readsCheckAndWritesSet() {
        assertEquals(state("{:x 0 :y 2}"),
                model.step(model.initialState(), txn("[[:read :x 0] [:write :y 2]]")));
        assertSame(Model.ILLEGAL, model.step(model.initialState(), txn("[[:read :x 1]]")));
        assertEquals(state("{:x 3 :y 4}"), run(model, txn("[[:write :x 3]]"),
                txn("[[:write :y 4] [:read :x 3]]"), txn("[[:read :x 3] [:read :y 4]]")));
    }

    @Test
    void aTransactionSeesItsOwnWrites() {
        assertEquals(state("{:x 5 :y 0}"),
                run(model, txn("[[:write :x 5] [:read :x 5]]")));
        assertSame(Model.ILLEGAL, run(model, txn("[[:write :x 5] [:read :x 0]]")));
    }

    @Test
    void allOrNothing() {
        Object before = model.initialState();
        assertSame(Model.ILLEGAL, model.step(before, txn("[[:write :x 5] [:read :y 9]]")));
        assertEquals(state("{:x 0 :y 0}"), before, "a failed step leaves the state as it was");
    }

    @Test
    void nilReadsConstrainNothing() {
        Object after = run(model, txn("[[:write :x 7]]"), txn("[[:read :x nil] [:read :y nil]]"));
        assertEquals(state("{:x 7 :y 0}"), after);
    }

    @Test
    void registersOutsideTheInitialMapReadAsNil() {
        assertSame(Model.ILLEGAL, run(model, txn("[[:read :z 1]]")));
        assertEquals(state("{:x 0 :y 0 :z 1}"),
                run(model, txn("[[:write :z 1]]"), txn("[[:read :z 1]]")));
    }

    @Test
    void integersAreEqualAcrossNumberTypes() {
        assertEquals(model.initialState(), run(model, txn("[[:read :x 0N]]")));
        assertEquals(run(model, txn("[[:write :x 1]]")), run(model, txn("[[:write :x 1N]]")));
    }

    @Test
    void equalStatesFromDifferentPathsAreEqual() {
        Object roundTrip = run(model, txn("[[:write :x 1]]"), txn("[[:write :x 0]]"));
        assertEquals(model.initialState(), roundTrip);
        assertEquals(model.initialState().hashCode(), roundTrip.hashCode());
    }

    @Test
    void readOnlyMeansOnlyReads() {
        assertTrue(model.isReadOnly(txn("[[:read :x 1] [:read :y nil]]")));
        assertTrue(model.isReadOnly(txn("[]")));
        assertFalse(model.isReadOnly(txn("[[:read :x 1] [:write :y 2]]")));
    }

    @Test
    void malformedTransactionsAreModelErrors() {
        for (String bad : new String[] {"[[:cas :x 1]]", "[[:read :x]]", "[:read :x 1]",
                "5", "nil", "[[\"read\" :x 1]]"}) {
            ModelException e = assertThrows(ModelException.class,
                    () -> model.step(model.initialState(), txn(bad)), bad);
            assertTrue(e.getMessage().contains("txn"), e.getMessage());
        }
        ModelException wrongF = assertThrows(ModelException.class,
                () -> model.step(model.initialState(), op("read", "[[:read :x 1]]")));
        assertTrue(wrongF.getMessage().contains("'read'"), wrongF.getMessage());
    }
}

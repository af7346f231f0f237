package io.detsim.check.knossos;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.ILookup;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryEdn;
import io.detsim.check.history.Operation;
import io.detsim.check.linear.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * Knossos-style checking through Clojure interop. The history and model go to Clojure as data
 * and {@code analysis} is called through {@link Clojure#var}: real Knossos's
 * {@code knossos.competition/analysis} when Knossos is on the classpath (the user adds it; it is
 * not a build dependency because it is published only on Clojars), otherwise detsim's own
 * {@code detsim.knossos-compat/analysis}, which offers the same entry point and result shape.
 *
 * <p>Clojure is loaded lazily, on the first check, and headless: nothing of it is touched by
 * programs that never use this checker.
 */
public final class ClojureChecker {
    /** Which Clojure analysis ran. */
    public enum Engine { KNOSSOS, COMPAT }

    private final long timeLimitMillis;
    private final boolean preferKnossos;

    /**
     * @param timeLimitMillis the analysis's own time limit; past it the verdict is unknown
     * @param preferKnossos use real Knossos when it is on the classpath
     */
    public ClojureChecker(long timeLimitMillis, boolean preferKnossos) {
        if (timeLimitMillis <= 0) {
            throw new IllegalArgumentException("timeLimitMillis must be > 0, was "
                    + timeLimitMillis);
        }
        this.timeLimitMillis = timeLimitMillis;
        this.preferKnossos = preferKnossos;
    }

    /** True when real Knossos can be loaded from the classpath. */
    public static boolean knossosOnClasspath() {
        ClassLoader loader = ClojureChecker.class.getClassLoader();
        return loader.getResource("knossos/competition.clj") != null
                || loader.getResource("knossos/competition__init.class") != null;
    }

    /** The engine {@link #check} will use for {@code modelName}. */
    public Engine engineFor(String modelName) {
        // Knossos has no key-value model; per-key checking is the compat checker's.
        boolean knossosHasModel = !modelName.equals("kv");
        return preferKnossos && knossosHasModel && knossosOnClasspath()
                ? Engine.KNOSSOS
                : Engine.COMPAT;
    }

    /**
     * Checks {@code history} against the model named {@code modelName} (see
     * {@link io.detsim.check.model.Models}) with initial value {@code initEdn} (EDN, or null).
     */
    public CheckResult check(History history, String modelName, String initEdn,
            boolean nilReadIsUnknown) {
        Engine engine = engineFor(modelName);
        ClojureRuntime rt = ClojureRuntime.get();
        Object init = initEdn == null ? null : rt.readEdn.invoke(initEdn);
        Object model = engine == Engine.KNOSSOS
                ? rt.knossosModel(modelName, init)
                : rt.compatMakeModel.invoke(modelName, init, nilReadIsUnknown);
        Object ops = rt.readEdn.invoke(HistoryEdn.write(history));
        Object opts = rt.readEdn.invoke("{:time-limit-ms " + timeLimitMillis + "}");
        // Knossos's own analysis is called with its two-argument form, which every version has;
        // its time limit is then Knossos's default.
        Object result = engine == Engine.KNOSSOS
                ? rt.knossosAnalysis().invoke(model, ops)
                : rt.compatAnalysis.invoke(model, ops, opts);
        return toCheckResult((ILookup) result, history, modelName);
    }

    private static CheckResult toCheckResult(ILookup result, History history, String modelName) {
        Object valid = result.valAt(ClojureRuntime.keyword("valid?"));
        if (Boolean.TRUE.equals(valid)) {
            // Knossos's analysis reports no linearization order, so there is no witness.
            return new CheckResult.Linearizable(history.operations().size(), 1, List.of());
        }
        if (!Boolean.FALSE.equals(valid)) {
            Object cause = result.valAt(ClojureRuntime.keyword("cause"));
            return new CheckResult.Unknown("clojure analysis: " + (cause == null ? valid : cause));
        }
        Operation failing = operationAt(result.valAt(ClojureRuntime.keyword("op")), history);
        Object key = result.valAt(ClojureRuntime.keyword("key"));
        // Nor a prefix: the counterexample names the failing operation only.
        return new CheckResult.NotLinearizable(new CheckResult.Counterexample(key, modelName,
                failing, List.of(), "", List.of(), false, List.of()));
    }

    /** The operation whose invocation or completion sits at the op map's {@code :index}. */
    private static Operation operationAt(Object opMap, History history) {
        if (!(opMap instanceof Map<?, ?> map)) {
            return null;
        }
        Object index = map.get(ClojureRuntime.keyword("index"));
        if (!(index instanceof Number n)) {
            return null;
        }
        for (Operation op : history.operations()) {
            if (op.completeIndex() == n.longValue() || op.invokeIndex() == n.longValue()) {
                return op;
            }
        }
        return null;
    }

    /** Clojure, loaded on first use (the holder idiom makes loading lazy and thread-safe). */
    private static final class ClojureRuntime {
        private static final ClojureRuntime INSTANCE = new ClojureRuntime();

        final IFn require;
        final IFn readEdn;
        final IFn compatMakeModel;
        final IFn compatAnalysis;
        private volatile IFn knossosAnalysis;

        private ClojureRuntime() {
            System.setProperty("java.awt.headless", "true");
            require = Clojure.var("clojure.core", "require");
            require.invoke(Clojure.read("clojure.edn"));
            readEdn = Clojure.var("clojure.edn", "read-string");
            require.invoke(Clojure.read("detsim.knossos-compat"));
            compatMakeModel = Clojure.var("detsim.knossos-compat", "make-model");
            compatAnalysis = Clojure.var("detsim.knossos-compat", "analysis");
        }

        static ClojureRuntime get() {
            return INSTANCE;
        }

        static Object keyword(String name) {
            return clojure.lang.Keyword.intern(name);
        }

        IFn knossosAnalysis() {
            if (knossosAnalysis == null) {
                require.invoke(Clojure.read("knossos.competition"));
                require.invoke(Clojure.read("knossos.model"));
                knossosAnalysis = Clojure.var("knossos.competition", "analysis");
            }
            return knossosAnalysis;
        }

        Object knossosModel(String modelName, Object init) {
            knossosAnalysis();
            IFn constructor = Clojure.var("knossos.model", modelName);
            return modelName.equals("mutex") ? constructor.invoke() : constructor.invoke(init);
        }
    }
}

package io.detsim.check.model;

import io.detsim.check.edn.EdnException;
import io.detsim.check.edn.EdnReader;
import java.util.List;
import java.util.Map;

/**
 * Builds models by name, with an initial value given as EDN text (as {@code detsim check --init}
 * takes it).
 */
public final class Models {
    /** The names {@link #create} knows. */
    public static final List<String> NAMES = List.of("register", "cas-register", "multi-register",
            "mutex", "kv");

    private Models() {}

    /**
     * @param name one of {@link #NAMES}
     * @param initEdn the initial value as EDN: {@code 0}, {@code nil}, {@code ""} or a map such as
     *     {@code {:x 0 :y 0}}; null for the model's default
     * @param nilReadIsUnknown whether a read of nil constrains nothing (Knossos) or means nil
     *     (Porcupine's etcd model)
     */
    public static Model create(String name, String initEdn, boolean nilReadIsUnknown) {
        Object init = parseInit(initEdn);
        return switch (name) {
            case "register" -> new RegisterModel(init, false, nilReadIsUnknown);
            case "cas-register" -> new RegisterModel(init, true, nilReadIsUnknown);
            case "multi-register" -> {
                if (init != null && !(init instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException(
                            "multi-register needs a map --init such as {:x 0 :y 0}");
                }
                yield new MultiRegisterModel(init == null ? Map.of() : (Map<?, ?>) init);
            }
            case "mutex" -> new MutexModel();
            case "kv" -> new KvModel(init, nilReadIsUnknown);
            default -> throw new IllegalArgumentException(
                    "unknown model '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    private static Object parseInit(String initEdn) {
        if (initEdn == null) {
            return null;
        }
        try {
            return EdnReader.readOne(initEdn);
        } catch (EdnException e) {
            throw new IllegalArgumentException("--init is not an EDN value: " + e.getMessage(), e);
        }
    }
}

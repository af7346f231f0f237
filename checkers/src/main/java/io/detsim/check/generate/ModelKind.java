package io.detsim.check.generate;

import io.detsim.check.model.Model;
import io.detsim.check.model.Models;

/**
 * The objects the generator can simulate, each with the checker model its histories are meant
 * for. Registers start at 0; every kv key starts at {@code ""} (Porcupine's convention). A read
 * of nil is a value like any (no Knossos nil-read leniency): generated completed reads are never
 * nil, so the convention only matters for hand-made histories.
 */
public enum ModelKind {
    /** One register: {@code read}, {@code write}. */
    REGISTER("register", "0"),
    /** One register with {@code cas [old new]} as well. */
    CAS_REGISTER("cas-register", "0"),
    /** String keys, each with {@code get}, {@code put}, {@code append}. */
    KV("kv", "\"\"");

    private final String modelName;
    private final String initEdn;

    ModelKind(String modelName, String initEdn) {
        this.modelName = modelName;
        this.initEdn = initEdn;
    }

    /** The name {@link Models#create} knows. */
    public String modelName() {
        return modelName;
    }

    /** A fresh checker model matching the generator's initial values. */
    public Model model() {
        return Models.create(modelName, initEdn, false);
    }
}

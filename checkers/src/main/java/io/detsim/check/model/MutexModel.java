package io.detsim.check.model;

import io.detsim.check.history.Operation;

/** A lock: {@code acquire} needs it free, {@code release} needs it held. */
public final class MutexModel implements Model {
    private static final Boolean LOCKED = Boolean.TRUE;
    private static final Boolean UNLOCKED = Boolean.FALSE;

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Object initialState() {
        return UNLOCKED;
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return false;
    }

    @Override
    public Object step(Object state, Operation op) {
        return switch (op.f()) {
            case "acquire" -> state == UNLOCKED ? LOCKED : ILLEGAL;
            case "release" -> state == LOCKED ? UNLOCKED : ILLEGAL;
            default -> throw new ModelException("mutex has no function '" + op.f() + "' (" + op
                    + ")");
        };
    }

    @Override
    public String describe(Object state) {
        return state == LOCKED ? "locked" : "unlocked";
    }
}

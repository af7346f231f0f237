package io.detsim.check.model;

import io.detsim.check.history.Operation;
import java.util.List;

/**
 * A single register: {@code read}, {@code write} and (as the cas-register) {@code cas [old new]}.
 * With {@code nilReadIsUnknown} (Knossos's convention) a read that returned nil constrains nothing;
 * without it (Porcupine's etcd model, where the register starts as nil) nil is a value like any.
 */
public final class RegisterModel implements Model {
    private final String name;
    private final Object initial;
    private final boolean casAllowed;
    private final boolean nilReadIsUnknown;

    public RegisterModel(Object initial, boolean casAllowed, boolean nilReadIsUnknown) {
        this.name = casAllowed ? "cas-register" : "register";
        this.initial = Values.canonical(initial);
        this.casAllowed = casAllowed;
        this.nilReadIsUnknown = nilReadIsUnknown;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object initialState() {
        return initial;
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return op.f().equals("read");
    }

    @Override
    public Object step(Object state, Operation op) {
        Object value = op.value();
        switch (op.f()) {
            case "read" -> {
                if (value == null && nilReadIsUnknown) {
                    return state;
                }
                return Values.same(state, value) ? state : ILLEGAL;
            }
            case "write" -> {
                return Values.canonical(value);
            }
            case "cas" -> {
                if (!casAllowed) {
                    throw new ModelException("the register model has no cas; use cas-register ("
                            + op + ")");
                }
                List<?> pair = Values.pair(value, "cas " + op);
                return Values.same(state, pair.get(0)) ? Values.canonical(pair.get(1)) : ILLEGAL;
            }
            default -> throw new ModelException(name + " has no function '" + op.f() + "' (" + op
                    + ")");
        }
    }
}

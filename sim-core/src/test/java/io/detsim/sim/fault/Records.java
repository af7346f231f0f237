package io.detsim.sim.fault;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Copies a record with one component replaced, through its canonical constructor, so that a test
 * can vary any knob of a profile without a hand-written wither per knob. Validation errors thrown
 * by the constructor come out unwrapped.
 */
final class Records {
    private Records() {}

    static <R extends Record> R with(R record, String componentName, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        boolean found = false;
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            boolean replaced = components[i].getName().equals(componentName);
            found |= replaced;
            values[i] = replaced ? value : read(components[i], record);
        }
        if (!found) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no "
                    + componentName);
        }
        return construct(record, types, values);
    }

    static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R construct(R record, Class<?>[] types, Object[] values) {
        try {
            Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
            return (R) constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}

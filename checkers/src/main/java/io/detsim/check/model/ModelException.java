package io.detsim.check.model;

/** An operation the model does not understand (unknown function, malformed value). */
public final class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }
}

package io.detsim.check.linear;

import io.detsim.check.history.Operation;

/**
 * One operation of a linearization, with the model state around it: what a report shows when the
 * reader hovers over a step.
 *
 * @param op the operation, as it appears in the history's {@code operations()}
 * @param stateBefore the partition model's state before {@code op}, as its {@code describe} text
 * @param stateAfter the state after {@code op}, likewise; the next step's {@code stateBefore}
 */
public record LinearizedStep(Operation op, String stateBefore, String stateAfter) {}

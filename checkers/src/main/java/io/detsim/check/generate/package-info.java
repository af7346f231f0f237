/**
 * Seeded generators of Jepsen-style histories with a known answer: histories that are
 * linearizable by construction (a simulated sequential object with concurrent, crashing clients),
 * mutations of them that are not, and unconstrained random ones. They feed differential tests
 * and benchmarks of the checkers.
 *
 * <p>May depend on {@code io.detsim.check.history} and {@code io.detsim.check.model} (only to
 * name the model a history is meant for). Must never depend on the checkers themselves
 * ({@code io.detsim.check.linear}): a generator that asked the checker would prove nothing. The
 * simulated object is its own small implementation, not a {@code Model}, for the same reason.
 */
package io.detsim.check.generate;

package io.detsim.raft.microraft;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts one class or member from the determinism bans (the forbiddenapis plugin honours any
 * annotation of this simple name). Only for MicroRaft's API types that the bans name: it takes a
 * {@code java.time.Clock} and a {@code java.util.Random}, and ours are deterministic views of the
 * node's clock and random stream. Say why at each use.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@interface SuppressForbidden {
    /** Why the exemption is safe. */
    String value();
}

package io.detsim.sim.seam;

import io.detsim.sim.random.RandomStream;

/**
 * A message between nodes. Messages are immutable values (records): the simulator may deliver the
 * same instance twice (duplication) and nodes never share mutable objects.
 */
public interface Message {
    /**
     * A stable 64-bit digest of this message, folded into the trace hash at delivery. The default
     * covers only the type; override it to cover the content so that a nondeterministic payload
     * shows up as a trace difference. Never use {@code hashCode()} here: records holding enums or
     * arrays hash by identity, which differs between JVM runs.
     */
    default long digest() {
        return TypeDigest.of(getClass());
    }

    /** Caches the digest of a message type's name. */
    final class TypeDigest {
        private static final ClassValue<Long> DIGESTS = new ClassValue<>() {
            @Override
            protected Long computeValue(Class<?> type) {
                return RandomStream.fnv1a64(type.getName());
            }
        };

        private TypeDigest() {}

        public static long of(Class<?> type) {
            return DIGESTS.get(type);
        }
    }
}

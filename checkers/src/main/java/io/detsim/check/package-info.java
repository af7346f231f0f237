/**
 * Histories, models and linearizability checkers (to come): Jepsen-style EDN and JSON histories,
 * a native WGL checker, Knossos through Clojure interop, Raft invariant and liveness checkers.
 * Depends on no other detsim module, so it can check any Jepsen-style history.
 */
package io.detsim.check;

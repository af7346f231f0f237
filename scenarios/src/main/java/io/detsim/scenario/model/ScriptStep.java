package io.detsim.scenario.model;

import java.util.List;

/**
 * A scripted fault that needs to know the cluster's state when it fires, which a nemesis schedule
 * drawn up front cannot: starting at {@code startNanos} and then every {@code everyNanos} of the
 * chaos phase, do {@code action} to whoever leads at that moment, and undo it after
 * {@code forNanos}. {@code isolate-leader} cuts the leader and half the clients off from the
 * other servers and clients; undoing it heals the network.
 *
 * @param action one of {@link #ACTIONS}
 */
public record ScriptStep(String action, long startNanos, long everyNanos, long forNanos) {
    public static final List<String> ACTIONS = List.of("isolate-leader", "crash-leader",
            "pause-leader", "transfer-leadership");

    public ScriptStep {
        Workload.require(ACTIONS.contains(action), "script: unknown action '" + action
                + "' (known: " + String.join(", ", ACTIONS) + ")");
        Workload.require(startNanos >= 0, "script.start must be >= 0");
        Workload.require(everyNanos > 0, "script.every must be > 0");
        Workload.require(forNanos > 0 && forNanos < everyNanos,
                "script.for must be > 0 and shorter than script.every");
    }
}

package io.detsim.scenario.model;

import java.util.List;

/**
 * A scripted fault that needs to know the cluster's state when it fires, which a nemesis schedule
 * drawn up front cannot. Either periodic ({@code on} null): starting at {@code startNanos} and
 * then every {@code everyNanos} of the chaos phase, do {@code action} to whoever leads at that
 * moment; or triggered: on every Raft event {@code on} during the chaos phase, with probability
 * {@code chance}, do it to the node of the event after a delay drawn in [0, {@code delayNanosMax}]
 * (the seed draws both). Either way it is undone after {@code forNanos}. {@code isolate-leader}
 * cuts the target and half the clients off from the other servers and clients (undone by healing
 * the network); the others crash, pause or ask for a leadership transfer. {@code isolate},
 * {@code crash} and {@code pause} are the same actions under names that read better for a
 * triggered step, whose target need not lead (a voter). {@code replace-member} (periodic, for
 * systems with membership changes) has the leader add a spare server as a voting member, and
 * {@code for} later remove a follower that was a member before: the cluster is rebuilt one
 * server at a time while it serves. {@code figure-8} (on {@code appended})
 * plays the leader changes of the Raft paper's Figure 8: the leader that just appended is cut off
 * (it still hears the others), the next leader is cut off as it wins while the first comes back,
 * and the third is crashed within milliseconds of winning, then everything heals.
 *
 * @param action one of {@link #ACTIONS}
 * @param on null, or one of {@link #TRIGGERS}: {@code elected} (a node became leader; target:
 *           it), {@code appended} (a leader appended a client entry; target: the leader),
 *           {@code voted} (a node granted its vote to another; target: the voter)
 */
public record ScriptStep(String action, long startNanos, long everyNanos, long forNanos,
        String on, double chance, long delayNanosMax) {
    public static final List<String> ACTIONS = List.of("isolate-leader", "crash-leader",
            "pause-leader", "transfer-leadership", "isolate", "crash", "pause", "figure-8",
            "replace-member");
    public static final List<String> TRIGGERS = List.of("elected", "appended", "voted");

    public ScriptStep {
        Workload.require(ACTIONS.contains(action), "script: unknown action '" + action
                + "' (known: " + String.join(", ", ACTIONS) + ")");
        Workload.require(forNanos > 0, "script.for must be > 0");
        if (on == null) {
            Workload.require(startNanos >= 0, "script.start must be >= 0");
            Workload.require(everyNanos > 0 && forNanos < everyNanos,
                    "script.every must be > 0 and longer than script.for");
            Workload.require(!action.equals("figure-8"), "script: figure-8 must be triggered"
                    + " (on \"appended\")");
        } else {
            Workload.require(TRIGGERS.contains(on), "script.on: unknown trigger '" + on
                    + "' (known: " + String.join(", ", TRIGGERS) + ")");
            Workload.require(chance > 0 && chance <= 1, "script.chance must be in (0, 1], was "
                    + chance);
            Workload.require(delayNanosMax >= 0, "script.delayMax must be >= 0");
            Workload.require(!action.equals("transfer-leadership")
                    && !action.equals("replace-member"),
                    "script: " + action + " cannot be triggered, only periodic");
            Workload.require(!action.equals("figure-8") || on.equals("appended"),
                    "script: figure-8 starts on \"appended\"");
        }
    }

    /** A periodic step. */
    public static ScriptStep every(String action, long startNanos, long everyNanos,
            long forNanos) {
        return new ScriptStep(action, startNanos, everyNanos, forNanos, null, 1.0, 0);
    }

    public boolean triggered() {
        return on != null;
    }
}

package io.detsim.scenario.model;

import java.util.List;

/**
 * Everything a run needs besides the seed and the planted bug: the cluster, the clients' workload,
 * the faults, the phases and the gates that keep a pass from being vacuous.
 *
 * @param name how the CLI and reports refer to it
 * @param description one line for people
 * @param servers Raft servers, 1..15
 * @param clients client processes, 1..32
 * @param workload what the clients do
 * @param faults the fault profile
 * @param script leader-aware faults of the chaos phase, beside the nemesis
 * @param chaosNanos the safety phase: faults on, invariants after every event
 * @param healNanos the liveness phase: faults healed, a leader must appear and ops complete
 * @param livenessBoundNanos after the heal, a leader must lead within this, and every operation
 *                           invoked later must complete (none may time out)
 * @param completedOpsMin fewer completed operations than this make the run vacuous
 * @param system the Raft implementation under test: {@code raft} (ours) or {@code microraft}
 * @param members the servers that start as voting members ({@code 0 .. members-1}); the rest
 *                are spares for the {@code replace-member} script action (systems with
 *                membership changes only)
 * @param snapshotEvery take a snapshot every this many commits (systems with snapshots, i.e.
 *                      MicroRaft); 0 for the system's default (MicroRaft: none within a run)
 */
public record Scenario(String name, String description, int servers, int clients,
        Workload workload, FaultSpec faults, List<ScriptStep> script, long chaosNanos,
        long healNanos, long livenessBoundNanos, int completedOpsMin, String system,
        int members, int snapshotEvery) {
    /** The systems a scenario can run against. */
    public static final List<String> SYSTEMS = List.of("raft", "microraft");

    /** A scenario against our own Raft. */
    public Scenario(String name, String description, int servers, int clients,
            Workload workload, FaultSpec faults, List<ScriptStep> script, long chaosNanos,
            long healNanos, long livenessBoundNanos, int completedOpsMin) {
        this(name, description, servers, clients, workload, faults, script, chaosNanos,
                healNanos, livenessBoundNanos, completedOpsMin, "raft", servers, 0);
    }

    public Scenario {
        Workload.require(name != null && name.matches("[a-z0-9][a-z0-9-]*"),
                "name must be lowercase letters, digits and dashes, was '" + name + "'");
        Workload.require(description != null, "description is missing");
        Workload.require(servers >= 1 && servers <= 15, "servers must be in [1, 15], was "
                + servers);
        Workload.require(clients >= 1 && clients <= 32, "clients must be in [1, 32], was "
                + clients);
        Workload.require(workload != null, "workload is missing");
        Workload.require(faults != null, "faults is missing");
        script = script == null ? List.of() : List.copyOf(script);
        Workload.require(chaosNanos >= 0, "chaos must be >= 0");
        Workload.require(healNanos > 0, "heal must be > 0");
        Workload.require(livenessBoundNanos > 0 && livenessBoundNanos < healNanos,
                "livenessBound must be > 0 and shorter than heal");
        Workload.require(completedOpsMin >= 0, "completedOpsMin must be >= 0");
        Workload.require(SYSTEMS.contains(system), "system must be one of " + SYSTEMS
                + ", was '" + system + "'");
        Workload.require(members >= 1 && members <= servers, "members must be in [1, servers],"
                + " was " + members);
        boolean changesMembers = members < servers || script.stream()
                .anyMatch(step -> step.action().equals("replace-member"));
        Workload.require(!changesMembers || system.equals("microraft"), "members below servers"
                + " and replace-member need a system with membership changes (microraft), not "
                + system);
        Workload.require(snapshotEvery >= 0, "snapshotEvery must be >= 0, was " + snapshotEvery);
        Workload.require(snapshotEvery == 0 || system.equals("microraft"), "snapshotEvery needs"
                + " a system with snapshots (microraft), not " + system);
    }

    public Scenario withSystem(String value) {
        return new Scenario(name, description, servers, clients, workload, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin, value, members,
                snapshotEvery);
    }

    public Scenario withWorkload(Workload value) {
        return new Scenario(name, description, servers, clients, value, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin,
                system, members, snapshotEvery);
    }

    public Scenario withPhases(long chaos, long heal) {
        return new Scenario(name, description, servers, clients, workload, faults, script,
                chaos, heal, Math.min(livenessBoundNanos, heal / 2), completedOpsMin, system,
                members, snapshotEvery);
    }

    public Scenario withFaults(FaultSpec value) {
        return new Scenario(name, description, servers, clients, workload, value, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin,
                system, members, snapshotEvery);
    }

    public Scenario withScript(List<ScriptStep> value) {
        return new Scenario(name, description, servers, clients, workload, faults, value,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin,
                system, members, snapshotEvery);
    }

    public Scenario withClients(int value) {
        return new Scenario(name, description, servers, value, workload, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin,
                system, members, snapshotEvery);
    }

    public Scenario withCompletedOpsMin(int value) {
        return new Scenario(name, description, servers, clients, workload, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, value, system, members, snapshotEvery);
    }

    public Scenario withName(String value, String why) {
        return new Scenario(value, why, servers, clients, workload, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin,
                system, members, snapshotEvery);
    }

    public Scenario withServers(int value) {
        return new Scenario(name, description, value, clients, workload, faults, script,
                chaosNanos, healNanos, livenessBoundNanos, completedOpsMin, system,
                members == servers ? value : Math.min(members, value), snapshotEvery);
    }
}

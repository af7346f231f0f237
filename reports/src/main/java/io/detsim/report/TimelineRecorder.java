package io.detsim.report;

import io.detsim.report.ClusterTimeline.FaultSpan;
import io.detsim.report.ClusterTimeline.Mark;
import io.detsim.report.ClusterTimeline.Outage;
import io.detsim.report.ClusterTimeline.RoleSpan;
import io.detsim.sim.SimObserver;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.net.NodeSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ClusterTimeline} as a run goes: it hears the simulator's faults and node
 * lifecycle (as its {@link SimObserver}) and the servers' role changes (from whoever watches the
 * Raft nodes, through {@link #roleChanged}). It only records; it never acts on the run.
 */
public final class TimelineRecorder implements SimObserver {
    private final int servers;
    private final int nodes;
    private final List<RoleSpan> roles = new ArrayList<>();
    private final List<Outage> outages = new ArrayList<>();
    private final List<FaultSpan> faults = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    /** Per node: the open role span's role, term and start, or null. */
    private final String[] openRole;
    private final long[] openTerm;
    private final long[] openRoleFrom;
    /** Per node: the open outage's kind and start, or null. */
    private final String[] openOutage;
    private final long[] openOutageFrom;
    /** Network cuts applied since the last heal: each one's start, nodes and text. */
    private final List<FaultSpan> openCuts = new ArrayList<>();

    /**
     * @param servers servers are nodes {@code 0 .. servers-1}
     * @param nodes every node, clients included
     */
    public TimelineRecorder(int servers, int nodes) {
        if (servers < 1 || nodes < servers) {
            throw new IllegalArgumentException("need 1 <= servers <= nodes, got servers "
                    + servers + " of " + nodes + " nodes");
        }
        this.servers = servers;
        this.nodes = nodes;
        this.openRole = new String[nodes];
        this.openTerm = new long[nodes];
        this.openRoleFrom = new long[nodes];
        this.openOutage = new String[nodes];
        this.openOutageFrom = new long[nodes];
    }

    /** Server {@code node} now has {@code role} in {@code term}. */
    public void roleChanged(long timeNanos, int node, String role, long term) {
        closeRole(timeNanos, node);
        openRole[node] = role;
        openTerm[node] = term;
        openRoleFrom[node] = timeNanos;
        if (role.equals("LEADER")) {
            marks.add(new Mark(timeNanos, "elected", node, "node " + node + " elected leader of"
                    + " term " + term));
        }
    }

    @Override
    public void faultApplied(long timeNanos, FaultAction action) {
        switch (action) {
            case FaultAction.Heal h -> heal(timeNanos, "heal: every network cut removed");
            case FaultAction.HealAll h -> {
                heal(timeNanos, "heal all: network healed, every node up and running");
                endLastingFaults(timeNanos);
            }
            // Both sides are cut off from each other: every node is touched.
            case FaultAction.PartitionHalves p -> cut(timeNanos, NodeSet.range(nodes).ids(),
                    action);
            case FaultAction.PartitionOneWay p -> cut(timeNanos,
                    new NodeSet(p.senders().bits() | p.receivers().bits()).ids(), action);
            case FaultAction.Isolate i -> cut(timeNanos, new int[] {i.node()}, action);
            case FaultAction.Bridge b -> cut(timeNanos, b.orderArray(), action);
            case FaultAction.MajoritiesRing m -> cut(timeNanos, m.orderArray(), action);
            case FaultAction.ClogNode c -> faults.add(new FaultSpan("clog", List.of(c.node()),
                    timeNanos, timeNanos + c.durationNanos(), action.toString()));
            case FaultAction.ClogLink c -> faults.add(new FaultSpan("clog",
                    List.of(c.from(), c.to()), timeNanos, timeNanos + c.durationNanos(),
                    action.toString()));
            case FaultAction.DiskFull d -> faults.add(new FaultSpan("disk-full",
                    List.of(d.node()), timeNanos, timeNanos + d.durationNanos(),
                    action.toString()));
            case FaultAction.ClockJump j -> marks.add(new Mark(timeNanos, "clock-jump", j.node(),
                    "clock of node " + j.node() + " jumps " + (j.deltaNanos() >= 0 ? "+" : "-")
                            + Durations.format(Math.abs(j.deltaNanos()))));
            // Crash, restart, pause and resume show through the lifecycle callbacks below.
            case FaultAction.Crash c -> { }
            case FaultAction.Restart r -> { }
            case FaultAction.Pause p -> { }
            case FaultAction.Resume r -> { }
        }
    }

    @Override
    public void nodeStopped(long timeNanos, int node, boolean halted) {
        closeRole(timeNanos, node);
        closeOutage(timeNanos, node); // a paused node can crash
        openOutage[node] = halted ? "halted" : "down";
        openOutageFrom[node] = timeNanos;
        marks.add(new Mark(timeNanos, halted ? "halt" : "crash", node, halted
                ? "node " + node + " halted itself on an I/O error" : "node " + node
                        + " crashed"));
    }

    @Override
    public void nodeStarted(long timeNanos, int node, int incarnation) {
        closeOutage(timeNanos, node);
        if (incarnation > 1) {
            marks.add(new Mark(timeNanos, "restart", node, "node " + node + " restarted"
                    + " (incarnation " + incarnation + ")"));
        }
    }

    @Override
    public void nodePaused(long timeNanos, int node) {
        closeOutage(timeNanos, node);
        openOutage[node] = "paused";
        openOutageFrom[node] = timeNanos;
    }

    @Override
    public void nodeResumed(long timeNanos, int node) {
        closeOutage(timeNanos, node);
    }

    @Override
    public void diskFault(long timeNanos, int node, String description) {
        marks.add(new Mark(timeNanos, "disk-fault", node, "disk of node " + node + ": "
                + description));
    }

    /** Closes every open span at {@code endNanos} and returns the timeline. */
    public ClusterTimeline finish(long endNanos) {
        for (int node = 0; node < nodes; node++) {
            closeRole(endNanos, node);
            closeOutage(endNanos, node);
        }
        closeCuts(endNanos);
        List<FaultSpan> clipped = new ArrayList<>();
        for (FaultSpan f : faults) {
            clipped.add(f.toNanos() <= endNanos ? f : new FaultSpan(f.kind(), f.nodes(),
                    f.fromNanos(), endNanos, f.text()));
        }
        return new ClusterTimeline(servers, nodes, endNanos, List.copyOf(roles),
                List.copyOf(outages), List.copyOf(clipped), List.copyOf(marks));
    }

    private void heal(long timeNanos, String text) {
        closeCuts(timeNanos);
        Mark mark = new Mark(timeNanos, "heal", -1, text);
        if (marks.isEmpty() || !marks.getLast().equals(mark)) {
            marks.add(mark);
        }
    }

    /** A heal-all also ends clogs and full disks (the simulator clears them). */
    private void endLastingFaults(long timeNanos) {
        for (int i = 0; i < faults.size(); i++) {
            FaultSpan f = faults.get(i);
            if (f.toNanos() > timeNanos) {
                faults.set(i, new FaultSpan(f.kind(), f.nodes(), f.fromNanos(), timeNanos,
                        f.text()));
            }
        }
    }

    private void cut(long timeNanos, int[] touched, FaultAction action) {
        List<Integer> ids = new ArrayList<>();
        for (int id : touched) {
            ids.add(id);
        }
        openCuts.add(new FaultSpan("network", List.copyOf(ids), timeNanos, -1,
                action.toString()));
    }

    private void closeCuts(long timeNanos) {
        for (FaultSpan open : openCuts) {
            faults.add(new FaultSpan(open.kind(), open.nodes(), open.fromNanos(), timeNanos,
                    open.text()));
        }
        openCuts.clear();
    }

    private void closeRole(long timeNanos, int node) {
        if (openRole[node] != null) {
            if (timeNanos > openRoleFrom[node]) {
                roles.add(new RoleSpan(node, openRole[node], openTerm[node], openRoleFrom[node],
                        timeNanos));
            }
            openRole[node] = null;
        }
    }

    private void closeOutage(long timeNanos, int node) {
        if (openOutage[node] != null) {
            outages.add(new Outage(node, openOutage[node], openOutageFrom[node], timeNanos));
            openOutage[node] = null;
        }
    }
}

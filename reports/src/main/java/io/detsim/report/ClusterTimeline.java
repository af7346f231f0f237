package io.detsim.report;

import java.util.List;

/**
 * What the cluster went through during one run, on the run's virtual time axis: each server's
 * role and term over time, when it was down or paused, the faults applied, and point events
 * (crashes, restarts, elections, clock jumps, disk faults). Saved as {@code timeline.json} beside
 * a run's other artifacts and drawn under the history in the run report.
 *
 * @param servers server ids are {@code 0 .. servers-1}
 * @param nodes all nodes, clients included (clients are {@code servers .. nodes-1})
 * @param endNanos virtual time when the run ended; every span ends by then
 * @param roles each server's role and term, one span per (role, term) while it was up
 * @param outages when a node was down (crashed or halted) or paused
 * @param faults faults that last: network cuts until the heal, clogs, full disks
 * @param marks point events
 */
public record ClusterTimeline(int servers, int nodes, long endNanos, List<RoleSpan> roles,
        List<Outage> outages, List<FaultSpan> faults, List<Mark> marks) {

    /** Refuses a timeline the report could not draw (a hand-edited or truncated file). */
    public ClusterTimeline {
        CheckReport.require(servers >= 1 && nodes >= servers, "a timeline needs 1 <= servers <="
                + " nodes, got " + servers + " servers of " + nodes + " nodes");
        CheckReport.require(roles != null && outages != null && faults != null && marks != null,
                "a timeline needs roles, outages, faults and marks (each may be empty)");
        for (RoleSpan r : roles) {
            CheckReport.require(r.node() >= 0 && r.node() < servers && r.role() != null,
                    "role span of unknown server or without a role: " + r);
        }
        for (Outage o : outages) {
            CheckReport.require(o.node() >= 0 && o.node() < nodes && o.kind() != null,
                    "outage of unknown node: " + o);
        }
        for (FaultSpan f : faults) {
            CheckReport.require(f.kind() != null && f.nodes() != null, "fault span without a"
                    + " kind or nodes: " + f);
        }
        for (Mark m : marks) {
            CheckReport.require(m.kind() != null && m.node() < nodes, "mark of unknown node: "
                    + m);
        }
    }

    /** {@code node} had {@code role} in {@code term} from {@code fromNanos} to {@code toNanos}. */
    public record RoleSpan(int node, String role, long term, long fromNanos, long toNanos) {}

    /**
     * @param kind {@code down} (crashed from outside), {@code halted} (stopped itself on an I/O
     *             error, restarted by its supervisor) or {@code paused}
     */
    public record Outage(int node, String kind, long fromNanos, long toNanos) {}

    /**
     * @param kind {@code network} (a cut that lasts until the next heal), {@code clog}, or
     *             {@code disk-full}
     * @param nodes the nodes it touches (for a network cut: every node on either side)
     * @param text the fault as the simulator describes it
     */
    public record FaultSpan(String kind, List<Integer> nodes, long fromNanos, long toNanos,
            String text) {}

    /**
     * @param kind {@code crash}, {@code halt}, {@code restart}, {@code elected}, {@code heal},
     *             {@code clock-jump} or {@code disk-fault}
     * @param node the node, or -1 for the whole cluster
     */
    public record Mark(long atNanos, String kind, int node, String text) {}
}

package io.detsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.report.ClusterTimeline.FaultSpan;
import io.detsim.report.ClusterTimeline.Outage;
import io.detsim.report.ClusterTimeline.RoleSpan;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.net.NodeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineRecorderTest {
    @Test
    void roleSpansFollowChangesAndStopAtACrash() {
        TimelineRecorder recorder = new TimelineRecorder(3, 5);
        recorder.nodeStarted(0, 0, 1);
        recorder.roleChanged(0, 0, "FOLLOWER", 0);
        recorder.roleChanged(100, 0, "CANDIDATE", 1);
        recorder.roleChanged(150, 0, "LEADER", 1);
        recorder.nodeStopped(400, 0, false);
        recorder.nodeStarted(900, 0, 2);
        recorder.roleChanged(910, 0, "FOLLOWER", 2);
        ClusterTimeline timeline = recorder.finish(1000);
        assertEquals(List.of(new RoleSpan(0, "FOLLOWER", 0, 0, 100),
                new RoleSpan(0, "CANDIDATE", 1, 100, 150), new RoleSpan(0, "LEADER", 1, 150, 400),
                new RoleSpan(0, "FOLLOWER", 2, 910, 1000)), timeline.roles());
        assertEquals(List.of(new Outage(0, "down", 400, 900)), timeline.outages());
        assertTrue(timeline.marks().stream().anyMatch(m -> m.kind().equals("elected")
                && m.atNanos() == 150 && m.node() == 0));
        assertTrue(timeline.marks().stream().anyMatch(m -> m.kind().equals("restart")
                && m.atNanos() == 900));
    }

    @Test
    void networkCutsLastUntilTheHealAndOpenOnesEndWithTheRun() {
        TimelineRecorder recorder = new TimelineRecorder(3, 4);
        recorder.faultApplied(10, new FaultAction.PartitionHalves(NodeSet.of(0)));
        recorder.faultApplied(20, new FaultAction.Isolate(2));
        recorder.faultApplied(50, new FaultAction.Heal());
        recorder.faultApplied(60, new FaultAction.PartitionOneWay(NodeSet.of(1), NodeSet.of(2)));
        recorder.faultApplied(70, new FaultAction.DiskFull(1, 1_000));
        ClusterTimeline timeline = recorder.finish(100);
        List<FaultSpan> network = timeline.faults().stream()
                .filter(f -> f.kind().equals("network")).toList();
        assertEquals(3, network.size(), network.toString());
        assertEquals(10, network.get(0).fromNanos());
        assertEquals(50, network.get(0).toNanos());
        assertEquals(50, network.get(1).toNanos());
        assertEquals(100, network.get(2).toNanos(), "a cut never healed ends with the run");
        assertEquals(List.of(1, 2), network.get(2).nodes());
        FaultSpan full = timeline.faults().stream().filter(f -> f.kind().equals("disk-full"))
                .findFirst().orElseThrow();
        assertEquals(100, full.toNanos(), "spans are clipped to the run's end");
    }

    @Test
    void healAllEndsClogsAndFullDisksAndIsMarkedOnce() {
        TimelineRecorder recorder = new TimelineRecorder(3, 3);
        recorder.faultApplied(10, new FaultAction.ClogNode(2, 1_000));
        recorder.faultApplied(20, new FaultAction.PartitionHalves(NodeSet.of(1)));
        recorder.faultApplied(30, new FaultAction.HealAll());
        recorder.faultApplied(30, new FaultAction.HealAll());
        ClusterTimeline timeline = recorder.finish(2_000);
        FaultSpan clog = timeline.faults().stream().filter(f -> f.kind().equals("clog"))
                .findFirst().orElseThrow();
        assertEquals(30, clog.toNanos());
        FaultSpan cut = timeline.faults().stream().filter(f -> f.kind().equals("network"))
                .findFirst().orElseThrow();
        assertEquals(List.of(0, 1, 2), cut.nodes(), "a partition touches both sides");
        assertEquals(1, timeline.marks().stream().filter(m -> m.kind().equals("heal")).count());
    }

    @Test
    void pausesAndHaltsAreOutages() {
        TimelineRecorder recorder = new TimelineRecorder(2, 2);
        recorder.nodePaused(5, 1);
        recorder.nodeResumed(9, 1);
        recorder.nodeStopped(12, 1, true);
        ClusterTimeline timeline = recorder.finish(20);
        assertEquals(List.of(new Outage(1, "paused", 5, 9), new Outage(1, "halted", 12, 20)),
                timeline.outages());
    }

    @Test
    void refusesAClusterWithoutServers() {
        assertThrows(IllegalArgumentException.class, () -> new TimelineRecorder(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new TimelineRecorder(4, 3));
    }
}

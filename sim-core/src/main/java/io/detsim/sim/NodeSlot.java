package io.detsim.sim;

import io.detsim.sim.clock.SimClock;
import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.NodeDisk;
import io.detsim.sim.seam.NodeFactory;
import io.detsim.sim.seam.NodeLog;
import io.detsim.sim.seam.Timer;
import io.detsim.sim.sched.SimEvent;
import io.detsim.sim.trace.TraceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's place in the simulation: its disk and clock (which outlive crashes), its current
 * incarnation (which does not), and what a pause holds back.
 */
final class NodeSlot {
    final int id;
    final SimDisk disk;
    final SimClock clock;
    private final Simulation sim;
    private final NodeFactory factory;
    private Node node;
    private int incarnation;
    private boolean up;
    private boolean paused;
    private final List<NodeEvent> held = new ArrayList<>();

    NodeSlot(Simulation sim, int id, NodeFactory factory, SimDisk disk, SimClock clock) {
        this.sim = sim;
        this.id = id;
        this.factory = factory;
        this.disk = disk;
        this.clock = clock;
    }

    Node node() { return node; }

    boolean isUp() { return up; }

    boolean isPaused() { return paused; }

    int incarnation() { return incarnation; }

    void boot() {
        Check.state(!up, "node %s is already up", id);
        incarnation++;
        up = true;
        paused = false;
        sim.trace().record(sim.nowNanos(), TraceKind.START, id, -1, incarnation);
        sim.observer().nodeStarted(sim.nowNanos(), id, incarnation);
        sim.runAsNode(id, () -> {
            node = factory.create(new Context(incarnation));
            Check.state(node != null, "node factory returned null for node %s", id);
            node.start();
        });
    }

    /** Returns how many unsynced disk operations the crash met. */
    int crash() {
        Check.state(up, "node %s is not up", id);
        up = false;
        paused = false;
        held.clear();
        node = null;
        return disk.crash();
    }

    void pause() {
        Check.state(up && !paused, "node %s is not running", id);
        paused = true;
    }

    /** Ends the pause and re-queues what it held, in order; returns how many events. */
    int resume() {
        Check.state(paused, "node %s is not paused", id);
        paused = false;
        List<NodeEvent> release = new ArrayList<>(held);
        held.clear();
        for (NodeEvent event : release) {
            sim.scheduler().schedule(sim.nowNanos(), SimEvent.of(event::dispatch));
        }
        return release.size();
    }

    /** An event bound for this node: dropped if the node is down, held while it is paused. */
    abstract class NodeEvent extends SimEvent {
        /** The incarnation it belongs to, or 0 for any (messages do not know who receives them). */
        private final int forIncarnation;

        NodeEvent(int forIncarnation) {
            this.forIncarnation = forIncarnation;
        }

        @Override
        protected final void fire() {
            dispatch();
        }

        final void dispatch() {
            if (!up || (forIncarnation != 0 && forIncarnation != incarnation)) {
                lost();
                return;
            }
            if (paused) {
                held.add(this);
                return;
            }
            sim.runAsNode(id, () -> deliver(node));
        }

        /** The node is down or this event's incarnation is gone. */
        void lost() {}

        abstract void deliver(Node target);
    }

    final class Delivery extends NodeEvent {
        private final int from;
        private final Message message;

        Delivery(int from, Message message) {
            super(0);
            this.from = from;
            this.message = message;
        }

        @Override
        void lost() {
            sim.messageLostAtReceiver(from, id);
        }

        @Override
        void deliver(Node target) {
            sim.messageDelivered(from, id, message);
            target.receive(from, message);
        }
    }

    final class TimerEvent extends NodeEvent implements Timer {
        private final String name;
        private final Runnable action;
        private boolean done;

        TimerEvent(int forIncarnation, String name, Runnable action) {
            super(forIncarnation);
            this.name = name;
            this.action = action;
        }

        @Override
        void deliver(Node target) {
            done = true;
            sim.timerFired(id, name);
            action.run();
        }

        @Override
        public void cancel() {
            done = true;
            super.cancel();
        }

        @Override
        public boolean isPending() { return !done && !isCancelled(); }
    }

    final class Callback extends NodeEvent {
        private final Runnable action;

        Callback(int forIncarnation, Runnable action) {
            super(forIncarnation);
            this.action = action;
        }

        @Override
        void deliver(Node target) {
            action.run();
        }
    }

    /** The seam as one incarnation sees it. */
    private final class Context implements NodeContext, NodeLog {
        private final int myIncarnation;

        Context(int myIncarnation) {
            this.myIncarnation = myIncarnation;
        }

        @Override
        public int nodeId() { return id; }

        @Override
        public int clusterSize() { return sim.nodeCount(); }

        @Override
        public long nowNanos() { return clock.localNanos(sim.nowNanos()); }

        @Override
        public Timer setTimer(String name, long delayNanos, Runnable action) {
            checkAlive();
            Check.argument(delayNanos >= 0, "timer %s: delayNanos must be >= 0, was %s", name,
                    delayNanos);
            TimerEvent timer = new TimerEvent(myIncarnation, name, action);
            sim.scheduler().scheduleAfter(clock.trueDelayNanos(delayNanos), timer);
            return timer;
        }

        @Override
        public void send(int toNodeId, Message message) {
            checkAlive();
            Check.argument(message != null, "node %s sent a null message", id);
            sim.send(id, toNodeId, message);
        }

        @Override
        public NodeDisk disk() {
            checkAlive();
            return disk;
        }

        @Override
        public RandomStream random(String name) {
            return sim.rootRandom().fork("node/" + id + "/" + myIncarnation + "/" + name);
        }

        @Override
        public NodeLog log() { return this; }

        @Override
        public void info(String format, Object... args) {
            sim.log(id, format, args);
        }

        @Override
        public boolean isEnabled() { return sim.isLogging(); }

        private void checkAlive() {
            Check.state(up && incarnation == myIncarnation,
                    "node %s incarnation %s used after it crashed", id, myIncarnation);
        }
    }
}

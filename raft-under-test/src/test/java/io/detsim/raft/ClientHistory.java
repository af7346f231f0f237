package io.detsim.raft;

import io.detsim.check.history.History;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.model.Models;
import io.detsim.raft.client.ClientEvent;
import java.util.ArrayList;
import java.util.List;

/** The clients' events as a history for the checkers, shared by the test clusters. */
public final class ClientHistory {
    private static final long CHECK_NANOS_MAX = 30_000_000_000L;

    private ClientHistory() {}

    /** The linearizable part of the clients' history: stale reads left out. */
    public static History of(List<ClientEvent> events, String source) {
        List<Op> ops = new ArrayList<>();
        for (ClientEvent e : events) {
            if (e.f().equals("stale-get")) {
                continue;
            }
            ops.add(new Op(ops.size(), e.process(), OpType.valueOf(e.type().name()), e.f(), e.key(),
                    e.value(), e.timeNanos()));
        }
        return new History(ops, source);
    }

    /** That history checked against the key-value model. */
    public static CheckResult check(List<ClientEvent> events, String source) {
        return new LinearizabilityChecker(Budget.defaults().withVerdictNanosMax(CHECK_NANOS_MAX))
                .check(of(events, source), Models.create("kv", "nil", false));
    }
}

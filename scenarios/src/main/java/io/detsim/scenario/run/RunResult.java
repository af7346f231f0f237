package io.detsim.scenario.run;

import io.detsim.raft.core.RaftMetrics;
import java.util.List;

/**
 * One run's outcome, as saved in {@code result.json} and as a line of a campaign's
 * {@code results.jsonl}. Everything but {@code wallNanos} is a function of (scenario, seed, bug).
 *
 * @param scenario the scenario's name
 * @param seed the seed
 * @param bug the planted bug's CLI name, {@code none} for the correct Raft
 * @param verdict how it ended
 * @param reason for anything but a pass: the first violated invariant or check, in words
 * @param traceHash the run's trace hash, 16 hex digits
 * @param profile the fault profile the seed drew, as printed
 * @param simulatedNanos virtual time at the end
 * @param events events the scheduler ran
 * @param opsInvoked operations the clients invoked
 * @param opsOk operations that completed ok
 * @param opsFail operations that failed (a definite no, e.g. a cas that did not match)
 * @param opsInfo operations whose outcome is unknown (timed out)
 * @param faultsApplied faults applied (nemesis, script and heal)
 * @param halts nodes that stopped themselves on I/O errors
 * @param checker the linearizability checker's verdict in a few words
 * @param counterexample for a history that is not linearizable: the operation no order could
 *                       place, the longest linearizable prefix's length and the state after it,
 *                       and a minimal non-linearizable sub-history, one operation per line;
 *                       otherwise null
 * @param metrics per-node Raft metrics at the end (servers that are up)
 * @param leaseChecker the linearizability checker's verdict on the history with its lease reads
 *                     (checked apart: clock faults may legitimately break leases, so it never
 *                     decides the verdict), or null when the run made no lease reads
 * @param reproduce the command line that replays this run
 * @param wallNanos how long the run took (not deterministic; not part of any comparison)
 */
public record RunResult(String scenario, long seed, String bug, Verdict verdict, String reason,
        String traceHash, String profile, long simulatedNanos, long events, long opsInvoked,
        long opsOk, long opsFail, long opsInfo, long faultsApplied, long halts, String checker,
        String counterexample, List<RaftMetrics> metrics, String leaseChecker, String reproduce,
        long wallNanos) {}

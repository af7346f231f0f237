package io.detsim.scenario.cli;

import io.detsim.scenario.model.Scenario;
import io.detsim.sim.fault.Durations;
import picocli.CommandLine.Option;

/**
 * Options that change a scenario for one run or campaign; every one that is set also goes into
 * the reproduce line, so that the line alone replays the run.
 */
final class ScenarioKnobs {
    @Option(names = "--servers", description = "override the scenario's Raft servers (1..15)")
    Integer servers;

    @Option(names = "--ops", description = "override operations per client")
    Integer opsPerClient;

    @Option(names = "--chaos", converter = DurationConverter.class,
            description = "override the safety phase (faults on), e.g. 5s")
    Long chaosNanos;

    @Option(names = "--heal", converter = DurationConverter.class,
            description = "override the liveness phase (faults healed), e.g. 5s")
    Long healNanos;

    @Option(names = "--raft", description = "the Raft under test: raft (ours, the default) or"
            + " microraft (MicroRaft 0.7 through its adapter)")
    String system;

    Scenario apply(Scenario scenario) {
        Scenario s = scenario;
        if (system != null) {
            s = s.withSystem(system);
        }
        if (servers != null) {
            s = s.withServers(servers);
        }
        if (opsPerClient != null) {
            s = s.withWorkload(s.workload().withOpsPerClient(opsPerClient));
        }
        if (chaosNanos != null || healNanos != null) {
            s = s.withPhases(chaosNanos != null ? chaosNanos : s.chaosNanos(),
                    healNanos != null ? healNanos : s.healNanos());
        }
        return s;
    }


    /** The options as they must appear in a reproduce line ("" when none is set). */
    String reproduceArgs() {
        StringBuilder args = new StringBuilder();
        if (system != null && !system.equals("raft")) {
            args.append(" --raft ").append(system);
        }
        if (servers != null) {
            args.append(" --servers ").append(servers);
        }
        if (opsPerClient != null) {
            args.append(" --ops ").append(opsPerClient);
        }
        if (chaosNanos != null) {
            args.append(" --chaos ").append(Durations.formatExact(chaosNanos));
        }
        if (healNanos != null) {
            args.append(" --heal ").append(Durations.formatExact(healNanos));
        }
        return args.toString();
    }
}

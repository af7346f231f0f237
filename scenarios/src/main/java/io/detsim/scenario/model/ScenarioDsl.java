package io.detsim.scenario.model;

import io.detsim.sim.fault.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios in Java, for scripted ones that live next to a test: the same fields as the JSON
 * form, with the same validation when {@link #build()} makes the {@link Scenario}. Durations are
 * written as in JSON ({@code "500ms"}, {@code "10s"}).
 *
 * <pre>{@code
 * Scenario churn = ScenarioDsl.scenario("my-churn", "leaders crash as they win")
 *         .servers(3).clients(4).opsPerClient(500)
 *         .faults("none").network("defaults").disk("slow-sync")
 *         .nemesis("500ms", "2s", "partition")
 *         .on("elected", "crash", 0.3, "10ms", "300ms")
 *         .every("isolate-leader", "1s", "3s", "1.5s")
 *         .phases("10s", "6s", "3s")
 *         .build();
 * }</pre>
 */
public final class ScenarioDsl {
    private final String name;
    private final String description;
    private int servers = 5;
    private int clients = 4;
    private Workload workload = Workload.defaults();
    private String base = "swarm";
    private String network;
    private String disk;
    private String clock;
    private NemesisSpec nemesis;
    private final List<ScriptStep> script = new ArrayList<>();
    private long chaosNanos = Durations.parseNanos("10s");
    private long healNanos = Durations.parseNanos("10s");
    private long livenessBoundNanos = Durations.parseNanos("5s");
    private int completedOpsMin = 50;

    private ScenarioDsl(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public static ScenarioDsl scenario(String name, String description) {
        return new ScenarioDsl(name, description);
    }

    public ScenarioDsl servers(int count) {
        this.servers = count;
        return this;
    }

    public ScenarioDsl clients(int count) {
        this.clients = count;
        return this;
    }

    public ScenarioDsl opsPerClient(int count) {
        this.workload = workload.withOpsPerClient(count);
        return this;
    }

    public ScenarioDsl workload(Workload value) {
        this.workload = value;
        return this;
    }

    /** The base profile: {@code swarm}, {@code defaults} or {@code none}. */
    public ScenarioDsl faults(String value) {
        this.base = value;
        return this;
    }

    public ScenarioDsl network(String preset) {
        this.network = preset;
        return this;
    }

    public ScenarioDsl disk(String preset) {
        this.disk = preset;
        return this;
    }

    public ScenarioDsl clock(String preset) {
        this.clock = preset;
        return this;
    }

    /** The nemesis: one of {@code kinds} every {@code interval} on average, each undone within
     * {@code durationMax}. */
    public ScenarioDsl nemesis(String interval, String durationMax, String... kinds) {
        this.nemesis = new NemesisSpec(List.of(kinds), Durations.parseNanos(interval),
                Durations.parseNanos(durationMax));
        return this;
    }

    /** A periodic step aimed at whoever leads: from {@code start}, every {@code every}. */
    public ScenarioDsl every(String action, String start, String every, String lasting) {
        script.add(ScriptStep.every(action, Durations.parseNanos(start),
                Durations.parseNanos(every), Durations.parseNanos(lasting)));
        return this;
    }

    /** A step triggered by a Raft event, aimed at the event's node. */
    public ScenarioDsl on(String trigger, String action, double chance, String delayMax,
            String lasting) {
        script.add(new ScriptStep(action, 0, 0, Durations.parseNanos(lasting), trigger, chance,
                Durations.parseNanos(delayMax)));
        return this;
    }

    public ScenarioDsl phases(String chaos, String heal, String livenessBound) {
        this.chaosNanos = Durations.parseNanos(chaos);
        this.healNanos = Durations.parseNanos(heal);
        this.livenessBoundNanos = Durations.parseNanos(livenessBound);
        return this;
    }

    public ScenarioDsl completedOpsMin(int count) {
        this.completedOpsMin = count;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the field, as for a JSON scenario
     */
    public Scenario build() {
        return new Scenario(name, description, servers, clients, workload,
                new FaultSpec(base, network, disk, clock, nemesis), script, chaosNanos,
                healNanos, livenessBoundNanos, completedOpsMin);
    }
}

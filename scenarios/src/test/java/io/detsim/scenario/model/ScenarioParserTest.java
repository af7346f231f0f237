package io.detsim.scenario.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.FaultProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class ScenarioParserTest {
    static final java.util.List<String> BUILT_IN = Scenarios.BUILT_IN;

    @ParameterizedTest
    @FieldSource("BUILT_IN")
    void everyBuiltIn_loads_andSurvivesARoundTripThroughJson(String name) {
        Scenario scenario = Scenarios.load(name);
        assertEquals(name, scenario.name());
        assertEquals(scenario, ScenarioParser.parse(ScenarioParser.toJson(scenario), "round trip"));
    }

    @Test
    void omittedFields_takeTheDefaults() {
        Scenario s = ScenarioParser.parse("{\"name\": \"mini\", \"description\": \"d\"}", "t");
        assertEquals(Workload.defaults(), s.workload());
        assertEquals(FaultSpec.swarm(), s.faults());
        assertEquals(10_000_000_000L, s.chaosNanos());
        assertEquals(5, s.servers());
        assertEquals("raft", s.system());
    }

    @Test
    void system_isOursByDefault_microraftOnRequest_andAnythingElseIsRefusedByName() {
        Scenario micro = ScenarioParser.parse("{\"name\": \"m\", \"description\": \"d\","
                + " \"system\": \"microraft\"}", "t");
        assertEquals("microraft", micro.system());
        assertEquals(micro, ScenarioParser.parse(ScenarioParser.toJson(micro), "round trip"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioParser.parse("{\"name\": \"m\", \"description\": \"d\","
                        + " \"system\": \"etcd\"}", "f.json"));
        assertTrue(e.getMessage().contains("system must be one of"), e.getMessage());
    }

    @Test
    void swarmBase_drawsADifferentProfilePerSeed_andTheSameForTheSameSeed() {
        FaultSpec swarm = FaultSpec.swarm();
        assertEquals(swarm.profileFor(7).describe(), swarm.profileFor(7).describe());
        assertNotEquals(swarm.profileFor(7).describe(), swarm.profileFor(8).describe());
    }

    @Test
    void presetsAndNemesis_overrideTheBase() {
        Scenario s = Scenarios.builtIn("partitions");
        FaultProfile p = s.faults().profileFor(1);
        assertTrue(p.nemesis().partitions() && p.nemesis().clogs());
        assertTrue(!p.nemesis().crashes() && !p.disk().corrupts(), p.describe());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\": \"x\", \"description\": \"d\", \"sever\": 3}"
            + "|unknown field 'sever'",
        "{\"name\": \"x\", \"description\": \"d\", \"chaos\": 10}"
            + "|chaos must be a duration string",
        "{\"name\": \"x\", \"description\": \"d\", \"heal\": \"10 parsecs\"}"
            + "|heal: '10 parsecs' is not a duration",
        "{\"name\": \"x\", \"description\": \"d\", \"faults\": {\"base\": \"wild\"}}"
            + "|faults.base: unknown value 'wild'",
        "{\"name\": \"x\", \"description\": \"d\", \"faults\": {\"base\": \"none\","
            + " \"nemesis\": {\"kinds\": [\"meteor\"]}}}|nemesis.kinds: unknown kind 'meteor'",
        "{\"name\": \"x\", \"description\": \"d\", \"workload\": {\"reads\": 0.9, \"cas\": 0.5}}"
            + "|sum to at most 1",
        "{\"name\": \"x\", \"description\": \"d\", \"servers\": 16}"
            + "|servers must be in [1, 15], was 16",
        "{\"name\": \"Bad Name\", \"description\": \"d\"}|name must be lowercase",
        "{\"name\": \"x\", \"description\": \"d\", \"script\": [{\"action\": \"nap\","
            + " \"every\": \"1s\", \"for\": \"1s\"}]}|script: unknown action 'nap'",
        "{\"name\": \"x\", \"description\": \"d\",|not valid JSON",
        "{\"name\": \"x\", \"description\": \"d\", \"script\": [{\"action\": \"crash\","
            + " \"on\": \"sneezed\", \"for\": \"1s\"}]}|script.on: unknown trigger 'sneezed'",
        "{\"name\": \"x\", \"description\": \"d\", \"script\": [{\"action\": \"crash\","
            + " \"on\": \"voted\", \"chance\": 2, \"for\": \"1s\"}]}"
            + "|script.chance must be in (0, 1], was 2.0",
        "{\"name\": \"x\", \"description\": \"d\", \"script\": [{\"action\": \"figure-8\","
            + " \"on\": \"voted\", \"for\": \"1s\"}]}|figure-8 starts on \"appended\"",
    })
    void badInput_isRefused_withAnErrorThatNamesTheProblem(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioParser.parse(json, "my.json"));
        assertTrue(e.getMessage().startsWith("my.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void javaDsl_buildsTheSameScenarioAsItsJson_andValidatesTheSameWay() {
        Scenario built = ScenarioDsl.scenario("leader-churn", "same as the built-in")
                .servers(3).clients(4)
                .faults("none").network("defaults").disk("slow-sync")
                .on("appended", "figure-8", 0.05, "1ms", "1s")
                .on("elected", "crash", 0.1, "10ms", "300ms")
                .on("voted", "crash", 0.3, "2ms", "20ms")
                .phases("10s", "6s", "3s").completedOpsMin(20)
                .build();
        Scenario loaded = Scenarios.builtIn("leader-churn");
        assertEquals(loaded.withName("leader-churn", "same as the built-in"), built);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioDsl.scenario("x", "d").nemesis("1s", "2s", "meteor").build());
        assertTrue(e.getMessage().contains("unknown kind 'meteor'"), e.getMessage());
    }

    @Test
    void unknownScenarioName_listsTheBuiltIns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenarios.load("stedy-state"));
        assertTrue(e.getMessage().contains("steady-state"), e.getMessage());
    }
}

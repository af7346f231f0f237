package io.detsim.scenario;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module arrows of DESIGN.md, as rules: a broken arrow fails the build. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.detsim");
    }

    @Test
    void simCore_dependsOnNoOtherDetsimModule() {
        noClasses().that().resideInAPackage("io.detsim.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detsim.raft..",
                        "io.detsim.check..", "io.detsim.report..", "io.detsim.scenario..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void raftUnderTest_seesOnlyTheSeamOfSimCore() {
        noClasses().that().resideInAPackage("io.detsim.raft..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detsim.sim",
                        "io.detsim.sim.sched..", "io.detsim.sim.net..", "io.detsim.sim.disk..",
                        "io.detsim.sim.clock..", "io.detsim.sim.fault..", "io.detsim.sim.trace..",
                        "io.detsim.sim.demo..", "io.detsim.check..", "io.detsim.report..",
                        "io.detsim.scenario..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void checkers_dependOnNoOtherDetsimModule() {
        noClasses().that().resideInAPackage("io.detsim.check..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detsim.sim..",
                        "io.detsim.raft..", "io.detsim.report..", "io.detsim.scenario..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void reports_dependOnlyOnCheckersAndSimCoreTraces() {
        noClasses().that().resideInAPackage("io.detsim.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detsim.raft..",
                        "io.detsim.scenario..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void simCoreSubsystems_stayBelowTheSimulation() {
        // The scheduler, network, disk, clock and random packages are building blocks: they must
        // not reach up into the simulation that composes them.
        noClasses().that().resideInAnyPackage("io.detsim.sim.sched..", "io.detsim.sim.net..",
                        "io.detsim.sim.disk..", "io.detsim.sim.clock..", "io.detsim.sim.random..",
                        "io.detsim.sim.trace..", "io.detsim.sim.seam..")
                .should().dependOnClassesThat().resideInAnyPackage("io.detsim.sim",
                        "io.detsim.sim.demo..")
                .check(classes);
    }
}

/**
 * Scenarios, workloads, campaigns, the minimizer and the JUnit 5 integration. May depend on every
 * other detsim module; nothing depends on it.
 */
package io.detsim.scenario;

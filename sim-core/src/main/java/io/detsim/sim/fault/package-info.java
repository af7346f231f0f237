/**
 * The fault model: the validated {@link io.detsim.sim.fault.FaultProfile} with every knob, swarm
 * profiles drawn per seed, fault actions and the nemesis that schedules them. Values only; applying
 * a fault is the simulation's job.
 */
package io.detsim.sim.fault;

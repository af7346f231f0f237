/**
 * Durable storage of one Raft node: the segmented log
 * ({@link io.detsim.raft.storage.SegmentedLog}) and the hard state
 * ({@link io.detsim.raft.storage.HardStateStore}), records encoded with Chronicle Bytes on heap and
 * written through the seam's {@link io.detsim.sim.seam.NodeDisk}, so the same code runs on the
 * simulated disk and, through {@link io.detsim.raft.storage.FileDisk}, on real files. Recovery
 * truncates a torn tail and reports (never applies) corrupted synced data.
 *
 * <p>May depend on the seam ({@code io.detsim.sim.seam}), the JDK and Chronicle Bytes (on-heap
 * buffers only). Must never contain wall-clock reads, threads or executors, unseeded randomness,
 * identity hashes, or anything of the simulator beyond the seam: syncs complete through callbacks,
 * on whatever thread the disk runs them.
 */
package io.detsim.raft.storage;

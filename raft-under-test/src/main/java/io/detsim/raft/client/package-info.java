/**
 * The Raft KV's own client library, run as simulated processes: sessions, retries with the same
 * sequence number, leader redirects, and Jepsen-style histories (a timed-out operation is
 * indeterminate and the process continues under a new id). Talks to the world only through the
 * seam, like the servers.
 */
package io.detsim.raft.client;

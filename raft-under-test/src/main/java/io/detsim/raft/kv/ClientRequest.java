package io.detsim.raft.kv;

/**
 * A command from a client session. A session sends one request at a time with increasing
 * sequence numbers; a retry reuses the sequence number, which is how the state machine knows it.
 *
 * @param clientId the session
 * @param sequence the request's number within the session, from 1
 * @param command what to do
 */
public record ClientRequest(long clientId, long sequence, KvCommand command) {
    public ClientRequest {
        if (clientId < 0) {
            throw new IllegalArgumentException("clientId must be >= 0, was " + clientId);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
        }
        if (command == null) {
            throw new IllegalArgumentException("command is missing");
        }
    }
}

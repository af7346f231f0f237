package io.detsim.raft.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Log entries for tests, with payloads that say which entry they are. */
final class Entries {
    private Entries() {}

    /** Entries {@code from..to} in {@code term}, payloads of {@code payloadBytes} bytes. */
    static List<LogEntry> range(long from, long to, long term, int payloadBytes) {
        List<LogEntry> entries = new ArrayList<>();
        for (long index = from; index <= to; index++) {
            entries.add(entry(index, term, payloadBytes));
        }
        return entries;
    }

    /** A payload that starts with "t<term>i<index>" and is padded with letters, never zeros. */
    static LogEntry entry(long index, long term, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        byte[] tag = ("t" + term + "i" + index + ":").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < payloadBytes; i++) {
            payload[i] = i < tag.length ? tag[i] : (byte) ('a' + (index * 7 + i) % 26);
        }
        return new LogEntry(term, index, payload);
    }

    static List<LogEntry> concat(List<LogEntry> first, List<LogEntry> second) {
        List<LogEntry> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}

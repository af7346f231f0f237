package io.detsim.scenario.campaign;

import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's {@code results.jsonl}: one run result per line, appended and flushed as each run
 * completes, so that a killed campaign loses nothing it finished. Reading tolerates the one thing
 * a kill can leave behind, a last line cut short, and cuts it off before appending again.
 */
public final class ResultsLog implements AutoCloseable {
    private final BufferedWriter writer;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ResultsLog(BufferedWriter writer, FileChannel lockChannel, FileLock lock) {
        this.writer = writer;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens {@code file} for appending, first cutting off a torn last line if there is one. A
     * lock beside it keeps a second campaign (another process, or a second {@code --resume})
     * from writing into the same results at the same time.
     *
     * @throws IllegalArgumentException when another campaign holds the lock
     */
    public static ResultsLog openForAppend(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException held) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalArgumentException("another campaign is writing " + file
                        + " right now (its lock " + lockFile + " is held)");
            }
            if (Files.exists(file)) {
                cutTornTail(file);
            }
            return new ResultsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    public synchronized void append(RunResult result) {
        try {
            writer.write(RunArtifacts.toJsonLine(result));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to results.jsonl: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every complete result in {@code file}; a torn last line (no newline) is skipped. A broken
     * line elsewhere is an error naming the line.
     */
    public static List<RunResult> read(Path file) {
        List<RunResult> results = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        // The last element is "" after a final newline, or the torn remains of a killed write.
        for (int i = 0; i < lines.length - 1; i++) {
            if (!lines[i].isBlank()) {
                results.add(RunArtifacts.fromJson(lines[i], file + " line " + (i + 1)));
            }
        }
        return results;
    }

    private static void cutTornTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
    }
}

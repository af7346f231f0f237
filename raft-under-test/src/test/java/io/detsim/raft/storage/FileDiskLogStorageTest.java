package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on real files. A restart closes the files and opens the directory afresh;
 * a torn tail is made by hand: the last segment cut in the middle of its last record, or garbage
 * appended after it.
 */
class FileDiskLogStorageTest extends LogStorageContractTest {
    @TempDir
    Path tempDir;

    private final List<FileBackend> backends = new ArrayList<>();

    final class FileBackend implements Backend {
        final Path directory;
        FileDisk disk;

        FileBackend(Path directory) {
            this.directory = directory;
            this.disk = new FileDisk(directory);
        }

        @Override
        public NodeDisk disk() { return disk; }

        @Override
        public void settle() { }

        @Override
        public void restart() {
            disk.close();
            disk = new FileDisk(directory);
        }

        @Override
        public void tearTailAndRestart(int variant) {
            disk.close();
            List<String> segments = new ArrayList<>();
            for (String name : new FileDisk(directory).list()) {
                if (Segment.parseFileName(name) > 0) {
                    segments.add(name);
                }
            }
            Path last = directory.resolve(segments.get(segments.size() - 1));
            try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
                if (variant % 2 == 0) {
                    channel.truncate(channel.size() - 9 - variant);
                } else {
                    byte[] garbage = new byte[37 + variant];
                    Arrays.fill(garbage, (byte) 0xa5);
                    channel.write(ByteBuffer.wrap(garbage), channel.size());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            disk = new FileDisk(directory);
        }

        @Override
        public int tearAttempts() { return 4; }

        @Override
        public int tornAttemptsMin() { return 4; }
    }

    @Override
    Backend newBackend(long seed) {
        FileBackend backend = new FileBackend(tempDir.resolve("node-" + seed + "-"
                + backends.size()));
        backends.add(backend);
        return backend;
    }

    @AfterEach
    void closeFiles() {
        for (FileBackend backend : backends) {
            backend.disk.close();
        }
    }

    @Test
    void fileDisk_behavesAsTheSeamSays() throws IOException {
        FileDisk disk = ((FileBackend) newBackend(1)).disk;
        assertEquals(List.of(), disk.list());
        DiskFile b = disk.open("b");
        DiskFile a = disk.open("a");
        assertEquals(List.of("a", "b"), disk.list());
        assertTrue(disk.exists("a"));
        byte[] data = {1, 2, 3, 4, 5};
        a.write(10, data, 1, 3);
        assertEquals(13, a.sizeBytes());
        byte[] back = new byte[8];
        assertEquals(5, a.read(8, back, 0, 8), "short read at the end of the file");
        assertEquals(0, back[0]);
        assertEquals(2, back[2]);
        assertEquals(4, back[4]);
        a.truncate(11);
        assertEquals(11, a.sizeBytes());
        a.truncate(20);
        assertEquals(20, a.sizeBytes(), "the seam's truncate also grows, with zeros");
        boolean[] synced = {false};
        a.sync(() -> synced[0] = true);
        assertTrue(synced[0], "real syncs complete before returning");
        assertEquals(20, Files.size(disk.pathOf("a")));
        disk.delete("a");
        disk.delete("a");
        assertEquals(List.of("b"), disk.list());
        assertThrows(IllegalArgumentException.class, () -> disk.open("../escape"));
        assertThrows(IllegalArgumentException.class, () -> disk.open(""));
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(0, data, 3, 5));
    }
}

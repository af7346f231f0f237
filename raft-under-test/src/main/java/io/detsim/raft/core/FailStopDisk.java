package io.detsim.raft.core;

import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import io.detsim.sim.seam.ProcessHalt;
import java.util.List;

/**
 * The node's disk policy: once storage is open, any I/O error stops the process ({@link
 * ProcessHalt}) instead of being retried or ignored. A write or sync that failed leaves the page
 * cache in a state nobody can vouch for (the fsync lessons of PostgreSQL and others), and a sector
 * that cannot be read may hold entries this node acknowledged; restarting runs recovery, which
 * either finds the data intact or reports it lost. Before {@link #arm()} errors pass through, so
 * that recovery can handle unreadable sectors itself.
 *
 * <p>Public because the MicroRaft adapter ({@code io.detsim.raft.microraft}) keeps the same policy.
 */
public final class FailStopDisk implements NodeDisk {
    private final NodeDisk disk;
    private boolean armed;

    public FailStopDisk(NodeDisk disk) {
        this.disk = disk;
    }

    /** From now on an I/O error halts the process. */
    public void arm() {
        armed = true;
    }

    /** From now on I/O errors pass through (recovery handles them itself). */
    public void disarm() {
        armed = false;
    }

    private RuntimeException halt(String operation, String file, DiskException e) {
        return armed ? new ProcessHalt(operation + " " + file + " failed: " + e.getMessage(), e)
                : e;
    }

    @Override
    public DiskFile open(String name) {
        return new Guarded(disk.open(name));
    }

    @Override
    public boolean exists(String name) {
        return disk.exists(name);
    }

    @Override
    public List<String> list() {
        return disk.list();
    }

    @Override
    public void delete(String name) {
        disk.delete(name);
    }

    private final class Guarded implements DiskFile {
        private final DiskFile file;

        Guarded(DiskFile file) {
            this.file = file;
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public long sizeBytes() {
            return file.sizeBytes();
        }

        @Override
        public void write(long offsetBytes, byte[] source, int sourceOffset, int length) {
            try {
                file.write(offsetBytes, source, sourceOffset, length);
            } catch (DiskException e) {
                throw halt("write to", file.name(), e);
            }
        }

        @Override
        public int read(long offsetBytes, byte[] target, int targetOffset, int length) {
            try {
                return file.read(offsetBytes, target, targetOffset, length);
            } catch (DiskException e) {
                throw halt("read of", file.name(), e);
            }
        }

        @Override
        public void truncate(long sizeBytes) {
            try {
                file.truncate(sizeBytes);
            } catch (DiskException e) {
                throw halt("truncate of", file.name(), e);
            }
        }

        @Override
        public void sync(Runnable onDurable) {
            try {
                file.sync(onDurable);
            } catch (DiskException e) {
                throw halt("sync of", file.name(), e);
            }
        }
    }
}

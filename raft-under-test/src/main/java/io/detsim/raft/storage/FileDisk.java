package io.detsim.raft.storage;

import io.detsim.sim.seam.DiskException;
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
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link NodeDisk} over a real directory: the backend for real use and for benchmarking the log
 * on a real disk. Files are {@link FileChannel}s; {@link DiskFile#sync} forces data and metadata
 * ({@code fsync}) and runs its callback at once, on the calling thread. Creating and deleting a
 * file also syncs the directory, as the seam promises those take effect durably at once.
 *
 * <p>Errors: a full disk is {@link DiskException.Full}, a failed read
 * {@link DiskException.ReadError}, anything else an {@link UncheckedIOException}; all name the
 * path. Not thread-safe, like the rest of the node.
 */
public final class FileDisk implements NodeDisk, AutoCloseable {
    private final Path directory;
    private final TreeMap<String, RealFile> openFiles = new TreeMap<>();

    /** Uses {@code directory}, creating it if absent. */
    public FileDisk(Path directory) {
        Check.argument(directory != null, "directory must not be null");
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    public Path directory() { return directory; }

    /** The path a file name stands for. */
    public Path pathOf(String name) {
        checkName(name);
        return directory.resolve(name);
    }

    @Override
    public DiskFile open(String name) {
        RealFile file = openFiles.get(name);
        if (file != null) {
            return file;
        }
        Path path = pathOf(name);
        boolean created = !Files.exists(path);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            file = new RealFile(name, path, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        openFiles.put(name, file);
        if (created) {
            syncDirectory();
        }
        return file;
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(pathOf(name));
    }

    @Override
    public List<String> list() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            paths.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) {
        Path path = pathOf(name);
        RealFile file = openFiles.remove(name);
        if (file != null) {
            file.close();
        }
        try {
            if (Files.deleteIfExists(path)) {
                syncDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Closes every open file; the directory and its files stay. */
    @Override
    public void close() {
        for (RealFile file : openFiles.values()) {
            file.close();
        }
        openFiles.clear();
    }

    private static void checkName(String name) {
        Check.argument(name != null && !name.isEmpty(), "file name must not be empty");
        Check.argument(!name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0,
                "file name must be a plain name, was '%s'", name);
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync directory " + directory, e);
        }
    }

    /** One open file. */
    private static final class RealFile implements DiskFile {
        private final String name;
        private final Path path;
        private final FileChannel channel;

        RealFile(String name, Path path, FileChannel channel) {
            this.name = name;
            this.path = path;
            this.channel = channel;
        }

        @Override
        public String name() { return name; }

        @Override
        public long sizeBytes() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot size " + path, e);
            }
        }

        @Override
        public void write(long offsetBytes, byte[] source, int sourceOffset, int length) {
            checkRange("write", offsetBytes, source, sourceOffset, length);
            ByteBuffer buffer = ByteBuffer.wrap(source, sourceOffset, length);
            long position = offsetBytes;
            try {
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            } catch (IOException e) {
                if (noSpace(e)) {
                    throw new DiskException.Full("disk full writing " + length + " bytes at "
                            + offsetBytes + " of " + path + ": " + e.getMessage());
                }
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }

        @Override
        public int read(long offsetBytes, byte[] target, int targetOffset, int length) {
            checkRange("read", offsetBytes, target, targetOffset, length);
            ByteBuffer buffer = ByteBuffer.wrap(target, targetOffset, length);
            long position = offsetBytes;
            try {
                while (buffer.hasRemaining()) {
                    int count = channel.read(buffer, position);
                    if (count < 0) {
                        break;
                    }
                    position += count;
                }
            } catch (IOException e) {
                throw new DiskException.ReadError("cannot read " + length + " bytes at "
                        + offsetBytes + " of " + path + ": " + e);
            }
            return (int) (position - offsetBytes);
        }

        @Override
        public void truncate(long sizeBytes) {
            Check.argument(sizeBytes >= 0, "truncate size must be >= 0, was %d", sizeBytes);
            try {
                long size = channel.size();
                if (sizeBytes < size) {
                    channel.truncate(sizeBytes);
                } else if (sizeBytes > size) {
                    // FileChannel.truncate never grows a file; the seam's truncate does (zeros).
                    channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot truncate " + path + " to " + sizeBytes, e);
            }
        }

        @Override
        public void sync(Runnable onDurable) {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync " + path, e);
            }
            onDurable.run();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }

        private static void checkRange(String what, long offsetBytes, byte[] array, int arrayOffset,
                int length) {
            if (offsetBytes < 0 || length < 0 || arrayOffset < 0
                    || arrayOffset > array.length - length) {
                throw new IndexOutOfBoundsException("bad " + what + ": offset " + offsetBytes
                        + ", array range " + arrayOffset + "+" + length + " of " + array.length);
            }
        }

        private static boolean noSpace(IOException e) {
            String message = e.getMessage();
            return message != null
                    && message.toLowerCase(Locale.ROOT).contains("no space left on device");
        }
    }
}

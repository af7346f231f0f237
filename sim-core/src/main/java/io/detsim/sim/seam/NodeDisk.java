package io.detsim.sim.seam;

import java.util.List;

/**
 * A node's files. Creating and deleting files takes effect durably at once (directory operations
 * are not part of the fault model yet); file contents follow the page-cache and sync rules of
 * {@link DiskFile}.
 */
public interface NodeDisk {
    /** Opens {@code name}, creating it empty if absent. */
    DiskFile open(String name);

    boolean exists(String name);

    /** File names in lexicographic order. */
    List<String> list();

    /** Deletes {@code name} if it exists. */
    void delete(String name);
}

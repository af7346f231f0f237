package io.detsim.raft.microraft;

/**
 * Stable timer names for MicroRaft's scheduled tasks: timer names enter the trace hash, and a
 * lambda's hidden class is named {@code RaftNodeImpl$$Lambda/0x00007f...}, an address that
 * differs between JVM runs. The name keeps the class's simple name and cuts the rest.
 */
final class TimerNames {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String name = type.getName();
            int lambda = name.indexOf("$$Lambda");
            if (lambda >= 0) {
                name = name.substring(0, lambda) + "$lambda";
            }
            return "microraft:" + name.substring(name.lastIndexOf('.') + 1);
        }
    };

    private TimerNames() {}

    static String of(Runnable task) {
        return NAMES.get(task.getClass());
    }
}

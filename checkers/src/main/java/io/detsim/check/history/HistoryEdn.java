package io.detsim.check.history;

import io.detsim.check.edn.EdnWriter;

/** Writes a history as a Jepsen-style EDN vector, one op map per line (readable by Knossos). */
public final class HistoryEdn {
    private HistoryEdn() {}

    public static String write(History history) {
        StringBuilder out = new StringBuilder("[");
        boolean first = true;
        for (Op op : history.ops()) {
            out.append(first ? "" : "\n ");
            first = false;
            out.append("{:process ").append(op.process())
                    .append(", :type :").append(op.type().jepsenName())
                    .append(", :f :").append(op.f());
            if (op.key() != null) {
                out.append(", :key ");
                EdnWriter.write(op.key(), out);
            }
            out.append(", :value ");
            EdnWriter.write(op.value(), out);
            if (op.timeNanos() != Op.TIME_UNKNOWN) {
                out.append(", :time ").append(op.timeNanos());
            }
            out.append(", :index ").append(op.index()).append('}');
        }
        return out.append("]\n").toString();
    }
}

package io.detsim.raft.client;

import io.detsim.raft.core.RaftMessage.ClientCommand;
import io.detsim.raft.core.RaftMessage.ClientRead;
import io.detsim.raft.core.RaftMessage.ClientReply;
import io.detsim.raft.core.RaftMessage.Refusal;
import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.KvCommand;
import io.detsim.raft.kv.KvResult;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.Timer;
import java.util.function.Consumer;

/**
 * One client process of the Raft KV. It issues one operation at a time to the server it believes
 * leads, follows leader hints, resends the same request (same session sequence, so it is applied
 * at most once) until an answer or its timeout, and reports every invocation and completion.
 */
public final class KvClient implements Node {
    private final NodeContext ctx;
    private final ClientConfig config;
    private final Consumer<ClientEvent> listener;
    private final RandomStream random;
    private final int clientIndex;
    private long process;
    private long sequence;
    private long readIds;
    private int believedLeader;
    private int opsIssued;
    private int writesIssued;
    private Outstanding outstanding;
    private String lastSeenValue;
    private boolean answeredSinceSend;
    private int redirects;

    /** The operation in flight. */
    private record Outstanding(String f, String key, Object invokeValue, ClientRequest request,
            ClientRead read, Timer retry, Timer timeout) {}

    public KvClient(NodeContext ctx, ClientConfig config, Consumer<ClientEvent> listener) {
        this.ctx = ctx;
        this.config = config;
        this.listener = listener;
        this.random = ctx.random("client");
        this.clientIndex = ctx.nodeId() - config.serverCount();
        if (clientIndex < 0) {
            throw new IllegalArgumentException("client node id " + ctx.nodeId()
                    + " is a server id");
        }
        this.process = clientIndex;
    }

    /** True while an operation awaits its answer. */
    public boolean busy() {
        return outstanding != null;
    }

    public int opsIssued() {
        return opsIssued;
    }

    @Override
    public void start() {
        believedLeader = random.nextInt(config.serverCount());
        scheduleNext();
    }

    @Override
    public void receive(int from, Message message) {
        if (!(message instanceof ClientReply reply) || outstanding == null) {
            return;
        }
        boolean ours = outstanding.request() != null
                ? reply.readId() == 0 && reply.clientId() == outstanding.request().clientId()
                        && reply.sequence() == outstanding.request().sequence()
                : reply.readId() == outstanding.read().readId();
        if (!ours) {
            return;
        }
        if (reply.refusal() == Refusal.NOT_LEADER) {
            answeredSinceSend = true;
            boolean hinted = reply.leaderHint() >= 0 && reply.leaderHint() != from;
            believedLeader = hinted ? reply.leaderHint() : nextServer(from);
            if (hinted && redirects++ < 2 * config.serverCount()) {
                transmit(); // follow the hint now; unhinted refusals wait for the retry timer
            }
            return;
        }
        complete(reply.result());
    }

    private void scheduleNext() {
        if (opsIssued >= config.opsMax()) {
            return;
        }
        ctx.setTimer("client-think", random.nextLong(0, config.thinkNanosMax()), this::invoke);
    }

    private void invoke() {
        opsIssued++;
        String key = "k" + random.nextInt(config.keyCount());
        double roll = random.nextDouble();
        if (roll < config.readShare() + config.staleReadShare()) {
            boolean stale = roll >= config.readShare();
            ClientRead read = new ClientRead(ctx.nodeId(), ++readIds + ((long) clientIndex << 40),
                    key, stale);
            begin(stale ? "stale-get" : "get", key, null, null, read);
            return;
        }
        double casUpTo = config.readShare() + config.staleReadShare() + config.casShare();
        // Drawn from the same roll as every other kind, so no lease reads changes nothing.
        if (roll >= casUpTo && roll < casUpTo + config.leaseReadShare()) {
            ClientRead read = new ClientRead(ctx.nodeId(), ++readIds + ((long) clientIndex << 40),
                    key, false, true);
            begin("lease-get", key, null, null, read);
            return;
        }
        sequence++;
        KvCommand command;
        Object invokeValue;
        String value = "v" + process + "." + (++writesIssued);
        if (roll < config.readShare() + config.staleReadShare() + config.casShare()) {
            command = new KvCommand.Cas(key, lastSeenValue, value);
            invokeValue = java.util.Arrays.asList(lastSeenValue, value);
            begin("cas", key, invokeValue, new ClientRequest(process, sequence, command), null);
        } else if (random.chance(0.5)) {
            begin("put", key, value, new ClientRequest(process, sequence, new KvCommand.Put(key,
                    value)), null);
        } else {
            String suffix = value + " ";
            begin("append", key, suffix,
                    new ClientRequest(process, sequence, new KvCommand.Append(key, suffix)), null);
        }
    }

    private void begin(String f, String key, Object invokeValue, ClientRequest request,
            ClientRead read) {
        emit(ClientEvent.Type.INVOKE, f, key, invokeValue);
        redirects = 0;
        Timer timeout = ctx.setTimer("client-timeout", config.opTimeoutNanos(), this::timedOut);
        outstanding = new Outstanding(f, key, invokeValue, request, read, null, timeout);
        transmit();
    }

    /** Sends (or resends) the outstanding request and arms the retry timer. */
    private void transmit() {
        Outstanding op = outstanding;
        answeredSinceSend = false;
        ctx.send(believedLeader, op.request() != null ? new ClientCommand(op.request())
                : op.read());
        Timer retry = ctx.setTimer("client-retry", config.retryIntervalNanos(), () -> {
            if (outstanding == op || (outstanding != null
                    && outstanding.timeout() == op.timeout())) {
                if (!answeredSinceSend) {
                    // Silence: that server may be down or cut off; try another one. After a
                    // refusal, believedLeader already names where to go.
                    believedLeader = nextServer(believedLeader);
                }
                transmit();
            }
        });
        outstanding = new Outstanding(op.f(), op.key(), op.invokeValue(), op.request(), op.read(),
                retry,
                op.timeout());
    }

    private void complete(KvResult result) {
        Outstanding op = outstanding;
        outstanding = null;
        op.timeout().cancel();
        if (op.retry() != null) {
            op.retry().cancel();
        }
        if (op.f().equals("cas") && !result.ok()) {
            lastSeenValue = result.value();
            emit(ClientEvent.Type.FAIL, op.f(), op.key(), op.invokeValue());
        } else if (op.f().endsWith("get")) {
            lastSeenValue = result.value();
            emit(ClientEvent.Type.OK, op.f(), op.key(), result.value());
        } else {
            emit(ClientEvent.Type.OK, op.f(), op.key(), op.invokeValue());
        }
        scheduleNext();
    }

    /** No answer in time: the outcome is unknown, and this process continues as a new one. */
    private void timedOut() {
        Outstanding op = outstanding;
        if (op == null) {
            return;
        }
        outstanding = null;
        if (op.retry() != null) {
            op.retry().cancel();
        }
        emit(ClientEvent.Type.INFO, op.f(), op.key(), op.invokeValue());
        process += config.clientCount();
        sequence = 0;
        scheduleNext();
    }

    private int nextServer(int server) {
        return (server + 1 + random.nextInt(Math.max(1,
                config.serverCount() - 1))) % config.serverCount();
    }

    private void emit(ClientEvent.Type type, String f, String key, Object value) {
        listener.accept(new ClientEvent(process, type, f, key, value, ctx.nowNanos()));
    }

}

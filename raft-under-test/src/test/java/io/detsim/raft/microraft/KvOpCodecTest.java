package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.microraft.MembershipChangeMode;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.impl.DefaultRaftModelFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvOpCodecTest {
    @Test
    void membershipChanges_roundTripWithMicroRaftsMemberOrder() {
        UpdateRaftGroupMembersOp op = new DefaultRaftModelFactory()
                .createUpdateRaftGroupMembersOpBuilder()
                .setMembers(List.of(NodeEndpoint.of(2), NodeEndpoint.of(0), NodeEndpoint.of(3)))
                .setVotingMembers(List.of(NodeEndpoint.of(2), NodeEndpoint.of(0)))
                .setEndpoint(NodeEndpoint.of(3)).setMode(MembershipChangeMode.ADD_LEARNER).build();
        byte[] bytes = KvOpCodec.encode(op);
        UpdateRaftGroupMembersOp back = (UpdateRaftGroupMembersOp) KvOpCodec.decode(bytes);
        assertEquals(MembershipChangeMode.ADD_LEARNER, back.getMode());
        assertEquals(NodeEndpoint.of(3), back.getEndpoint());
        assertEquals(List.copyOf(op.getMembers()), List.copyOf(back.getMembers()),
                "the order is MicroRaft's broadcast order: kept");
        assertEquals(List.copyOf(op.getVotingMembers()), List.copyOf(back.getVotingMembers()));
        assertArrayEquals(bytes, KvOpCodec.encode(back), "equal entries, equal bytes");
    }
}

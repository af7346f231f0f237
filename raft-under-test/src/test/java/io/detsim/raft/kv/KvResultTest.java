package io.detsim.raft.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.detsim.sim.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvResultTest {

    @Test
    void toString_keepsTheRecordFormat_thatTraceHashesWereBuiltOn() {
        assertEquals("KvResult[ok=true, value=v1.2 , error=null]", KvResult.ok("v1.2 ").toString());
        assertEquals("KvResult[ok=false, value=null, error=expected a, found null]",
                KvResult.failed(null, "expected a, found null").toString());
    }

    @Test
    void textDigest_isFnvOfToString() {
        for (KvResult result : List.of(KvResult.ok(null), KvResult.ok(""), KvResult.ok("v1.1 "),
                KvResult.ok("é€😀 \ud800"), KvResult.failed("x", "expected y, found x"),
                KvResult.ok("v".repeat(5_000)))) {
            assertEquals(RandomStream.fnv1a64(result.toString()), result.textDigest(),
                    result.toString());
        }
    }
}

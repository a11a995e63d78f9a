package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Agents on one host claim disjoint blocks of worker ports by binding each block's first port. */
class PortClaimTest {

    private static final int BLOCK = 10;

    @Test
    void twoClaimsOnOneHostGetDisjointBlocksAndAReleasedBlockIsClaimedAgain() throws Exception {
        int first = Ports.free();
        try (var a = PortClaim.claim(first, BLOCK, 20); var b = PortClaim.claim(first, BLOCK, 20)) {
            assertThat(a.workerPorts().overlaps(b.workerPorts())).isFalse();
            assertThat(a.workerPorts().size()).isEqualTo(BLOCK - 1);
            assertThat((a.workerPorts().from() - first - 1) % BLOCK).isZero();
            assertThat(Ports.accepts(a.workerPorts().from() - 1)).as("the claimed first port is held").isTrue();
            var released = a.workerPorts();
            a.close();
            try (var c = PortClaim.claim(first, BLOCK, 20)) {
                assertThat(c.workerPorts()).isEqualTo(released);
            }
        }
    }

    @Test
    void aBlockWithAPortInUseIsSkipped() throws Exception {
        int first = Ports.free();
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(first + 3));
            try (var claim = PortClaim.claim(first, BLOCK, 20)) {
                assertThat(claim.workerPorts().from()).isGreaterThan(first + 3);
                assertThat(Ports.bindable(claim.workerPorts().to())).as("worker ports stay free for workers").isTrue();
            }
        }
    }

    @Test
    void noFreeBlockFailsWithTheFlagThatFixesIt() throws Exception {
        int first = Ports.free();
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(first));
            assertThatThrownBy(() -> PortClaim.claim(first, BLOCK, 1)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no free block of " + BLOCK + " ports").hasMessageContaining("--ports FROM-TO");
        }
    }
}

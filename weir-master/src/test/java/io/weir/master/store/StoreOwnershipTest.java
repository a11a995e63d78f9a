package io.weir.master.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.Sla;
import io.weir.core.model.StageDefinition;
import io.weir.master.job.ClusterRecord;
import io.weir.master.testing.Stores;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two masters on one PostgreSQL store: the one that opened it last owns it, the other can change nothing more. (Two
 * master processes cannot open one H2 file at all: H2 locks it.)
 */
class StoreOwnershipTest {

    private static ClusterRecord cluster(String name) {
        var def = new JobClusterDefinition(name, "a.B", null, "1", Map.of(),
                new TreeMap<>(Map.of(1, new StageDefinition(1, null, null, null, null, null, null, null))), Sla.DEFAULT, Map.of());
        return new ClusterRecord(def, 0, 1, 1);
    }

    @Test
    void aMasterWhoseStoreWasTakenOverChangesNothingMore() {
        String url = Stores.newPostgresDatabase();
        try (var first = JdbcMasterStore.open(url, "postgres", "postgres")) {
            first.write(new StoreBatch().insertCluster(cluster("a")));
            try (var second = JdbcMasterStore.open(url, "postgres", "postgres")) {
                assertThatThrownBy(() -> first.write(new StoreBatch().insertCluster(cluster("b"))))
                        .isInstanceOf(StoreFencedException.class)
                        .hasMessageContaining("another master has taken over this store");
                second.write(new StoreBatch().insertCluster(cluster("c")));
                assertThat(second.loadClusters()).extracting(ClusterRecord::name).containsExactly("a", "c");
            }
        }
    }

}

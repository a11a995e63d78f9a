package io.weir.master.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.Sla;
import io.weir.core.model.StageDefinition;
import io.weir.master.job.ClusterRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store at start: compacted, and a damaged file is reported instead of being replaced by an empty store. */
class H2StoreStartTest {

    @TempDir
    Path dir;

    private static ClusterRecord cluster(String name, int version) {
        var def = new JobClusterDefinition(name, "a.B", null, String.valueOf(version), Map.of(),
                new java.util.TreeMap<>(Map.of(1, new StageDefinition(1, null, null, null, null, null, null, null))), Sla.DEFAULT, Map.of());
        return new ClusterRecord(def, 0, 1, 1);
    }

    @Test
    void aGrownStoreIsCompactedAtStartAndKeepsItsData() throws Exception {
        String url = JdbcMasterStore.h2Url(dir);
        try (var store = JdbcMasterStore.open(url, null, null)) {
            store.write(new StoreBatch().insertCluster(cluster("c", 0)));
            for (int i = 1; i <= 500; i++) {
                store.write(new StoreBatch().updateCluster(cluster("c", i)));
            }
        }
        long grown = Files.size(JdbcMasterStore.h2File(dir));
        try (var store = JdbcMasterStore.open(url, null, null)) {
            assertThat(Files.size(JdbcMasterStore.h2File(dir))).isLessThan(grown / 4);
            assertThat(store.loadClusters()).singleElement().satisfies(c -> assertThat(c.definition().version()).isEqualTo("500"));
        }
    }

    @Test
    void aDamagedStoreIsReportedNotReplaced() throws Exception {
        Files.writeString(JdbcMasterStore.h2File(dir), "this is not an H2 database ".repeat(200));
        assertThatThrownBy(() -> JdbcMasterStore.open(JdbcMasterStore.h2Url(dir), null, null))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("may be damaged")
                .hasMessageContaining("restore it from a backup");
        assertThat(Files.readString(JdbcMasterStore.h2File(dir))).startsWith("this is not an H2 database");
    }
}

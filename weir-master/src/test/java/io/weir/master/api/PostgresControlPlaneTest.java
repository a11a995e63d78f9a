package io.weir.master.api;

import io.weir.master.testing.Stores;
import java.nio.file.Path;

/** The control-plane contract on a real PostgreSQL server. */
class PostgresControlPlaneTest extends ControlPlaneContract {

    @Override
    String storeUrl(Path dir) {
        return Stores.newPostgresDatabase();
    }
}

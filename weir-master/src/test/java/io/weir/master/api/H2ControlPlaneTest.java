package io.weir.master.api;

import io.weir.master.testing.Stores;
import java.nio.file.Path;

/** The control-plane contract on the embedded H2 store. */
class H2ControlPlaneTest extends ControlPlaneContract {

    @Override
    String storeUrl(Path dir) {
        return Stores.h2(dir);
    }
}

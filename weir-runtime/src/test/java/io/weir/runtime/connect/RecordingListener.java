package io.weir.runtime.connect;

import java.util.ArrayList;
import java.util.List;

/** Records connection events as strings like {@code +conn(7/0)} and {@code -conn(7/0)}. */
final class RecordingListener implements ConnectionListener<FakeConnection> {

    final List<String> events = new ArrayList<>();
    final List<Throwable> causes = new ArrayList<>();

    @Override
    public void onConnected(FakeConnection connection) {
        events.add("+" + connection);
    }

    @Override
    public void onDisconnected(FakeConnection connection, Throwable cause) {
        events.add("-" + connection);
        causes.add(cause);
    }
}

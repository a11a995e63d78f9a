package io.weir.transport.rpc;

import java.util.Map;
import java.util.Objects;

/** A request to {@code endpoint} with string parameters and an opaque body. */
public record RpcRequest(String endpoint, Map<String, String> params, byte[] body) {

    public RpcRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        params = params == null ? Map.of() : Map.copyOf(params);
        body = body == null ? new byte[0] : body;
    }
}

package io.weir.runtime.service;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request to a service: its string parameters (reserved ones included, see {@link ServiceProtocol}) and its body. */
public record ServiceRequest(Map<String, String> params, byte[] body) {

    public ServiceRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        body = body == null ? new byte[0] : body;
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The parameter {@code name}, or {@code fallback} when absent. */
    public String param(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }
}

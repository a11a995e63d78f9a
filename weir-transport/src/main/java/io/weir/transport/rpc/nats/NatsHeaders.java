package io.weir.transport.rpc.nats;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Header names of the NATS request plane (besides the call-home ones) and the parameter encoding. */
final class NatsHeaders {

    /** Request header: the endpoint. */
    static final String ENDPOINT = "X-Weir-Endpoint";
    /** Request header: the parameters as a URL query string (without {@code ?}). */
    static final String PARAMS = "X-Weir-Params";
    /** Request header: the request's id, unique per caller process. */
    static final String REQUEST_ID = "X-Weir-Request-Id";
    /** Acknowledgment header: set when the worker refused the request; the body says why (UTF-8). */
    static final String ERROR = "X-Weir-Error";

    private NatsHeaders() {
    }

    static String encodeParams(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decodeParams(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

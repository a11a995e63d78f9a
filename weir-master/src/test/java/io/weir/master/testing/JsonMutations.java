package io.weir.master.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every variant of a valid JSON body with one value, at any depth (object fields, map values, array elements),
 * replaced by null, by a value of each other JSON type, or removed.
 */
public final class JsonMutations {

    /** One variant: {@code field} is the name of the changed field (for an array element, the array's). */
    public record Mutation(String path, String field, String kind, String body) {
    }

    private static final ObjectMapper JSON = Json.lenient();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMutations() {
    }

    public static List<Mutation> of(String validBody) {
        JsonNode root;
        try {
            root = JSON.readTree(validBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var out = new ArrayList<Mutation>();
        collect(root, root, "", "body", out);
        return out;
    }

    private static void collect(JsonNode root, JsonNode node, String path, String field, List<Mutation> out) {
        if (node instanceof ObjectNode object) {
            for (var name : iterable(object)) {
                String child = path.isEmpty() ? name : path + "." + name;
                for (var replacement : replacements(object.get(name))) {
                    var copy = (ObjectNode) object.deepCopy();
                    copy.set(name, replacement);
                    out.add(mutation(root, node, copy, child, name, kind(replacement)));
                }
                var without = object.deepCopy();
                without.remove(name);
                out.add(mutation(root, node, without, child, name, "missing"));
                collect(root, object.get(name), child, name, out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = path + "." + i;
                for (var replacement : replacements(array.get(i))) {
                    var copy = array.deepCopy();
                    copy.set(i, replacement);
                    out.add(mutation(root, node, copy, child, field, kind(replacement)));
                }
                collect(root, array.get(i), child, field, out);
            }
        }
    }

    private static List<String> iterable(ObjectNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> replacements(JsonNode original) {
        var all = List.<JsonNode>of(NODES.nullNode(), NODES.textNode("x"), NODES.numberNode(-7), NODES.numberNode(1.5),
                NODES.booleanNode(true), NODES.arrayNode().add(1), NODES.objectNode().put("x", 1));
        return all.stream().filter(r -> r.getNodeType() != original.getNodeType() || r.isNumber()).toList();
    }

    private static String kind(JsonNode replacement) {
        return replacement.isNull() ? "null" : replacement.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " " + replacement;
    }

    /** The whole body with {@code original} (found by identity under {@code root}) replaced by {@code changed}. */
    private static Mutation mutation(JsonNode root, JsonNode original, JsonNode changed, String path, String field, String kind) {
        JsonNode body = original == root ? changed : replace(root.deepCopy(), root, original, changed);
        return new Mutation(path, field, kind, body.toString());
    }

    private static JsonNode replace(JsonNode copy, JsonNode source, JsonNode target, JsonNode changed) {
        if (copy instanceof ObjectNode o) {
            for (var name : iterable(o)) {
                if (source.get(name) == target) {
                    o.set(name, changed);
                } else {
                    replace(o.get(name), source.get(name), target, changed);
                }
            }
        } else if (copy instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (source.get(i) == target) {
                    a.set(i, changed);
                } else {
                    replace(a.get(i), source.get(i), target, changed);
                }
            }
        }
        return copy;
    }
}

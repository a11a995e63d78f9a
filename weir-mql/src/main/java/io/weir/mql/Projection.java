package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of a {@code select} list, compiled into a tree of output fields. {@code e["a"]["b"]} keeps its nesting
 * ({@code {"a":{"b":..}}}); a bare name, a literal and an {@code as} name are one top-level field. Missing fields are
 * left out, and so are objects left empty. {@code e[^"p"]} copies the top-level fields starting with {@code p},
 * unless an item of the list writes the same field.
 */
final class Projection {

    private final Output[] outputs;
    private final String[] prefixes;

    private Projection(Output[] outputs, String[] prefixes) {
        this.outputs = outputs;
        this.prefixes = prefixes;
    }

    /** A new object with the selected fields of {@code record}; it shares their values with the record. */
    ObjectNode project(JsonNode record) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String prefix : prefixes) {
            copyPrefixed(out, record, prefix);
        }
        fill(out, outputs, record);
        return out;
    }

    private static void copyPrefixed(ObjectNode out, JsonNode record, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith(prefix)) {
                out.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void fill(ObjectNode out, Output[] outputs, JsonNode record) {
        for (Output o : outputs) {
            if (o.source != null) {
                JsonNode v = o.path != null ? o.path.value(record) : o.source.value(record);
                if (v != null) {
                    out.set(o.name, v);
                }
            } else {
                ObjectNode child = JsonNodeFactory.instance.objectNode();
                fill(child, o.children, record);
                if (!child.isEmpty()) {
                    out.set(o.name, child);
                }
            }
        }
    }

    /** One output field: a leaf with a source ({@code path} too when it is a field, for a direct call), or an object of children. */
    private record Output(String name, Operand source, FieldPath path, Output[] children) {

        static Output leaf(String name, Operand source) {
            return new Output(name, source, source instanceof FieldPath p ? p : null, null);
        }
    }

    /** Collects {@code select} items and rejects two that would write the same output field. */
    static final class Builder {

        private final Node root = new Node();
        private final List<String> prefixes = new ArrayList<>();

        /** Adds {@code source} written at {@code target}; {@code position} locates the item for errors. */
        Builder add(List<String> target, Operand source, int position) {
            if (source instanceof PrefixFields p) {
                prefixes.add(p.prefix());
                return this;
            }
            Node node = root;
            for (int i = 0; i < target.size(); i++) {
                if (node.source != null) {
                    throw duplicate(target.subList(0, i), position);
                }
                node = node.children.computeIfAbsent(target.get(i), k -> new Node());
            }
            if (node.source != null || !node.children.isEmpty()) {
                throw duplicate(target, position);
            }
            node.source = source;
            return this;
        }

        Projection build() {
            return new Projection(outputs(root), prefixes.toArray(String[]::new));
        }

        private static Output[] outputs(Node node) {
            List<Output> out = new ArrayList<>();
            node.children.forEach((name, child) -> out.add(child.source != null
                    ? Output.leaf(name, child.source)
                    : new Output(name, null, null, outputs(child))));
            return out.toArray(Output[]::new);
        }

        private static MqlException duplicate(List<String> target, int position) {
            return new MqlException("mql: output field " + Lexer.shown(String.join(".", target)) + " selected twice at "
                    + position + " (expected: distinct output fields; rename one with as)", position);
        }

        private static final class Node {
            final Map<String, Node> children = new LinkedHashMap<>();
            Operand source;
        }
    }
}

package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a {@code select} list, compiled into a tree of output fields. Each output field has a path
 * (its {@code as} name, or else its source path) and keeps that nesting: {@code select a.b, a.c as x.y}
 * gives {@code {"a":{"b":..},"x":{"y":..}}}. Missing fields are left out, and so are objects left empty.
 */
final class Projection {

    private final Output[] outputs;

    private Projection(Output[] outputs) {
        this.outputs = outputs;
    }

    /** A new object with the selected fields of {@code record}; it shares their values with the record. */
    ObjectNode project(JsonNode record) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        fill(out, outputs, record);
        return out;
    }

    private static void fill(ObjectNode out, Output[] outputs, JsonNode record) {
        for (Output o : outputs) {
            if (o.source != null) {
                JsonNode v = o.source.value(record);
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

    /** One output field: a leaf with a source, or an object of children. */
    private record Output(String name, FieldPath source, Output[] children) {
    }

    /** Collects {@code select} items and rejects two that would write the same output field. */
    static final class Builder {

        private final Node root = new Node();

        /** Adds {@code source} written at {@code target}; {@code position} locates the item for errors. */
        Builder add(List<String> target, FieldPath source, int position) {
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
            return new Projection(outputs(root));
        }

        private static Output[] outputs(Node node) {
            List<Output> out = new ArrayList<>();
            node.children.forEach((name, child) -> out.add(child.source != null
                    ? new Output(name, child.source, null)
                    : new Output(name, null, outputs(child))));
            return out.toArray(Output[]::new);
        }

        private static MqlException duplicate(List<String> target, int position) {
            return new MqlException("mql: output field " + Lexer.shown(String.join(".", target)) + " selected twice at "
                    + position + " (expected: distinct output fields; rename one with as)", position);
        }

        private static final class Node {
            final Map<String, Node> children = new LinkedHashMap<>();
            FieldPath source;
        }
    }
}

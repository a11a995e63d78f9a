package io.weir.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, two spaces apart. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        var r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (var r : rows) {
            for (int i = 0; i < columns && i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (var r : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = i < r.length ? r[i] : "";
                line.append(i == columns - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            System.out.println(line.toString().stripTrailing());
        }
        if (rows.size() == 1) {
            System.out.println("(none)");
        }
    }
}

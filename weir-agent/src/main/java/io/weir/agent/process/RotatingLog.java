package io.weir.agent.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file of at most half {@code maxBytes}: when it would grow past that it becomes {@code <name>.1} (replacing the
 * previous one) and a new file starts, so the two never hold more than {@code maxBytes}. Used by one thread.
 */
final class RotatingLog implements AutoCloseable {

    private final Path file;
    private final Path rotated;
    private final long limit;
    private OutputStream out;
    private long size;

    RotatingLog(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.rotated = file.resolveSibling(file.getFileName() + ".1");
        this.limit = Math.max(512, maxBytes / 2);
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.size = Files.size(file);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (size + length > limit && size > 0) {
            out.close();
            Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            size = 0;
        }
        int n = (int) Math.min(length, limit);
        out.write(bytes, offset + length - n, n);
        out.flush();
        size += n;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

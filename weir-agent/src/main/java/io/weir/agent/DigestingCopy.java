package io.weir.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream to a file in 64 KiB steps while computing its SHA-256, refusing more than a given number of bytes. */
final class DigestingCopy {

    /** The stream held more bytes than allowed; the partial file is left for the caller to delete. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long max) {
            super("more than " + max + " bytes");
        }
    }

    private DigestingCopy() {
    }

    /** Copies {@code in} into {@code target}, calling {@code progress} after each read; returns the hex SHA-256. */
    static String copy(InputStream in, Path target, long maxBytes, Runnable progress) throws IOException {
        var digest = sha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                progress.run();
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                digest.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

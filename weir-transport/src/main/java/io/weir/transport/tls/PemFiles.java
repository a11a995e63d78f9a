package io.weir.transport.tls;

import io.weir.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 keys; every problem is a {@link ConfigException} naming the setting and the file. */
final class PemFiles {

    /** Larger files are not PEM material. */
    private static final long MAX_BYTES = 1 << 20;
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private PemFiles() {
    }

    /** The certificates of a PEM file, in order; at least one. */
    static X509Certificate[] certificates(String setting, Path file) {
        String pem = read(setting, file);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ConfigException(setting + ": " + file + " is not a PEM certificate file (expected -----BEGIN CERTIFICATE-----)");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new ConfigException(setting + ": " + file + " is not a valid PEM certificate file: " + e.getMessage());
        }
    }

    /** Fails unless {@code cert} is valid now. */
    static void checkValidNow(String setting, Path file, X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new ConfigException(setting + ": " + file + ": " + cert.getSubjectX500Principal() + " is valid from "
                    + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ", not now");
        }
    }

    /** The unencrypted PKCS#8 private key of a PEM file. */
    static PrivateKey privateKey(String setting, Path file) {
        String pem = read(setting, file);
        var m = PKCS8.matcher(pem);
        if (!m.find()) {
            String hint = pem.contains("ENCRYPTED PRIVATE KEY") ? "it is encrypted; "
                    : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY") ? "it is PKCS#1/SEC1; " : "";
            throw new ConfigException(setting + ": " + file + " is not an unencrypted PEM PKCS#8 key (expected -----BEGIN PRIVATE KEY-----; "
                    + hint + "convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + ": " + file + " has a malformed PEM body: " + e.getMessage());
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(setting + ": " + file + " holds no RSA, EC or EdDSA private key this JDK can read");
    }

    /** Fails unless {@code key} signs what the first certificate's public key verifies. */
    static void checkPair(PrivateKey key, X509Certificate cert, String keySetting, String certSetting) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "weir".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // reported below
        }
        throw new ConfigException(keySetting + ": the key does not belong to the first certificate of " + certSetting
                + " (" + cert.getSubjectX500Principal() + ")");
    }

    private static String read(String setting, Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(setting + ": " + file + " is larger than " + MAX_BYTES + " bytes (expected a PEM file)");
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(setting + ": " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException(setting + ": " + file + " is not readable by this process");
        } catch (IOException e) {
            throw new ConfigException(setting + ": " + file + " cannot be read: " + e.getMessage());
        }
    }
}

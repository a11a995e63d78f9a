package io.weir.transport.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA and PEM files signed by it, written to a directory: a node certificate for {@code localhost} and
 * {@code 127.0.0.1} usable by servers and as a client certificate, a client-only certificate, one for another host, an
 * expired one, and one from another CA, each with its PKCS#8 key.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Generates everything into {@code dir} (EC P-256, valid from an hour ago for a day). */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = keys();
            X509Certificate ca = ca("CN=Weir Test CA", caKeys);
            writePem(dir.resolve("ca.pem"), ca);
            Instant now = Instant.now();
            Instant from = now.minus(Duration.ofHours(1));
            Instant to = now.plus(Duration.ofDays(1));
            issue(dir, "node", "CN=localhost", caKeys, ca, true, true, from, to);
            issue(dir, "client", "CN=weir-client", caKeys, ca, false, false, from, to);
            issue(dir, "wronghost", "CN=elsewhere.invalid", caKeys, ca, false, true, from, to);
            issue(dir, "expired", "CN=localhost", caKeys, ca, true, true, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
            KeyPair otherKeys = keys();
            X509Certificate other = ca("CN=Other CA", otherKeys);
            writePem(dir.resolve("other-ca.pem"), other);
            issue(dir, "stranger", "CN=localhost", otherKeys, other, true, true, from, to);
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA bundle that signed every certificate here but the stranger's. */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** A CA that signed nothing a server here presents but the stranger's. */
    public Path otherCa() {
        return dir.resolve("other-ca.pem");
    }

    /** For {@code localhost} and {@code 127.0.0.1}; server and client use. */
    public Path nodeCert() {
        return dir.resolve("node.pem");
    }

    public Path nodeKey() {
        return dir.resolve("node.key");
    }

    /** Client use only. */
    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** Signed by the CA, but for another host name. */
    public Path wrongHostCert() {
        return dir.resolve("wronghost.pem");
    }

    public Path wrongHostKey() {
        return dir.resolve("wronghost.key");
    }

    /** For {@code localhost}, signed by {@link #otherCa()}. */
    public Path strangerCert() {
        return dir.resolve("stranger.pem");
    }

    public Path strangerKey() {
        return dir.resolve("stranger.key");
    }

    /** For {@code localhost}, signed by the CA, expired yesterday. */
    public Path expiredCert() {
        return dir.resolve("expired.pem");
    }

    public Path expiredKey() {
        return dir.resolve("expired.key");
    }

    private static KeyPair keys() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate ca(String subject, KeyPair keys) throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        var name = new X500Name(subject);
        Instant now = Instant.now();
        var builder = builder(name, name, keys, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder, keys.getPrivate());
    }

    private static void issue(Path dir, String name, String subject, KeyPair caKeys, X509Certificate ca,
                              boolean localhost, boolean server, Instant from, Instant to) throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, java.io.IOException {
        KeyPair keys = keys();
        var builder = builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name(subject), keys, from, to);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}));
        GeneralName[] names = localhost
                ? new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}
                : new GeneralName[] {new GeneralName(GeneralName.dNSName, subject.substring(3))};
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        writePem(dir.resolve(name + ".pem"), sign(builder, caKeys.getPrivate()));
        writePem(dir.resolve(name + ".key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static void writePem(Path file, Object object) throws IOException {
        var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        }
        Files.writeString(file, text.toString());
    }
}

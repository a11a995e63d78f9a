package io.weir.transport.rpc.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WEIR_NATS_CREDS} takes an nsc {@code .creds} file (the user JWT is sent, the seed signs) or a file holding an
 * NKey seed alone; the connection against a real server is in {@code TlsPlanesTest}.
 */
class NatsCredentialsTest {

    @TempDir
    Path dir;

    private static NatsSettings with(Path credentials) {
        return new NatsSettings("nats://127.0.0.1:4222", "weir.rpc", "weir", Duration.ofSeconds(5), null, credentials, null);
    }

    @Test
    void anNscCredsFileSendsItsJwtAndSignsWithItsSeed() throws Exception {
        NKey account = NKey.createAccount(new SecureRandom());
        NKey user = NKey.createUser(new SecureRandom());
        String jwt = JwtUtils.issueUserJWT(account, new String(account.getPublicKey()), new String(user.getPublicKey()));
        Path creds = Files.writeString(dir.resolve("app.creds"), "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");

        var handler = with(creds).authHandler();
        assertThat(new String(handler.getJWT())).isEqualTo(jwt);
        assertThat(handler.getID()).isEqualTo(user.getPublicKey());
        byte[] nonce = "nonce".getBytes();
        assertThat(user.verify(nonce, handler.sign(nonce))).isTrue();
    }

    @Test
    void aSeedFileSignsWithoutAJwt() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        Path seed = Files.writeString(dir.resolve("user.nk"), new String(user.getSeed()) + "\n");

        var handler = with(seed).authHandler();
        assertThat(handler.getJWT()).isNull();
        assertThat(handler.getID()).isEqualTo(user.getPublicKey());
        assertThat(with(seed).toString()).doesNotContain(new String(user.getSeed()));
    }
}

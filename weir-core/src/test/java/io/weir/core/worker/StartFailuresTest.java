package io.weir.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.model.FailureKind;
import io.weir.core.model.InvalidDefinitionException;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StartFailuresTest {

    @Test
    void definitionsAndMissingCodeArePermanent() {
        assertThat(StartFailures.classify(new InvalidDefinitionException("parameters.x: 'a' (expected: an int)"))).isEqualTo(FailureKind.PERMANENT);
        assertThat(StartFailures.classify(new IllegalStateException("wrapped", new ClassNotFoundException("a.B")))).isEqualTo(FailureKind.PERMANENT);
        assertThat(StartFailures.classify(new NoClassDefFoundError("a/B"))).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void aTakenPortIsTheAgentsFault() {
        assertThat(StartFailures.classify(new CompletionException(new BindException("Address already in use")))).isEqualTo(FailureKind.PORT_IN_USE);
        assertThat(StartFailures.classify(new IOException("bind(..) failed with error(-98): Address already in use"))).isEqualTo(FailureKind.PORT_IN_USE);
    }

    @Test
    void everythingElseIsTransient() {
        assertThat(StartFailures.classify(new IOException("Connection reset"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(StartFailures.classify(new IllegalStateException("boom"))).isEqualTo(FailureKind.TRANSIENT);
        var loop = new IllegalStateException("self");
        assertThat(StartFailures.classify(new RuntimeException(loop))).isEqualTo(FailureKind.TRANSIENT);
    }
}

package io.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnrichmentJobTest {

    @Test
    void knownUsersGetTheirProfileAndOthersAreMarkedUnknown() {
        var ada = EnrichmentJob.enrich(new EnrichmentJob.View("ada", "/docs", 5));
        assertThat(ada).isEqualTo(new EnrichmentJob.EnrichedView("ada", "/docs", "GB", "pro", 5));
        var guest = EnrichmentJob.enrich(new EnrichmentJob.View("guest", "/", 6));
        assertThat(guest.country()).isEqualTo("unknown");
        assertThat(guest.plan()).isEqualTo("none");
    }

    @Test
    void viewsCycleThroughUsersAndPages() {
        var views = EnrichmentJob.views(1000).take(12).collectList().block(Duration.ofSeconds(5));
        assertThat(views).extracting(EnrichmentJob.View::user).startsWith("ada", "grace", "linus", "barbara", "edsger", "guest", "ada");
        assertThat(views).extracting(EnrichmentJob.View::page).contains("/", "/docs");
    }
}

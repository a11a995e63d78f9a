package io.weir.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingCatalogTest {

    @Test
    void unknownNamesOnlyTheWeirVariablesThatAreNoSetting() {
        var env = Map.of("WEIR_MASTER_PORT", "9000", "WEIR_MASTR_PORT", "9000", "HOME", "/root", "WEIR_TOKEN", "t");

        assertThat(SettingCatalog.unknown(env)).containsExactly("WEIR_MASTR_PORT");
    }

    @Test
    void everySettingIsListedOnceWithAMeaning() {
        assertThat(SettingCatalog.all()).extracting(Setting::name).doesNotHaveDuplicates();
        assertThat(SettingCatalog.all()).allSatisfy(s -> assertThat(s.description()).isNotBlank());
        assertThat(SettingCatalog.find("WEIR_STORE_URL")).hasValueSatisfying(s -> assertThat(s.scope()).isEqualTo(Setting.Scope.MASTER));
    }
}

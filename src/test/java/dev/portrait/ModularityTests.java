package dev.portrait;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages (account, profile, picture, media, imaging, storage, ratelimit, web) form
 * no cycle and reach into no other package's internals.
 */
class ModularityTests {

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        ApplicationModules.of(PortraitApplication.class).verify();
    }
}

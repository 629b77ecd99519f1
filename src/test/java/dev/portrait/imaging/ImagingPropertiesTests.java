package dev.portrait.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ImagingPropertiesTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void bindWhenNothingConfiguredThenDefaults() {
        runner.run(context -> assertThat(context.getBean(ImagingProperties.class))
                .isEqualTo(ImagingProperties.defaults())
                .isEqualTo(new ImagingProperties(40_000_000, 2048, 82, 0, 0)));
    }

    @Test
    void bindWhenConfiguredThenValues() {
        runner.withPropertyValues(
                        "portrait.imaging.max-pixels=25000000",
                        "portrait.imaging.max-original-side=1600",
                        "portrait.imaging.jpeg-quality=90",
                        "portrait.imaging.max-concurrent-jobs=3",
                        "portrait.imaging.threads=4")
                .run(context -> assertThat(context.getBean(ImagingProperties.class))
                        .isEqualTo(new ImagingProperties(25_000_000, 1600, 90, 3, 4)));
    }

    @ParameterizedTest(name = "bindWhen[{0}]ThenStartupFails")
    @ValueSource(
            strings = {
                "portrait.imaging.max-pixels=0",
                "portrait.imaging.max-original-side=511",
                "portrait.imaging.jpeg-quality=0",
                "portrait.imaging.jpeg-quality=101",
                "portrait.imaging.max-concurrent-jobs=-1",
                "portrait.imaging.threads=-1"
            })
    void bindWhenNonsenseThenStartupFails(String property) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ImagingProperties.class)
    static class PropertiesConfiguration {}
}

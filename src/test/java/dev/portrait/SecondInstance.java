package dev.portrait;

import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts another Portrait beside a test's application, on the same PostgreSQL database and data
 * directory, the way a cluster runs. The caller closes it.
 */
public final class SecondInstance {

    private SecondInstance() {}

    /**
     * @param first the test application's environment, whose database and data directory are shared
     * @param settings more command-line settings ({@code --name=value}), as the first one has them
     */
    public static ConfigurableApplicationContext start(Environment first, String... settings) {
        String[] shared = {
            "--server.port=0",
            "--spring.datasource.url=" + first.getRequiredProperty("spring.datasource.url"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--portrait.data-dir=" + first.getRequiredProperty("portrait.data-dir")
        };
        return new SpringApplicationBuilder(PortraitApplication.class)
                .run(Stream.concat(Stream.of(shared), Stream.of(settings)).toArray(String[]::new));
    }
}

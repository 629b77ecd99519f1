package dev.portrait;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Portrait: user accounts, profiles and profile pictures as one service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortraitApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortraitApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

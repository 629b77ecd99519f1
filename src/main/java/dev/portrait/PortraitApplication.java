package dev.portrait;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Portrait: user accounts, profiles and profile pictures as one service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortraitApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortraitApplication.class, args);
    }
}

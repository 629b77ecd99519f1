package dev.portrait.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.ApiTest;
import dev.portrait.web.TomcatConnectorConfiguration.TomcatNio2Customizer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/** The connector the running application serves on. */
@ApiTest
class ServerConnectorApiTests {

    @Autowired
    ServletWebServerApplicationContext context;

    // In the order the context applies them to the server factory.
    @Autowired
    List<WebServerFactoryCustomizer<?>> customizers;

    @Test
    void servesOnNio2WithVirtualThreads() throws Exception {
        ProtocolHandler handler = ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProtocolHandler();
        ExecutorService executor = (ExecutorService) handler.getExecutor();

        assertThat(handler).isInstanceOf(Http11Nio2Protocol.class);
        assertThat(executor.submit(() -> Thread.currentThread().isVirtual()).get())
                .isTrue();
    }

    @Test
    void nio2CustomizerRunsAfterSpringBootsVirtualThreadOne() {
        List<Class<?>> order =
                customizers.stream().<Class<?>>map(Object::getClass).toList();

        assertThat(order)
                .containsSubsequence(TomcatVirtualThreadsWebServerFactoryCustomizer.class, TomcatNio2Customizer.class);
    }
}

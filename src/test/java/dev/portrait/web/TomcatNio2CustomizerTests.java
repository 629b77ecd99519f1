package dev.portrait.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portrait.web.TomcatConnectorConfiguration.TomcatNio2Customizer;
import java.util.concurrent.ExecutorService;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** A real Tomcat, customised in the order the application applies the two customizers. */
class TomcatNio2CustomizerTests {

    @Test
    void connectorIsNio2OnVirtualThreadsOfAnExecutorItOwns() throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new TomcatVirtualThreadsWebServerFactoryCustomizer().customize(factory);
        new TomcatNio2Customizer().customize(factory);
        TomcatWebServer server = (TomcatWebServer) factory.getWebServer();
        try {
            server.start();
            ProtocolHandler handler = server.getTomcat().getConnector().getProtocolHandler();
            ExecutorService executor = (ExecutorService) handler.getExecutor();

            assertThat(handler).isInstanceOf(Http11Nio2Protocol.class);
            assertThat(executor.submit(() -> Thread.currentThread().isVirtual()).get())
                    .isTrue();

            server.stop();
            // Only an executor the connector made itself is shut down with it.
            assertThat(executor.isShutdown()).isTrue();
        } finally {
            server.destroy();
        }
    }
}

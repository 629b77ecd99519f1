package dev.portrait.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Runs the sweeper and the view counter's flush at the intervals {@link MediaProperties} sets. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MediaScheduling implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MediaScheduling.class);

    private final MediaSweeper sweeper;
    private final ViewCounter views;
    private final MediaProperties properties;

    MediaScheduling(MediaSweeper sweeper, ViewCounter views, MediaProperties properties) {
        this.sweeper = sweeper;
        this.views = views;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // The first run waits one interval too, so start-up is not slowed by a sweep.
        registrar.addFixedDelayTask(new FixedDelayTask(
                logged("sweep media", sweeper::sweep), properties.sweepInterval(), properties.sweepInterval()));
        registrar.addFixedDelayTask(new FixedDelayTask(
                logged("flush view counts", views::flush),
                properties.viewFlushInterval(),
                properties.viewFlushInterval()));
    }

    private static Runnable logged(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException ex) {
                log.warn("Could not {}; trying again next time", what, ex);
            }
        };
    }
}

package dev.imagegen.routing;

import dev.imagegen.ImageEventListener;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ImageEventListener#composite} forwards every event, including failovers: none is dropped silently. */
class CompositeListenerTest {

    @Test
    void aCompositeForwardsEveryKindOfEvent() throws Exception {
        List<String> seen = new ArrayList<>();
        ImageEventListener recording = (ImageEventListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ImageEventListener.class}, (proxy, m, args) -> {
                    seen.add(m.getName());
                    return null;
                });
        ImageEventListener composite = ImageEventListener.composite(recording);
        List<String> events = new ArrayList<>();
        for (Method m : ImageEventListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1) {
                continue;
            }
            events.add(m.getName());
            m.invoke(composite, new Object[] {null});
        }
        assertThat(events).contains("failover", "requestStarted", "attempt");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(events);
        assertThat(Arrays.stream(ImageEventListener.class.getMethods()).filter(m -> m.getName().equals("failover"))).hasSize(1);
    }
}

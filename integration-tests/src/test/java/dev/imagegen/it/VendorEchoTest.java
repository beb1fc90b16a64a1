package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A vendor that echoes the API key in its error answer (body and request-id header): on every provider flow, in
 * blocking and asynchronous mode, the key reaches neither the exception's message, its vendor fields nor its
 * {@code toString}; it shows as {@code ***}.
 */
class VendorEchoTest {

    static Stream<Arguments> flows() {
        List<Arguments> out = new ArrayList<>();
        for (Profile p : Profile.ALL) {
            for (CallMode m : CallMode.values()) {
                out.add(Arguments.of(p, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("flows")
    void anEchoedKeyIsScrubbedFromTheError(Profile p, CallMode mode) {
        ProviderEmulator emu = Emulators.forProfile(p);
        emu.faults().clear();
        String k = Emulators.API_KEY;
        String body = "{\"success\":false,\"message\":\"invalid key " + k + "\",\"detail\":\"invalid key " + k + "\","
                + "\"code\":401,\"data\":{\"error\":\"invalid key " + k + "\"},\"error\":{\"message\":\"invalid key " + k
                + "\",\"type\":\"auth\",\"code\":\"" + k + "\"}}";
        emu.faults().on(p.paidRoute()).once().respond(Fault.status(401).header("x-request-id", k).body(body));
        try (ImageClient client = Emulators.client(p, new FakeTime(), ImageEventListener.NONE).build()) {
            assertThatThrownBy(() -> mode.generate(client, p.request(Duration.ofSeconds(10))))
                    .isInstanceOfSatisfying(ImageGenerationException.class, e -> {
                        String everything = e.getMessage() + " " + e + " " + e.vendorMessage().orElse("") + " "
                                + e.vendorCode().orElse("") + " " + e.requestId().orElse("");
                        assertThat(everything).as("what the error shows").doesNotContain(k).contains("***");
                    });
        } finally {
            emu.faults().clear();
        }
    }
}

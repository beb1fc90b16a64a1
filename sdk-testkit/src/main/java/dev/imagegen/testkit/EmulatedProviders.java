package dev.imagegen.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a JUnit 5 test class against a {@link ProviderEmulator}: the emulator is started once before the class's
 * first test and closed after its last one, and test constructors, lifecycle methods and test methods can take a
 * {@link ProviderEmulator} and a ready {@link dev.imagegen.ImageClient} as parameters (the client is wired by
 * {@link EmulatorClients#builder(ProviderEmulator)} to every provider module on the class path).
 *
 * <pre>{@code
 * @EmulatedProviders
 * class CheckoutImagesTest {
 *     @Test
 *     void retriesWhenRateLimited(ImageClient client, ProviderEmulator emu) {
 *         emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(429).header("Retry-After-Ms", "10"));
 *         ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("a cat").build());
 *         assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);
 *     }
 * }
 * }</pre>
 *
 * <p>Before each test the fault rules and the request log (with the per-route counts) are cleared, so every test
 * starts from a clean emulator; jobs and stored outputs of earlier tests stay. Nested test classes share the
 * enclosing class's emulator and client.
 *
 * @see ProviderEmulatorExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ProviderEmulatorExtension.class)
public @interface EmulatedProviders {

    /**
     * How long every generation takes in the emulator, in milliseconds (default 0); see
     * {@link ProviderEmulator.Builder#processingTime(java.time.Duration)}.
     *
     * @return milliseconds, not negative
     */
    long processingTimeMillis() default 0;

    /**
     * Whether Lumoz run answers only a request id to be polled (default false); see
     * {@link ProviderEmulator.Builder#lumozAsync(boolean)}.
     *
     * @return true for asynchronous Lumoz
     */
    boolean lumozAsync() default false;

    /**
     * The API key the emulator accepts (default {@code emulator-key}); see
     * {@link ProviderEmulator.Builder#apiKey(String)}.
     *
     * @return the key
     */
    String apiKey() default "emulator-key";
}

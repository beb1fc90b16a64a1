package dev.imagegen.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorOptionsTest {

    @Test
    void defaults() throws Exception {
        EmulatorOptions o = EmulatorOptions.parse();

        assertThat(o).isEqualTo(new EmulatorOptions("127.0.0.1", 8080, null, Duration.ZERO, null, null, false));
    }

    @Test
    void everyOptionInBothSpellings() throws Exception {
        EmulatorOptions o = EmulatorOptions.parse("--host", "0.0.0.0", "--port=9090", "--api-key", "sk-1",
                "--processing-ms=250", "--faults", "faults.json", "--reproducible", "-5");

        assertThat(o).isEqualTo(new EmulatorOptions("0.0.0.0", 9090, "sk-1", Duration.ofMillis(250),
                Path.of("faults.json"), -5L, false));
        assertThat(EmulatorOptions.parse("--port", "0", "--help").help()).isTrue();
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertUsage("unknown option '--prot'", "--prot", "8080");
        assertUsage("unknown option '-p'", "-p");
        assertUsage("unexpected argument '8080': options start with --", "8080");
        assertUsage("option --port needs a value", "--port");
        assertUsage("option --port needs a value", "--port", "--host", "localhost");
        assertUsage("option --api-key needs a value, not a blank one", "--api-key=");
        assertUsage("option --port is given more than once", "--port", "1", "--port=2");
        assertUsage("option --port needs a whole number in 0..65535, not '65536'", "--port", "65536");
        assertUsage("option --processing-ms needs a whole number in 0..9223372036854, not '1.5'",
                "--processing-ms", "1.5");
        assertUsage("option --reproducible needs a whole number, not 'x'", "--reproducible", "x");
        assertUsage("option --help takes no value", "--help=yes");
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> EmulatorOptions.parse(args)).isInstanceOf(EmulatorOptions.UsageException.class)
                .hasMessage(message);
    }
}

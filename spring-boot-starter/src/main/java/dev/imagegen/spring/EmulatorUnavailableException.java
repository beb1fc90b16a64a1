package dev.imagegen.spring;

/** {@code imagegen.emulator.enabled=true}, but {@code imagegen-testkit} is not on the class path. */
final class EmulatorUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    EmulatorUnavailableException() {
        super("imagegen.emulator.enabled=true, but the emulator is not on the class path: add the dependency "
                + "dev.imagegen:imagegen-testkit (scope test for tests only, runtime for local development), "
                + "or remove the property");
    }
}

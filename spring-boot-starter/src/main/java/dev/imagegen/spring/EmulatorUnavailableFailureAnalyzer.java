package dev.imagegen.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link EmulatorUnavailableException} into Spring Boot's "APPLICATION FAILED TO START" description and action. */
final class EmulatorUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<EmulatorUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmulatorUnavailableException cause) {
        return new FailureAnalysis(
                "imagegen.emulator.enabled is true, but the imagegen emulator (dev.imagegen.testkit.ProviderEmulator) is "
                        + "not on the class path.",
                "Add the dependency dev.imagegen:imagegen-testkit (scope test for tests only, runtime for local "
                        + "development), or remove imagegen.emulator.enabled.",
                cause);
    }
}

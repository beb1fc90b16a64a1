package dev.imagegen.testkit;

import dev.imagegen.ImageClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link EmulatedProviders}: starts one {@link ProviderEmulator} and one
 * {@link ImageClient} wired to it per test class (a nested class uses its enclosing class's), resolves parameters of
 * those two types, clears the emulator's fault rules and request log before each test, and closes client and
 * emulator after the class.
 *
 * <p>Use it through the annotation, or directly with {@code @ExtendWith(ProviderEmulatorExtension.class)} (then the
 * emulator has the default settings). Settings come from the {@link EmulatedProviders} annotation found on the test
 * class or an enclosing class.
 */
public final class ProviderEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ProviderEmulatorExtension.class);
    private static final String RESOURCES = "resources";
    private static final String OWNER = "owner";

    /** Created by JUnit through {@link EmulatedProviders} or {@code @ExtendWith}. */
    public ProviderEmulatorExtension() {
    }

    /** What one test class (and its nested classes) share. */
    private record Resources(ProviderEmulator emulator, ImageClient client) {
    }

    /** Starts the emulator and the client, unless an enclosing class already did. */
    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(RESOURCES, Resources.class) != null) {
            return; // a nested class: the enclosing class's emulator serves it
        }
        EmulatedProviders settings = findSettings(context.getRequiredTestClass()).orElse(null);
        ProviderEmulator.Builder builder = ProviderEmulator.builder();
        if (settings != null) {
            builder.processingTime(Duration.ofMillis(settings.processingTimeMillis()))
                    .lumozAsync(settings.lumozAsync())
                    .apiKey(settings.apiKey());
        }
        ProviderEmulator emulator = builder.start();
        ImageClient client;
        try {
            client = EmulatorClients.builder(emulator).build();
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        store.put(RESOURCES, new Resources(emulator, client));
        ownerStore(context).put(OWNER, Boolean.TRUE);
    }

    /** Closes the client, then the emulator, if this class started them. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerStore(context).remove(OWNER) == null) {
            return;
        }
        Resources resources = context.getStore(NAMESPACE).remove(RESOURCES, Resources.class);
        if (resources != null) {
            try {
                resources.client().close();
            } finally {
                resources.emulator().close();
            }
        }
    }

    /** Clears fault rules, the request log and the per-route counts, so each test starts clean. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Resources resources = resources(context);
        resources.emulator().faults().clear();
        resources.emulator().clearRequests();
    }

    /** Supports parameters of type {@link ProviderEmulator} and {@link ImageClient}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == ProviderEmulator.class || type == ImageClient.class;
    }

    /** The class's emulator or client. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Resources resources = resources(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        return type == ProviderEmulator.class ? resources.emulator() : resources.client();
    }

    private static Resources resources(ExtensionContext context) {
        Resources resources = context.getStore(NAMESPACE).get(RESOURCES, Resources.class);
        if (resources == null) {
            throw new ParameterResolutionException("no ProviderEmulator is running for " + context.getDisplayName()
                    + ": annotate the test class with @EmulatedProviders (the extension starts it before all tests)");
        }
        return resources;
    }

    private static ExtensionContext.Store ownerStore(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(ProviderEmulatorExtension.class,
                context.getRequiredTestClass()));
    }

    private static Optional<EmulatedProviders> findSettings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            EmulatedProviders a = c.getAnnotation(EmulatedProviders.class);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

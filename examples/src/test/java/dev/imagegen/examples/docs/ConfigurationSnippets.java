package dev.imagegen.examples.docs;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.RetryPolicy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** Compiled twins of docs/configuration.md's Java snippets, verbatim (checked by {@link DocSnippetsTest}). */
final class ConfigurationSnippets {

    private ConfigurationSnippets() {
    }

    static ImageClient configured(Map<String, String> secrets) {
ImageClient client = ImageClient.builder()
        .apiKey("segmind", secrets.get("segmind"))          // else imagegen.segmind.apiKey, else SEGMIND_API_KEY
        .providerOption("segmind", "queue", "true")          // a provider option (see below)
        .preferProviders("wavespeed", "segmind")             // who serves a model several providers have
        .timeout(Duration.ofMinutes(2))                      // overall deadline per request
        .retryPolicy(RetryPolicy.defaults().withMaxRetries(5))
        .maxConcurrency(32)
        .build();
        return client;
    }

    /** What the application's tracing offers (the snippet's {@code tracer}). */
    interface Tracer {
        String currentTraceparent();
    }

    static ImageClient httpOptions(char[] proxyPassword, KeyStore corporateCas, Tracer tracer) {
ImageClient client = ImageClient.builder()
        .http(HttpOptions.builder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp", 3128)))
                .proxyAuthentication("svc-images", proxyPassword)
                .trustStore(corporateCas)                          // a KeyStore holding the CA certificates
                .userAgentSuffix("acme-studio/2.3")
                .requestHeaders((request, header) -> header.accept("traceparent", tracer.currentTraceparent()))
                .build())
        .build();
        return client;
    }

    static ImageClient virtualThreads(ExecutorService virtualThreads) {
// virtualThreads = Executors.newVirtualThreadPerTaskExecutor(); close it after the client
ImageClient client = ImageClient.builder()
        .http(HttpOptions.builder().executor(virtualThreads).build())
        .build();
        return client;
    }
}

package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.RetryPolicy;

import java.time.Duration;
import java.util.Map;

/** Compiled twin of docs/configuration.md's Java snippet, verbatim (checked by {@link DocSnippetsTest}). */
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
}

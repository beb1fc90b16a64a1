package dev.imagegen.examples.docs;

import dev.imagegen.ImageRequest;

/** Compiled twin of docs/providers/lumoz.md's Java snippet, verbatim (checked by {@link DocSnippetsTest}). */
final class LumozSnippets {

    private LumozSnippets() {
    }

    /** "Raw fields": the vendor's webhook field. */
    static ImageRequest webhook() {
        return
ImageRequest.builder().model("flux-cute-3d-kawaii").prompt("Cute 3d Kawaii, a panda")
        .providerOption("lumoz", "webhook", "https://example.com/hooks/lumoz")
        .build();
    }
}

package dev.imagegen.internal;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.Lora;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every field of an {@code ImageRequest}, with the defaults: its builder fills one, and the request keeps a
 * {@link #frozen()} copy that is never changed again. A null field is one not set. Not thread-safe while being filled
 * (like the builder).
 */
public final class RequestValues {

    public String model;
    public String provider;
    public String prompt;
    public String negativePrompt;
    public ImageSize size;
    public AspectRatio aspectRatio;
    public Double megapixels;
    public boolean nearestSize;
    public int count = 1;
    public Long seed;
    public OutputFormat outputFormat;
    public Integer outputQuality;
    public SpeedMode speedMode;
    public Integer steps;
    public Double guidanceScale;
    public final List<InputImage> inputImages = new ArrayList<>();
    public Double strength;
    public InputImage mask;
    public final List<Lora> loras = new ArrayList<>();
    public Boolean safetyChecker;
    /** Per provider id; unmodifiable, maps included, in a {@link #frozen()} copy. */
    public Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();
    public Duration timeout;
    public boolean downloadOutputs = true;

    public RequestValues() {
    }

    /** Sets the size; a size clears the aspect ratio (a request has one or the other). */
    public void setSize(ImageSize size) {
        this.size = size;
        if (size != null) {
            this.aspectRatio = null;
        }
    }

    /** Sets the aspect ratio; a ratio clears the size. */
    public void setAspectRatio(AspectRatio ratio) {
        this.aspectRatio = ratio;
        if (ratio != null) {
            this.size = null;
        }
    }

    /** Makes {@code image} the only input image; null leaves none. */
    public void setInputImage(InputImage image) {
        inputImages.clear();
        if (image != null) {
            inputImages.add(image);
        }
    }

    /** {@return a copy to change further, e.g. for {@code ImageRequest.toBuilder()}} */
    public RequestValues copy() {
        RequestValues c = copyFields();
        for (Map.Entry<String, Map<String, Object>> e : providerOptions.entrySet()) { // a loop: no lambda on a fresh JVM
            c.providerOptions.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
        }
        return c;
    }

    /** {@return a copy for a request: the provider options unmodifiable, maps included} */
    public RequestValues frozen() {
        RequestValues c = copyFields();
        for (Map.Entry<String, Map<String, Object>> e : providerOptions.entrySet()) { // a loop: no lambda on a fresh JVM
            c.providerOptions.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
        }
        c.providerOptions = Collections.unmodifiableMap(c.providerOptions);
        return c;
    }

    /** Every field, in declaration order: what a request's equality and hash are made of. */
    public List<Object> values() {
        return Arrays.asList(model, provider, prompt, negativePrompt, size, aspectRatio, megapixels, nearestSize, count,
                seed, outputFormat, outputQuality, speedMode, steps, guidanceScale, inputImages, strength, mask, loras,
                safetyChecker, providerOptions, timeout, downloadOutputs);
    }

    /** A copy of every field but the provider options, which are left empty and modifiable. */
    private RequestValues copyFields() {
        RequestValues c = new RequestValues();
        c.model = model;
        c.provider = provider;
        c.prompt = prompt;
        c.negativePrompt = negativePrompt;
        c.size = size;
        c.aspectRatio = aspectRatio;
        c.megapixels = megapixels;
        c.nearestSize = nearestSize;
        c.count = count;
        c.seed = seed;
        c.outputFormat = outputFormat;
        c.outputQuality = outputQuality;
        c.speedMode = speedMode;
        c.steps = steps;
        c.guidanceScale = guidanceScale;
        c.inputImages.addAll(inputImages);
        c.strength = strength;
        c.mask = mask;
        c.loras.addAll(loras);
        c.safetyChecker = safetyChecker;
        c.timeout = timeout;
        c.downloadOutputs = downloadOutputs;
        return c;
    }
}

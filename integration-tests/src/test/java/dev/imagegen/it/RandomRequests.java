package dev.imagegen.it;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.imagegen.ImageRequest;
import dev.imagegen.InputImage;
import dev.imagegen.Lora;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.testing.TestImages;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Builds arbitrary requests, near and far from what the catalogs accept, from a source of choices: a seeded
 * {@link Random} for the property test, or Jazzer's {@link FuzzedDataProvider} for the fuzz test. A value the public
 * value types refuse at construction (their documented {@link IllegalArgumentException}) is replaced by a valid one, so
 * every request reaches the client's validation.
 */
final class RandomRequests {

    /** Where choices come from. */
    interface Source {
        int intIn(int min, int max);

        long anyLong();

        double anyDouble();

        boolean bool();

        String string(int maxLength);
    }

    static Source of(Random r) {
        return new Source() {
            @Override
            public int intIn(int min, int max) {
                return min + (int) Math.floorMod(r.nextLong(), (long) max - min + 1);
            }

            @Override
            public long anyLong() {
                return r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(5_000_000) - 10;
            }

            @Override
            public double anyDouble() {
                return switch (r.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> -r.nextDouble() * 10;
                    case 2 -> r.nextDouble() * 1e6;
                    default -> r.nextDouble() * 20;
                };
            }

            @Override
            public boolean bool() {
                return r.nextBoolean();
            }

            @Override
            public String string(int maxLength) {
                String[] pool = {"", " ", "a fox", "a lighthouse at dusk", "\u00d7", "\uD83C\uDF4B", "x".repeat(5000),
                        "line\nbreak", "'; DROP TABLE", "\u0000"};
                return pool[r.nextInt(pool.length)];
            }
        };
    }

    static Source of(FuzzedDataProvider d) {
        return new Source() {
            @Override
            public int intIn(int min, int max) {
                return d.consumeInt(min, max);
            }

            @Override
            public long anyLong() {
                return d.consumeLong();
            }

            @Override
            public double anyDouble() {
                return d.consumeDouble();
            }

            @Override
            public boolean bool() {
                return d.consumeBoolean();
            }

            @Override
            public String string(int maxLength) {
                return d.consumeString(maxLength);
            }
        };
    }

    static final List<String> MODELS = List.of("hidream-i1-fast", "hidream-i1-dev", "hidream-i1-full", "flux-cute-3d-kawaii",
            "hidream-l1", "hidream-l1-fast", "dall-e-3", "");
    static final List<String> PROVIDERS = List.of("lumoz", "segmind", "wavespeed", "lumenfall", "openai");
    static final List<String> FORMATS = List.of("png", "jpeg", "jpg", "webp", "gif", "avif", "bmp", "PNG");
    static final int[] SIDES = {0, 1, 64, 255, 256, 512, 768, 1024, 1360, 2048, 2049, 4096, -1, Integer.MAX_VALUE};

    /** A request builder; its build() may refuse the request with an InvalidRequestException. */
    static ImageRequest.Builder next(Source s) {
        ImageRequest.Builder b = ImageRequest.builder().model(MODELS.get(s.intIn(0, MODELS.size() - 1)))
                .prompt(s.intIn(0, 4) == 0 ? s.string(64) : "a lighthouse at dusk");
        if (s.bool()) {
            b.provider(PROVIDERS.get(s.intIn(0, PROVIDERS.size() - 1)));
        }
        if (s.bool()) {
            int w = SIDES[s.intIn(0, SIDES.length - 1)];
            int h = s.bool() ? w : SIDES[s.intIn(0, SIDES.length - 1)];
            if (w >= 1 && h >= 1) {
                b.size(w, h);
            }
        }
        if (s.intIn(0, 3) == 0) {
            b.aspectRatio(s.bool() ? "16:9" : s.bool() ? "1:1" : "7:3");
        }
        if (s.intIn(0, 4) == 0) {
            b.megapixels(s.bool() ? 0.25 : s.anyDouble());
        }
        if (s.bool()) {
            b.count(s.intIn(-1, 12));
        }
        if (s.bool()) {
            b.seed(s.anyLong());
        }
        if (s.intIn(0, 2) == 0) {
            String f = s.bool() ? FORMATS.get(s.intIn(0, FORMATS.size() - 1)) : s.string(8);
            try {
                b.outputFormat(OutputFormat.of(f));
            } catch (IllegalArgumentException refusedByTheValueType) {
                b.outputFormat(OutputFormat.PNG);
            }
        }
        if (s.intIn(0, 3) == 0) {
            b.outputQuality(s.intIn(-5, 120));
        }
        if (s.intIn(0, 3) == 0) {
            b.speedMode(SpeedMode.values()[s.intIn(0, SpeedMode.values().length - 1)]);
        }
        if (s.intIn(0, 3) == 0) {
            b.steps(s.intIn(-1, 200));
        }
        if (s.intIn(0, 3) == 0) {
            b.guidanceScale(s.anyDouble());
        }
        if (s.intIn(0, 4) == 0) {
            b.negativePrompt(s.string(32));
        }
        if (s.intIn(0, 5) == 0) {
            b.inputImage(InputImage.of(TestImages.png(8, 8)));
            if (s.bool()) {
                b.strength(s.anyDouble());
            }
        }
        if (s.intIn(0, 5) == 0) {
            double scale = s.anyDouble();
            b.addLora(s.bool() && Double.isFinite(scale) ? Lora.builtIn(scale) : Lora.builtIn(1.0));
        }
        if (s.intIn(0, 5) == 0) {
            b.safetyChecker(s.bool());
        }
        if (s.intIn(0, 6) == 0) {
            b.providerOption(PROVIDERS.get(s.intIn(0, 3)), s.bool() ? "seed" : s.string(12), s.bool() ? "7" : s.anyLong());
        }
        b.timeout(Duration.ofSeconds(5));
        return b;
    }
}

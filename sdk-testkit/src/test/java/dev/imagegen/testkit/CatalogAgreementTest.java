package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.Cost;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.ValueRange;
import dev.imagegen.provider.lumenfall.LumenfallProviderFactory;
import dev.imagegen.provider.segmind.SegmindProviderFactory;
import dev.imagegen.provider.wavespeed.WaveSpeedProviderFactory;
import dev.imagegen.testing.CallMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The emulator refuses exactly what the providers' catalogs refuse (issue 12). The testkit may not depend on the
 * provider modules outside its tests, so the emulator writes their rules out again; this test reads each catalog and
 * checks, value by value at the edges of every range, that the emulator answers 2xx where the catalog lets a request
 * through and 400 where it does not. A disagreement means either a paid request the vendor would refuse, or a test
 * against the emulator that cannot catch a catalog mistake.
 */
class CatalogAgreementTest extends EmulatorTestSupport {
    static ProviderEmulator emu;

    @BeforeAll
    static void start() {
        // a fixed image: the probes are about validation, not rendering
        emu = ProviderEmulator.builder().fixedImage(new ImageRenderer().render(new ImageRenderer.Spec(8, 8, "probe", 1,
                ImageFormat.PNG, -1, 0)), "image/png").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    /** One probe: a field value, whether the catalog allows it, and the emulator's status. */
    record Probe(String what, boolean catalogAllows, int status) {
        boolean agrees() {
            return catalogAllows ? status / 100 == 2 : status == 400;
        }
    }

    static void assertAgree(List<Probe> probes) {
        assertThat(probes).isNotEmpty();
        assertThat(probes).filteredOn(p -> !p.agrees()).as("catalog and emulator disagree").isEmpty();
        assertThat(probes).as("both answers exercised").anyMatch(Probe::catalogAllows).anyMatch(p -> !p.catalogAllows());
    }

    /** Values at and just past the edges of a range, plus its values outside the range. */
    static List<Double> edges(ValueRange r, double step) {
        List<Double> v = new ArrayList<>(List.of(r.min() - step, r.min(), r.max(), r.max() + step));
        v.addAll(r.alsoAllowed());
        for (double a : r.alsoAllowed()) {
            v.add(a - step);
            v.add(a + step);
        }
        return v;
    }

    static ObjectNode set(ObjectNode body, String field, double value, boolean integer) {
        if (integer) {
            body.put(field, (long) value);
        } else {
            body.put(field, value);
        }
        return body;
    }

    // ---------------------------------------------------------------- Lumenfall

    static ObjectNode lumenfallBody(ModelInfo m) {
        ObjectNode b = MAPPER.createObjectNode();
        b.put("model", m.vendorId());
        b.put("prompt", "probe");
        return b;
    }

    /** A dry run validates the request as a generation would, without generating. */
    static int lumenfall(ObjectNode body) {
        return postJson(emu.baseUrl("lumenfall") + "/images/generations?dryRun=true", body.toString(), "Authorization",
                bearer(emu)).statusCode();
    }

    static List<ModelInfo> lumenfallModels() {
        return new LumenfallProviderFactory().models();
    }

    @Test
    void lumenfallTablesAreTheCatalogs() {
        List<ModelInfo> models = lumenfallModels();
        assertThat(models).extracting(ModelInfo::vendorId).containsExactlyElementsOf(LumenfallRoutes.MODELS);
        assertThat(models.stream().filter(m -> m.accepts(RequestField.INPUT_IMAGE)).map(ModelInfo::vendorId))
                .containsExactlyElementsOf(LumenfallRoutes.EDIT_MODELS);
        for (ModelInfo m : models) {
            assertThat(m.sizes()).extracting(ImageSize::toString).as(m.id()).containsExactlyElementsOf(LumenfallRoutes.SIZES);
            assertThat(m.formats()).extracting(OutputFormat::name).as(m.id())
                    .containsExactlyInAnyOrderElementsOf(LumenfallRoutes.FORMATS);
            assertThat(m.seed().orElseThrow().max()).as(m.id()).isEqualTo((double) LumenfallRoutes.MAX_SEED);
        }
    }

    @Test
    void lumenfallRefusesWhatItsCatalogRefuses() {
        List<Probe> probes = new ArrayList<>();
        for (ModelInfo m : lumenfallModels()) {
            List<ImageSize> sizes = new ArrayList<>(m.sizes());
            sizes.addAll(List.of(ImageSize.of(999, 999), ImageSize.of(1024, 1025), ImageSize.of(256, 256),
                    ImageSize.of(2048, 2048)));
            for (ImageSize s : sizes) {
                ObjectNode b = lumenfallBody(m);
                b.put("size", s.toString());
                probes.add(new Probe(m.id() + " size " + s, m.allowsSize(s), lumenfall(b)));
            }
            List<String> formats = new ArrayList<>(List.of("bmp", "tiff"));
            m.formats().forEach(f -> formats.add(f.name()));
            for (String f : formats) {
                ObjectNode b = lumenfallBody(m);
                b.put("output_format", f);
                probes.add(new Probe(m.id() + " output_format " + f, m.formats().contains(OutputFormat.of(f)), lumenfall(b)));
            }
            range(probes, m, "seed", m.seed().orElseThrow(), 1);
            range(probes, m, "num_inference_steps", m.steps().orElseThrow(), 1);
            range(probes, m, "guidance_scale", m.guidanceScale().orElseThrow(), 0.5);
            range(probes, m, "output_compression", m.quality().orElseThrow(), 1);
            for (int n : new int[] {0, 1, m.maxCountPerCall(), m.maxCountPerCall() + 1}) {
                ObjectNode b = lumenfallBody(m);
                b.put("n", n);
                probes.add(new Probe(m.id() + " n " + n, n >= 1 && n <= m.maxCountPerCall(), lumenfall(b)));
            }
            byte[] png = new ImageRenderer().render(new ImageRenderer.Spec(64, 64, "src", 1, ImageFormat.PNG, -1, 0));
            Multipart edit = new Multipart().field("model", m.vendorId()).field("prompt", "probe")
                    .file("image", "a.png", "image/png", png).field("size", "1024x1024");
            probes.add(new Probe(m.id() + " edit", m.accepts(RequestField.INPUT_IMAGE), postMultipart(
                    emu.baseUrl("lumenfall") + "/images/edits?dryRun=true", edit, "Authorization", bearer(emu)).statusCode()));
        }
        assertAgree(probes);
        assertThat(probes).filteredOn(p -> p.what().endsWith("size 999x999")).as("issue 12").hasSize(3)
                .allMatch(p -> p.status() == 400);
        assertThat(probes).filteredOn(p -> p.what().matches(".*output_format (gif|avif)")).as("issue 12").hasSize(6)
                .allMatch(p -> p.status() == 200);
        assertThat(probes).filteredOn(p -> p.what().matches("hidream-i1-(dev|fast) edit")).as("issue 12").hasSize(2)
                .allMatch(p -> p.status() == 400);
    }

    @Test
    void lumenfallDryRunPricesAreTheCatalogs() {
        for (ModelInfo m : lumenfallModels()) {
            PriceFormula price = m.price().orElseThrow();
            assertThat(price.unit()).isEqualTo(PriceFormula.Unit.PER_IMAGE);
            assertThat(BigDecimal.valueOf(LumenfallRoutes.PRICES.get(m.vendorId()))).as(m.id())
                    .isEqualByComparingTo(price.rateUsd());
            ObjectNode b = lumenfallBody(m);
            b.put("n", 3);
            long micros = json(postJson(emu.baseUrl("lumenfall") + "/images/generations?dryRun=true", b.toString(),
                    "Authorization", bearer(emu))).get("total_cost_micros").asLong();
            assertThat(BigDecimal.valueOf(micros, 6)).as(m.id()).isEqualByComparingTo(price.estimate(3, null, null).amount());
        }
    }

    /**
     * Issue 12: the estimate of a request (Lumenfall: its dry run, $0.02 for hidream-i1-fast) differed from the cost on
     * its result (the catalog's $0.01), and WaveSpeed's hidream-i1-fast had no price, so {@code estimate()} threw.
     * Every model of every provider now has an estimate, and every one whose result carries an estimated cost gets
     * the same amount from {@code estimate()} and from the result, blocking and async. (Not compared: a cost the
     * vendor reports, such as Segmind's {@code x-cost}, and a price per GPU second, which the real generation time
     * settles.)
     */
    @ParameterizedTest
    @EnumSource(CallMode.class)
    void anEstimateIsTheCostOfTheSameRequest(CallMode mode) {
        List<String> compared = new ArrayList<>();
        try (ImageClient client = EmulatorClients.builder(emu).build()) {
            for (ModelInfo m : client.models()) {
                ImageRequest request = ImageRequest.builder().provider(m.providerId()).model(m.id()).prompt("probe")
                        .count(Math.min(2, m.maxCount())).build();
                int before = emu.requests().size();
                Cost estimate = client.estimate(request);
                if (m.providerId().equals("lumenfall")) {
                    assertThat(emu.requests().subList(before, emu.requests().size())).as("the vendor's dry run was asked")
                            .anyMatch(c -> c.pathAndQuery().contains("dryRun=true"));
                }
                Cost cost = mode.generate(client, request).cost().orElseThrow();
                if (cost.kind() == Cost.Kind.ESTIMATED && m.price().orElseThrow().unit() != PriceFormula.Unit.PER_SECOND) {
                    assertThat(estimate.amount()).as(m.toString()).isEqualByComparingTo(cost.amount());
                    assertThat(estimate.currency()).isEqualTo(cost.currency());
                    compared.add(m.toString());
                }
            }
        }
        assertThat(compared).contains("lumenfall/hidream-i1-fast", "lumenfall/hidream-i1-dev", "lumenfall/hidream-i1-full",
                "wavespeed/hidream-i1-fast (wavespeed-ai/hidream-i1-fast)");
    }

    /** A price configured on the client is what results cost, so it is what {@code estimate()} answers: no dry run. */
    @Test
    void aConfiguredPriceWinsOverTheDryRun() {
        try (ImageClient client = EmulatorClients.builder(emu)
                .price("lumenfall", "hidream-i1-fast", PriceFormula.perImage("0.004")).build()) {
            ImageRequest request = ImageRequest.builder().provider("lumenfall").model("hidream-i1-fast").prompt("probe")
                    .count(2).build();
            emu.clearRequests();
            assertThat(client.estimate(request).amount()).isEqualByComparingTo("0.008");
            assertThat(emu.requests()).as("no dry run: the configured price answers").isEmpty();
            assertThat(client.generate(request).cost().orElseThrow().amount()).isEqualByComparingTo("0.008");
            assertThat(client.estimate(ImageRequest.builder().provider("lumenfall").model("hidream-i1-dev").prompt("probe")
                    .build()).amount()).as("other models still ask the vendor").isEqualByComparingTo("0.03");
            assertThat(emu.requests()).anyMatch(c -> c.pathAndQuery().contains("dryRun=true"));
        }
    }

    static void range(List<Probe> probes, ModelInfo m, String wireField, ValueRange r, double step) {
        for (double v : edges(r, step)) {
            ObjectNode b = set(lumenfallBody(m), wireField, v, r.integer());
            probes.add(new Probe(m.id() + " " + wireField + " " + v, r.contains(v), lumenfall(b)));
        }
    }

    // ---------------------------------------------------------------- Segmind

    static int segmind(Consumer<ObjectNode> fields) {
        ObjectNode b = MAPPER.createObjectNode();
        b.put("prompt", "probe");
        fields.accept(b);
        return postJson(emu.baseUrl("segmind") + "/v1/hidream-l1-fast", b.toString(), "x-api-key", emu.apiKey())
                .statusCode();
    }

    @Test
    void segmindRefusesWhatItsCatalogRefuses() {
        ModelInfo m = new SegmindProviderFactory().models().get(0);
        assertThat(m.vendorId()).isEqualTo(SegmindRoutes.MODEL);
        assertThat(SegmindRoutes.RESOLUTIONS.stream().map(LumozRoutes::labelSize).map(wh -> ImageSize.of(wh[0], wh[1])))
                .containsExactlyElementsOf(m.sizes());
        List<Probe> probes = new ArrayList<>();
        ValueRange seed = m.seed().orElseThrow();
        List<Double> seeds = edges(seed, 1);
        seeds.add(-9.0);
        for (double v : seeds) {
            // (long) saturates: the top edge is sent as Long.MAX_VALUE
            probes.add(new Probe("seed " + (long) v, seed.contains(v), segmind(b -> b.put("seed", (long) v))));
        }
        for (double v : edges(m.quality().orElseThrow(), 1)) {
            probes.add(new Probe("output_quality " + v, m.quality().orElseThrow().contains(v),
                    segmind(b -> b.put("output_quality", (long) v))));
        }
        for (String f : List.of("png", "jpg", "webp", "gif", "avif")) {
            OutputFormat neutral = OutputFormat.of(f);
            probes.add(new Probe("output_format " + f, m.formats().contains(neutral), segmind(b -> b.put("output_format", f))));
        }
        assertAgree(probes);
        assertThat(probes).filteredOn(p -> p.what().equals("seed 0")).as("issue 12: Segmind documents -1 or positive")
                .isNotEmpty().allMatch(p -> !p.catalogAllows() && p.status() == 400);
    }

    // ---------------------------------------------------------------- WaveSpeed

    @Test
    void waveSpeedRefusesWhatItsCatalogRefuses() {
        List<Probe> probes = new ArrayList<>();
        for (ModelInfo m : new WaveSpeedProviderFactory().models()) {
            String url = emu.baseUrl("wavespeed") + "/api/v2/" + m.vendorId();
            List<Integer> sides = List.of(m.minSide() - 1, m.minSide(), m.maxSide(), m.maxSide() + 1);
            for (int w : sides) {
                ImageSize s = ImageSize.of(w, 1024);
                ObjectNode b = MAPPER.createObjectNode().put("prompt", "probe").put("size", w + "*1024");
                probes.add(new Probe(m.id() + " size " + s, m.allowsSize(s),
                        postJson(url, b.toString(), "Authorization", bearer(emu)).statusCode()));
            }
            ValueRange seed = m.seed().orElseThrow();
            for (double v : edges(seed, 1)) {
                ObjectNode b = MAPPER.createObjectNode().put("prompt", "probe").put("seed", (long) v);
                probes.add(new Probe(m.id() + " seed " + (long) v, seed.contains(v),
                        postJson(url, b.toString(), "Authorization", bearer(emu)).statusCode()));
            }
            for (String f : List.of("jpeg", "png", "webp")) {
                ObjectNode b = MAPPER.createObjectNode().put("prompt", "probe").put("output_format", f);
                probes.add(new Probe(m.id() + " output_format " + f, m.formats().contains(OutputFormat.of(f)),
                        postJson(url, b.toString(), "Authorization", bearer(emu)).statusCode()));
            }
        }
        assertAgree(probes);
    }
}

package dev.imagegen.provider.lumoz;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The urlencoded run bodies, compared byte for byte with fixture files written independently of this module
 * (UTF-8 percent-encoding, space as '+', × as %C3%97, the emoji as four bytes each).
 */
class LumozRequestBodyTest extends LumozTestSupport {

    static final String CHEETAH = "a purple cheetah holding a sign that says \"LumozAI\"";
    static final String FOX = "a red fox in the snow";
    static final String KAWAII_PROMPT = "Cute 3d Kawaii, a cartoon figure on a light blue surface";

    /** Sends the request, answers it, and returns the recorded run request. */
    RecordedRequest send(ImageRequest r) throws InterruptedException {
        enqueueRunSuccess();
        ImageResult result = client.generate(r);
        RecordedRequest run = take();
        assertThat(result.image().bytes()).isNotEmpty();
        assertThat(take().getHeaders().get("Authorization")).as("credential on the download").isNull();
        assertThat(run.getMethod()).isEqualTo("POST");
        assertThat(run.getUrl().encodedPath()).isEqualTo("/api/v4/run");
        assertThat(run.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(run.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(run.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        return run;
    }

    void assertBody(RecordedRequest run, String fixture) {
        assertThat(run.getBody().utf8()).isEqualTo(fixture("requests/" + fixture + ".form"));
    }

    @ParameterizedTest
    @EnumSource(SpeedMode.class)
    void hidreamSpeedModesAreSentAsTheVendorsEmojiStrings(SpeedMode mode) throws Exception {
        RecordedRequest run = send(request(HIDREAM, CHEETAH).seed(10L).speedMode(mode)
                .outputFormat(OutputFormat.PNG).outputQuality(80).build());
        assertBody(run, "hidream-speed-" + mode.name().toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @CsvSource({"1024,1024", "768,1360", "1360,768", "880,1168", "1168,880", "1248,832", "832,1248"})
    void hidreamSizesAreSentAsTheVendorsResolutionLabels(int w, int h) throws Exception {
        RecordedRequest run = send(request(HIDREAM, FOX).size(w, h).build());
        assertBody(run, "hidream-resolution-" + w + "x" + h);
    }

    @ParameterizedTest
    @CsvSource({"1:1,1024x1024", "9:16,768x1360", "16:9,1360x768", "3:4,880x1168", "4:3,1168x880", "3:2,1248x832",
            "2:3,832x1248"})
    void hidreamAspectRatiosPickTheResolutionOfThatShape(String ratio, String size) throws Exception {
        RecordedRequest run = send(request(HIDREAM, FOX).aspectRatio(ratio).build());
        assertBody(run, "hidream-resolution-" + size);
    }

    @Test
    void hidreamMinimalRequestSendsTheVendorsRequiredFieldsWithDefaults() throws Exception {
        // canonical id and vendor id both reach the same model; no seed means none is sent
        assertBody(send(request("hidream-i1-fast", FOX).build()), "hidream-resolution-1024x1024");
        assertBody(send(request(HIDREAM, FOX).build()), "hidream-resolution-1024x1024");
    }

    @Test
    void providerOptionsAreMergedLastReplacingAndAppendingFields() throws Exception {
        RecordedRequest run = send(request(HIDREAM, FOX).size(1360, 768).speedMode(SpeedMode.FASTEST)
                .outputFormat(OutputFormat.JPEG).outputQuality(70)
                .providerOption(ID, "output_quality", 95)
                .providerOption(ID, "webhook", "https://example.com/hooks/lumoz?x=1&y=2")
                .build());
        assertBody(run, "hidream-options-override");
    }

    static Stream<Arguments> kawaiiRatios() {
        return LumozCatalog.FLUX_RATIOS.entrySet().stream().flatMap(e -> Stream.of(
                Arguments.of(e.getKey(), e.getValue(), "1", 1.0),
                Arguments.of(e.getKey(), ImageSize.of(e.getValue().width() / 2, e.getValue().height() / 2), "0.25", 0.25)));
    }

    @ParameterizedTest(name = "{0} at {2} MP")
    @MethodSource("kawaiiRatios")
    void kawaiiAspectRatioAndMegapixels(AspectRatio ratio, ImageSize size, String mp, double megapixels) throws Exception {
        String fixture = "kawaii-" + ratio.width() + "x" + ratio.height() + "-mp" + mp;
        assertBody(send(request(KAWAII, KAWAII_PROMPT).aspectRatio(ratio).megapixels(megapixels).build()), fixture);
    }

    @ParameterizedTest(name = "{1} is {0} at {2} MP")
    @MethodSource("kawaiiRatios")
    void kawaiiSizeIsSentAsItsAspectRatioAndMegapixels(AspectRatio ratio, ImageSize size, String mp, double megapixels)
            throws Exception {
        String fixture = "kawaii-" + ratio.width() + "x" + ratio.height() + "-mp" + mp;
        assertBody(send(request(KAWAII, KAWAII_PROMPT).size(size).build()), fixture);
    }

    @Test
    void kawaiiTheElevenRatiosAreTheVendorsInItsOrder() {
        assertThat(LumozCatalog.FLUX_RATIOS.keySet()).extracting(AspectRatio::toString)
                .containsExactly("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");
    }

    @Test
    void kawaiiMinimalRequestIsSquareAtOneMegapixelInWebp() throws Exception {
        assertBody(send(request(KAWAII, KAWAII_PROMPT).build()), "kawaii-1x1-mp1");
    }

    @Test
    void kawaiiEveryFieldWithJpegAsJpgAndAWebhook() throws Exception {
        RecordedRequest run = send(request(KAWAII, "Cute 3d Kawaii, a panda with a yellow t-shirt")
                .aspectRatio("16:9").megapixels(1.0).steps(28).guidanceScale(3.5).seed(42L)
                .outputFormat(OutputFormat.JPEG).outputQuality(90).loraScale(0.8)
                .providerOption(ID, "webhook", "https://example.com/hook")
                .build());
        assertBody(run, "kawaii-full");
    }

    @Test
    void kawaiiRangeEdgesAreWrittenAsPlainNumbers() throws Exception {
        RecordedRequest run = send(request(KAWAII, "Cute 3d Kawaii, a panda with a yellow t-shirt")
                .size(512, 512).guidanceScale(0.0).seed(0L).outputFormat(OutputFormat.PNG).outputQuality(0)
                .loraScale(-1).build());
        assertBody(run, "kawaii-negative-lora");
    }
}

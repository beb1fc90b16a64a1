package dev.imagegen.provider.lumoz;

import dev.imagegen.InputImage;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.Fixtures.Part;
import dev.imagegen.testing.TestImages;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Image-to-image: the input image goes as a file part, so the whole body is multipart; checked part by part. */
class LumozMultipartTest extends LumozTestSupport {

    static final String PROMPT = "Cute 3d Kawaii, a panda with a yellow t-shirt \u00d7 \uD83D\uDE80";

    RecordedRequest sendAndTakeRun(dev.imagegen.ImageRequest r) throws InterruptedException {
        enqueueRunSuccess();
        client.generate(r).image().bytes();
        RecordedRequest run = take();
        take();
        return run;
    }

    @Test
    void inputImageAndStrengthAreAFilePartAndPromptStrength() throws Exception {
        byte[] png = TestImages.png(40, 30);
        RecordedRequest run = sendAndTakeRun(request(KAWAII, PROMPT).aspectRatio("3:2")
                .inputImage(InputImage.of(png, "image/png", "source.png")).strength(0.65)
                .steps(30).seed(7L).loraScale(1.25).build());

        assertThat(run.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(run.getHeaders().get("Accept")).isEqualTo("application/json");
        Map<String, Part> parts = Fixtures.multipart(run);
        assertThat(parts.keySet()).containsExactly("model_id", "prompt", "aspect_ratio", "image", "prompt_strength",
                "num_inference_steps", "seed", "output_format", "lora_scale", "megapixels");

        Part image = parts.get("image");
        assertThat(image.headers().get("content-disposition"))
                .isEqualTo("form-data; name=\"image\"; filename=\"source.png\"");
        assertThat(image.headers().get("content-type")).isEqualTo("image/png");
        assertThat(image.data()).isEqualTo(png);

        assertThat(parts.get("model_id").text()).isEqualTo("flux-cute-3d-kawaii");
        assertThat(parts.get("prompt").text()).isEqualTo(PROMPT);
        assertThat(parts.get("prompt").headers()).doesNotContainKey("content-type")
                .containsEntry("content-disposition", "form-data; name=\"prompt\"");
        assertThat(parts.get("aspect_ratio").text()).isEqualTo("3:2");
        assertThat(parts.get("prompt_strength").text()).isEqualTo("0.65");
        assertThat(parts.get("num_inference_steps").text()).isEqualTo("30");
        assertThat(parts.get("seed").text()).isEqualTo("7");
        assertThat(parts.get("output_format").text()).isEqualTo("webp");
        assertThat(parts.get("lora_scale").text()).isEqualTo("1.25");
        assertThat(parts.get("megapixels").text()).isEqualTo("1");
    }

    @Test
    void withoutAStrengthTheVendorDefaultIsSentWithTheImage() throws Exception {
        byte[] jpeg = TestImages.jpeg(16, 16);
        RecordedRequest run = sendAndTakeRun(request(KAWAII, "Cute 3d Kawaii, a cat").size(448, 576)
                .inputImage(InputImage.of(jpeg)).build());
        Map<String, Part> parts = Fixtures.multipart(run);
        assertThat(parts.get("image").headers().get("content-type")).isEqualTo("image/jpeg");
        assertThat(parts.get("image").headers().get("content-disposition")).contains("filename=\"image.jpg\"");
        assertThat(parts.get("image").data()).isEqualTo(jpeg);
        assertThat(parts.get("prompt_strength").text()).isEqualTo("0.8");
        assertThat(parts.get("aspect_ratio").text()).isEqualTo("3:4");
        assertThat(parts.get("megapixels").text()).isEqualTo("0.25");
    }

    @Test
    void withoutAnImageNoStrengthIsSent() throws Exception {
        RecordedRequest run = sendAndTakeRun(request(KAWAII, "Cute 3d Kawaii, a cat").build());
        assertThat(run.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(run.getBody().utf8()).doesNotContain("prompt_strength").doesNotContain("image=");
    }
}

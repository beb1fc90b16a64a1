package dev.imagegen.examples.spring;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutputFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /images}: one generated PNG per call, through the auto-configured {@link ImageClient}. */
@RestController
class ImageController {

    private final ImageClient images;

    ImageController(ImageClient images) {
        this.images = images;
    }

    /**
     * What to generate; {@code model} and the size have defaults.
     *
     * @param prompt what the image shows
     * @param model  a canonical model id, e.g. {@code hidream-i1-fast}
     * @param width  pixels
     * @param height pixels
     */
    record GenerateImage(String prompt, String model, Integer width, Integer height) {
    }

    @PostMapping(path = "/images", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> generate(@RequestBody GenerateImage body) {
        ImageResult result = images.generate(ImageRequest.builder()
                .model(body.model() != null ? body.model() : "hidream-i1-fast")
                .prompt(body.prompt())
                .size(body.width() != null ? body.width() : 1024, body.height() != null ? body.height() : 1024)
                .outputFormat(OutputFormat.PNG)
                .build());
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header("X-Imagegen-Provider", result.provider())
                .body(result.image().bytes());
    }

    /** The request does not fit the model (a size it does not offer, a missing prompt): the caller's mistake. */
    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    /** Every other SDK error is the vendor's side failing: a bad gateway, retryable when the SDK says so. */
    @ExceptionHandler(ImageGenerationException.class)
    ResponseEntity<ProblemDetail> failed(ImageGenerationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setProperty("retryable", e.isRetryable());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

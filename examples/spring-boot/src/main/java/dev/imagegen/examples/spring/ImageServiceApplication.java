package dev.imagegen.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web service that generates images: {@code POST /images} with {@code {"prompt": "..."}} answers a PNG. The
 * {@link dev.imagegen.ImageClient} it uses comes from imagegen-spring-boot-starter, configured by
 * {@code application.properties} (the emulator, as shipped); {@code /actuator/health} shows its {@code imagegen}
 * component.
 *
 * <pre>
 * curl -s -X POST localhost:8080/images -H 'Content-Type: application/json' -d '{"prompt":"a red fox"}' -o fox.png
 * </pre>
 */
@SpringBootApplication
public class ImageServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImageServiceApplication.class, args);
    }
}

package dev.imagegen.provider.lumenfall;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;

import java.util.Base64;

/**
 * Lumenfall passes the shared provider contract. Full and fast answer with {@code b64_json}; dev answers with a URL
 * on the test server, so the contract also checks that the download carries no credential.
 */
class LumenfallContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new LumenfallProviderFactory();
    }

    @Override
    protected String basePath() {
        return LumenfallTestSupport.BASE_PATH;
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        if (model.id().equals(LumenfallCatalog.DEV)) {
            server.enqueue(LumenfallTestSupport.urlResponse(serverUrl("/storage/dev.png")));
            server.enqueue(Fixtures.image(TestImages.png(64, 48), "image/png"));
        } else {
            server.enqueue(LumenfallTestSupport.b64Response(Base64.getEncoder().encodeToString(TestImages.png(64, 48))));
        }
    }

    @Override
    protected void enqueueError(int status, String message) {
        String code = switch (status) {
            case 401 -> "AUTHENTICATION_FAILED";
            case 402 -> "INSUFFICIENT_BALANCE";
            case 400 -> "INVALID_REQUEST";
            case 404 -> "MODEL_NOT_FOUND";
            case 429 -> "RATE_LIMITED";
            default -> "UPSTREAM_ERROR";
        };
        server.enqueue(LumenfallTestSupport.json(status,
                "{\"error\":{\"message\":\"" + message + "\",\"type\":\"error\",\"code\":\"" + code + "\"}}"));
    }
}

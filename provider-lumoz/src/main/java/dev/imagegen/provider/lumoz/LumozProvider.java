package dev.imagegen.provider.lumoz;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.math.BigDecimal;

/** LumozAI's translation: the request mapper, the response parser and the error mapper of one configuration. */
final class LumozProvider implements ImageProvider {

    private final LumozRequestMapper mapper;
    private final BigDecimal fluxPrice;
    // the error mapper (its class compiles several patterns) and the parser are built on first use: the options are
    // checked above, and a client that never calls Lumoz never loads them
    private volatile LumozResponseParser parser;

    LumozProvider(ProviderConfig config) {
        this.mapper = new LumozRequestMapper(config);
        this.fluxPrice = fluxPrice(config);
    }

    private LumozResponseParser parser() {
        LumozResponseParser p = parser;
        if (p == null) {
            synchronized (this) {
                p = parser;
                if (p == null) {
                    p = new LumozResponseParser(mapper, new LumozErrorMapper(), fluxPrice);
                    parser = p;
                }
            }
        }
        return p;
    }

    private static BigDecimal fluxPrice(ProviderConfig config) {
        String v = config.option(LumozOptions.FLUX_PRICE_PER_IMAGE, LumozOptions.DEFAULT_FLUX_PRICE_PER_IMAGE).trim();
        try {
            BigDecimal price = new BigDecimal(v);
            if (price.signum() < 0) {
                throw new NumberFormatException("negative");
            }
            return price;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lumoz option " + LumozOptions.FLUX_PRICE_PER_IMAGE
                    + " must be a USD amount such as 0.03, got '" + v + "'", e);
        }
    }

    @Override
    public String id() {
        return LumozCatalog.PROVIDER_ID;
    }

    @Override
    public WireRequest prepare(ImageRequest request, ModelInfo model) {
        return mapper.run(request, model);
    }

    @Override
    public ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response) {
        return parser().run(model, response);
    }

    @Override
    public ImageGenerationException mapError(WireResponse response) {
        return parser().errors().fromStatus(response);
    }

    @Override
    public WireRequest pollRequest(JobHandle job) {
        return mapper.check(job);
    }

    @Override
    public JobUpdate parsePoll(JobHandle job, WireResponse response) {
        return parser().check(job, response);
    }
}

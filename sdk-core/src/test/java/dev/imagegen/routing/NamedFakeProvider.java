package dev.imagegen.routing;

import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.ValueRange;
import dev.imagegen.fake.FakeProviderFactory;

import java.util.List;

/**
 * The core's fake provider under another id and price, so one client can hold several vendors serving the same
 * canonical model ids ({@code fake-sync}, {@code fake-job}).
 */
final class NamedFakeProvider extends FakeProviderFactory {

    private final String id;
    private final String price;
    private final List<ImageSize> sizes;

    NamedFakeProvider(String id, String price) {
        this(id, price, List.of(ImageSize.of(512, 512), ImageSize.of(1024, 1024), ImageSize.of(1360, 768)));
    }

    NamedFakeProvider(String id, String price, List<ImageSize> sizes) {
        this.id = id;
        this.price = price;
        this.sizes = sizes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        ModelInfo.Builder sync = ModelInfo.builder(id, "fake-sync").vendorId("vendor-sync-1").sizes(sizes)
                .formats(List.of(OutputFormat.PNG, OutputFormat.JPEG))
                .quality(ValueRange.ofInts(1, 100))
                .seed(ValueRange.ofInts(-1, 9_999_999_999L))
                .count(2, 8);
        ModelInfo.Builder job = ModelInfo.builder(id, "fake-job").sizeRange(256, 2048, 64).formats(List.of(OutputFormat.PNG))
                .count(1, 4).asynchronous(true);
        if (price != null) {
            sync.price(PriceFormula.perImage(price));
            job.price(PriceFormula.perImage(price));
        }
        return List.of(sync.build(), job.build());
    }
}

package dev.imagegen.micrometer;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an observation of one provider call knows: the GenAI client inference operation of
 * {@link ImagegenObservations}, from the moment a request starts on a provider (or fails over to it) to its answer,
 * its error, or the next failover. A {@link SenderContext} of kind {@link Kind#CLIENT}, so a tracing handler makes it a
 * client span and writes the trace headers it would propagate into {@link #getCarrier() the carrier}. Read by
 * {@link ProviderCallObservationConvention}s; the values are set by {@link ImagegenObservations} only.
 */
public final class ProviderCallObservationContext extends SenderContext<Map<String, String>> {

    private final long operationId;
    private final String provider;
    private final String model;
    private final int count;
    private volatile String serverAddress;
    private volatile int serverPort = -1;
    private volatile String errorType;
    private volatile String responseId;

    ProviderCallObservationContext(long operationId, String provider, String model, int count) {
        super((carrier, key, value) -> {
            if (carrier != null && key != null && value != null) {
                carrier.put(key, value);
            }
        }, Kind.CLIENT);
        setCarrier(new ConcurrentHashMap<>(4));
        setRemoteServiceName(provider);
        this.operationId = operationId;
        this.provider = provider;
        this.model = model;
        this.count = count;
    }

    /** The core's id of the request this call serves ({@code ImageEventListener} events carry it). */
    public long getOperationId() {
        return operationId;
    }

    /** The provider id, e.g. {@code segmind}. */
    public String getProvider() {
        return provider;
    }

    /** The canonical catalog model id requested, e.g. {@code hidream-i1-fast}; null if the core did not say. */
    public String getModel() {
        return model;
    }

    /** How many images the request asked for. */
    public int getCount() {
        return count;
    }

    /** The API host of the call's first exchange that was not an output download; null before it. */
    public String getServerAddress() {
        return serverAddress;
    }

    /** The API port, when known (only from the request URLs seen by {@link ImagegenObservations#propagation()}); -1 otherwise. */
    public int getServerPort() {
        return serverPort;
    }

    /**
     * The class name of the exception the call ended with (e.g. {@code dev.imagegen.RateLimitedException}),
     * {@code cancelled} or {@code abandoned}; null while open and after a success.
     */
    public String getErrorType() {
        return errorType;
    }

    /** The vendor's request id, on the call that served the request, when it gave one; else null. */
    public String getResponseId() {
        return responseId;
    }

    void serverAddress(String host) {
        this.serverAddress = host;
    }

    void serverPort(int port) {
        this.serverPort = port;
    }

    void errorType(String errorType) {
        this.errorType = errorType;
    }

    void responseId(String responseId) {
        this.responseId = responseId;
    }
}

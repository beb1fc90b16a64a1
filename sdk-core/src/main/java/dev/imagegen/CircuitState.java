package dev.imagegen;

/** The state of a provider's circuit breaker (see {@link ProviderLimits} and {@link ImageClient#circuitStates()}). */
public enum CircuitState {
    /** Calls go through; their failures are counted over the window. */
    CLOSED,
    /** Calls are refused with a {@link CircuitOpenException}, nothing sent, until the cool-down ends. */
    OPEN,
    /** The cool-down ended: the next call is let through as a probe; its outcome closes or reopens the circuit. */
    HALF_OPEN
}

/**
 * The provider-neutral API of imagegen-java: {@link dev.imagegen.ImageClient}, the request and result types, the
 * model catalog, routing, limits, budgets, events and the exception hierarchy.
 *
 * <p>Nothing here accepts or returns null unless it is annotated {@link org.jspecify.annotations.Nullable}; what may
 * be absent is usually an {@link java.util.Optional}.
 */
@NullMarked
package dev.imagegen;

import org.jspecify.annotations.NullMarked;

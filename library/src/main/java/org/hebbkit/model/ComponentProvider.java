package org.hebbkit.model;

import java.util.List;

/**
 * A source of {@link Component}s found by {@link java.util.ServiceLoader}: to let presets name a rule of
 * your own, write it as a record implementing {@code LearningRule} (or {@code Competition},
 * {@code Response}, {@code LearningRateSchedule}, {@code Activation}), implement this interface, and list
 * the class in {@code META-INF/services/org.hebbkit.model.ComponentProvider}. Or call
 * {@link Components#register} (e.g. from a notebook).
 *
 * <pre>{@code
 * public final class MyRules implements ComponentProvider {
 *     public List<Component<?>> components() {
 *         return List.of(new Component<>(LearningRule.class, "my-rule", MyRule.class, "dW = ...", "me 2026"));
 *     }
 * }
 * }</pre>
 */
public interface ComponentProvider {

    /** The components this provider contributes. */
    List<Component<?>> components();
}

package org.hebbkit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.hebbkit.nn.Activation;
import org.hebbkit.nn.Preprocessing;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.LearningRateSchedule;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.Response;

/**
 * The registry of {@link Component}s that presets name by type: HebbKit's built-ins plus every
 * {@link ComponentProvider} on the class path ({@link ServiceLoader}), plus those {@link #register registered}
 * at run time. A type name is unique within its kind.
 *
 * <pre>{@code
 * Class<? extends LearningRule> oja = Components.implementation(LearningRule.class, "oja");
 * String name = Components.typeOf(new Oja());   // "oja"
 * }</pre>
 */
public final class Components {

    /** The interfaces whose implementations presets name by type. */
    public static final List<Class<?>> KINDS = List.of(LearningRule.class, Competition.class, Response.class,
            LearningRateSchedule.class, Activation.class, Preprocessing.class);

    private static final Map<Class<?>, Map<String, Component<?>>> BY_KIND = new LinkedHashMap<>();
    private static boolean loaded;

    private Components() {}

    private static synchronized Map<Class<?>, Map<String, Component<?>>> registry() {
        if (!loaded) {
            KINDS.forEach(kind -> BY_KIND.put(kind, new LinkedHashMap<>()));
            for (ComponentProvider provider : ServiceLoader.load(ComponentProvider.class, Components.class.getClassLoader())) {
                provider.components().forEach(Components::add);
            }
            loaded = true;
        }
        return BY_KIND;
    }

    /**
     * Adds a component (e.g. a rule of your own, from a notebook).
     *
     * @throws IllegalArgumentException if its kind is not one of {@link #KINDS} or its type name is taken
     */
    public static synchronized void register(Component<?> component) {
        registry();
        add(component);
    }

    private static void add(Component<?> component) {
        Map<String, Component<?>> kind = BY_KIND.get(component.kind());
        if (kind == null) {
            throw new IllegalArgumentException("component " + component.type() + " has kind " + component.kind().getSimpleName()
                    + "; kinds: " + KINDS.stream().map(Class::getSimpleName).toList());
        }
        Component<?> previous = kind.get(component.type());
        if (previous != null && !previous.implementation().equals(component.implementation())) {
            throw new IllegalArgumentException(component.kind().getSimpleName() + " type '" + component.type()
                    + "' is already registered for " + previous.implementation().getName());
        }
        kind.put(component.type(), component);
    }

    /** Every component, by kind, in registration order. */
    public static synchronized List<Component<?>> all() {
        List<Component<?>> all = new ArrayList<>();
        registry().values().forEach(kind -> all.addAll(kind.values()));
        return all;
    }

    /** Whether presets name implementations of {@code type} by type (it is one of {@link #KINDS}). */
    public static boolean isKind(Class<?> type) {
        return KINDS.contains(type);
    }

    /**
     * @param kind one of {@link #KINDS}
     * @param type the name in presets
     * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
     */
    public static synchronized <T> Class<? extends T> implementation(Class<T> kind, String type) {
        Component<?> component = registry().get(kind).get(type);
        if (component == null) {
            throw new IllegalArgumentException("unknown " + label(kind) + " type '" + type + "'; valid: "
                    + String.join(", ", registry().get(kind).keySet()));
        }
        return component.implementation().asSubclass(kind);
    }

    /**
     * @param component an instance of a registered record
     * @return its type name
     * @throws IllegalArgumentException if its class is not registered
     */
    public static synchronized String typeOf(Object component) {
        for (Map<String, Component<?>> kind : registry().values()) {
            for (Component<?> candidate : kind.values()) {
                if (candidate.implementation().equals(component.getClass())) {
                    return candidate.type();
                }
            }
        }
        throw new IllegalArgumentException(component.getClass().getName() + " is not a registered component: register it"
                + " with Components.register or a ComponentProvider so that presets and checkpoints can name it");
    }

    /** {@code "learning rule"} for {@code LearningRule}, and so on. */
    static String label(Class<?> kind) {
        return kind.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}

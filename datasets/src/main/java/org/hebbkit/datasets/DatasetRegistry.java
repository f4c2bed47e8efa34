package org.hebbkit.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The datasets HebbKit knows: every {@link DatasetDescription} that {@link ServiceLoader} finds (through this
 * module's class loader and the calling thread's context class loader, so a notebook's or a test's jar is found
 * too) and those {@link #register registered} at run time. Names are matched without regard to case, against the
 * canonical name and the aliases.
 *
 * <pre>{@code
 * DatasetRegistry.names();                       // [mnist, fashion-mnist, cifar-10, cifar-100]
 * DatasetRegistry.find("CIFAR10").name();        // "cifar-10"
 * }</pre>
 */
public final class DatasetRegistry {

    private static final List<DatasetDescription> REGISTERED = new CopyOnWriteArrayList<>();

    private DatasetRegistry() {}

    /**
     * Every dataset, the built-in ones first, one per canonical name (the first found wins).
     */
    public static List<DatasetDescription> all() {
        Map<String, DatasetDescription> byName = new LinkedHashMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(DatasetDescription.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            for (DatasetDescription description : ServiceLoader.load(DatasetDescription.class, loader)) {
                byName.putIfAbsent(description.name(), description);
            }
        }
        for (DatasetDescription description : REGISTERED) {
            byName.putIfAbsent(description.name(), description);
        }
        return List.copyOf(byName.values());
    }

    /** The canonical names, in {@link #all()}'s order. */
    public static List<String> names() {
        return all().stream().map(DatasetDescription::name).toList();
    }

    /** The names with their aliases, for help texts: {@code "mnist, fashion-mnist, cifar-10 (cifar10), ..."}. */
    public static String namesWithAliases() {
        List<String> shown = new ArrayList<>();
        for (DatasetDescription description : all()) {
            shown.add(description.aliases().isEmpty() ? description.name()
                    : description.name() + " (" + String.join(", ", description.aliases()) + ")");
        }
        return String.join(", ", shown);
    }

    /** The dataset a name or alias stands for, if any. */
    public static Optional<DatasetDescription> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (DatasetDescription description : all()) {
            if (description.name().equals(wanted)
                    || description.aliases().stream().anyMatch(alias -> alias.toLowerCase(Locale.ROOT).equals(wanted))) {
                return Optional.of(description);
            }
        }
        return Optional.empty();
    }

    /**
     * The dataset a name or alias stands for.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DatasetDescription find(String name) {
        return lookup(name).orElseThrow(() -> new IllegalArgumentException("Unknown dataset '" + name
                + "'. Valid datasets: " + namesWithAliases() + "; to add one, put its DatasetDescription on the class path"
                + " (docs/extending.md)"));
    }

    /**
     * Adds a dataset for this JVM (a notebook cell's own description); a ServiceLoader entry is the way for a jar.
     *
     * @throws IllegalArgumentException when the name or an alias is already taken by another dataset
     */
    public static void register(DatasetDescription description) {
        List<String> names = new ArrayList<>(description.aliases());
        names.add(description.name());
        for (String name : names) {
            Optional<DatasetDescription> taken = lookup(name);
            if (taken.isPresent() && !taken.get().getClass().equals(description.getClass())) {
                throw new IllegalArgumentException("dataset name '" + name + "' is taken by " + taken.get().name()
                        + "; choose another name for " + description.getClass().getName());
            }
        }
        if (lookup(description.name()).isEmpty()) {
            REGISTERED.add(description);
        }
    }
}

package org.hebbkit.model;

/**
 * One registered building block that presets name by type: a learning rule, a competition, a response,
 * a learning-rate schedule or an activation. Its parameters are the components of its record class, so
 * {@code {"type": "oja"}} or {@code {"type": "k-wta", "k": 5}} in a preset builds it.
 *
 * @param kind the interface it implements ({@code LearningRule.class}, {@code Competition.class}, ...)
 * @param type its name in presets, lower case with dashes (e.g. {@code krotov-ranking})
 * @param implementation the record class
 * @param formula one line, the update or mapping it computes
 * @param reference the paper (authors, year, equation) it comes from
 * @param <T> the kind
 */
public record Component<T>(Class<T> kind, String type, Class<? extends T> implementation, String formula,
        String reference) {

    /** Checks the fields. */
    public Component {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(implementation, "implementation");
        if (type == null || !type.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("component type must be lower case letters, digits and dashes, got '"
                    + type + "'");
        }
        if (!implementation.isRecord() || !kind.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException("component " + type + ": " + implementation.getName()
                    + " must be a record implementing " + kind.getSimpleName());
        }
    }

    /** The parameters, as {@code name: type} pairs in declaration order. */
    public java.util.List<String> parameters() {
        return java.util.Arrays.stream(implementation.getRecordComponents())
                .map(c -> c.getName() + ": " + c.getType().getSimpleName()).toList();
    }
}

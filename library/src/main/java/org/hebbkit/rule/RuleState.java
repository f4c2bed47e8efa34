package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running state of one rule or competition inside one layer: named per-neuron arrays {@code [O, 1]}
 * declared by {@link StateVariable}s, owned by the layer (created with it, attached to its scopes, saved
 * in its checkpoints). Rules read and update the arrays in place; they never keep arrays of their own.
 */
public final class RuleState {

    /** The state of a rule that declares no variables. */
    public static final RuleState NONE = new RuleState(Map.of());

    private final Map<String, NDArray> arrays;

    /**
     * @param arrays name to {@code [O, 1]} array, in declaration order
     */
    public RuleState(Map<String, NDArray> arrays) {
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /**
     * @param name a declared variable
     * @return its array {@code [O, 1]} (update it in place)
     * @throws IllegalStateException if the variable was not declared
     */
    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalStateException("no state variable '" + name + "'; this state holds " + arrays.keySet()
                    + ". Declare it in stateVariables() so that the layer creates it.");
        }
        return array;
    }

    /** Every variable by name, in declaration order. */
    public Map<String, NDArray> arrays() {
        return arrays;
    }
}

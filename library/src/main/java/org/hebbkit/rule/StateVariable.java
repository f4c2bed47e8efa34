package org.hebbkit.rule;

/**
 * One per-neuron running quantity that a rule or competition keeps between batches (a threshold, a
 * trace): the layer creates it as an array {@code [O, 1]} filled with {@code initialValue}, names it
 * {@code rule.NAME} or {@code competition.NAME}, saves it in checkpoints and restores it.
 *
 * @param name identifier, lower case, no dots (e.g. {@code threshold})
 * @param initialValue every neuron's value before the first batch
 */
public record StateVariable(String name, float initialValue) {

    /** Checks the name. */
    public StateVariable {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("state variable name must be lower case letters, digits and _, got '"
                    + name + "'");
        }
        if (!Float.isFinite(initialValue)) {
            throw new IllegalArgumentException("initialValue of " + name + " must be finite, got " + initialValue);
        }
    }
}

package org.hebbkit.rule;

import ai.djl.ndarray.NDArray;

/**
 * No competition: {@code y = u}. Each unit learns on its own, as in Oja's single-unit principal
 * component analysis or plain Hebbian correlation learning. Miconi (2021), Section 2.
 */
public record NoCompetition() implements Competition {

    @Override
    public NDArray compete(NDArray pre) {
        return pre;
    }
}

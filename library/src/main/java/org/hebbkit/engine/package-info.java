/**
 * How HebbKit runs on the engine where the choice changes speed: {@link org.hebbkit.engine.MatMul}, the matrix
 * products of a learning step on the engine's matrix multiply or on oneDNN.
 */
package org.hebbkit.engine;

package org.hebbkit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * SoftHebb's weight initialisations, drawn on the JVM from a seeded {@link SplittableRandom} so that one
 * seed gives the same weights on every machine and device. With {@code n} the fan-in:
 * <ul>
 *   <li>{@link Kind#NORMAL} (after a batch norm): {@code w ~ Normal(0, radius / sqrt(n))};
 *   <li>{@link Kind#UNIFORM} (no batch norm): {@code w ~ Uniform[0, sqrt(3 radius^2 / n))}.
 * </ul>
 * Either gives weight vectors of expected norm {@code radius}. Journé et al. (2023), Appendix.
 *
 * @param kind the distribution
 * @param radius expected norm of each neuron's weight vector (25 for the CIFAR presets, 35 for the MLP)
 */
public record WeightInit(Kind kind, double radius) {

    /** The distribution. */
    public enum Kind {
        /** Normal with std {@code radius / sqrt(n)}. */
        NORMAL,
        /** Uniform on {@code [0, sqrt(3 radius^2 / n))}. */
        UNIFORM
    }

    /** Checks the radius. */
    public WeightInit {
        if (kind == null || !(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("weight init needs a kind and a positive, finite radius, got " + kind + " " + radius);
        }
    }

    /**
     * @param manager owns the new array
     * @param shape {@code [O, ...]}; the fan-in is the product of all but the first dimension
     * @param random the seeded source
     */
    public NDArray sample(NDManager manager, Shape shape, SplittableRandom random) {
        long fanIn = shape.size() / shape.get(0);
        float[] values = new float[Math.toIntExact(shape.size())];
        if (kind == Kind.NORMAL) {
            double std = radius / Math.sqrt(fanIn);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
        } else {
            double bound = Math.sqrt(3 * radius * radius / fanIn);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * bound);
            }
        }
        return manager.create(values, shape);
    }
}

package org.hebbkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hebbkit.model.LinearReadout;

/**
 * Closed-form ridge regression onto one-hot targets, the readout of Miconi (2021)'s notebooks:
 * <pre>
 *   W^T = (Xc^T Xc + lambda I)^-1 Xc^T Yc,     b = mean(Y) - mean(X) W^T
 * </pre>
 * with {@code Xc, Yc} centred. {@code lambda = relativeRidge * trace(Xc^T Xc) / F}, so one setting suits
 * features of any scale. The Gram matrix is accumulated batch by batch (float64 up to 4,096 features,
 * float32 above); it is {@code F x F}, so 24,576 features need 2.4 GB and a few minutes to invert here.
 */
public final class RidgeReadout {

    private static final int FLOAT64_LIMIT = 4096;

    private RidgeReadout() {}

    /**
     * @param train training features
     * @param classes number of classes
     * @param relativeRidge ridge strength relative to the mean feature variance, positive (e.g. 1e-3)
     * @param batchSize examples per accumulation step
     * @param parent manager the readout is created under
     */
    public static LinearReadout fit(FeatureSource train, int classes, double relativeRidge, int batchSize,
            NDManager parent) {
        if (!(relativeRidge > 0)) {
            throw new IllegalArgumentException("relativeRidge must be positive, got " + relativeRidge);
        }
        int features = train.featureCount();
        DataType type = features <= FLOAT64_LIMIT ? DataType.FLOAT64 : DataType.FLOAT32;
        NDManager manager = parent.newSubManager();
        try (NDManager work = parent.newSubManager()) {
            NDArray gram = work.zeros(new Shape(features, features), type);
            NDArray cross = work.zeros(new Shape(features, classes), type);
            NDArray featureSum = work.zeros(new Shape(features), type);
            NDArray targetSum = work.zeros(new Shape(classes), type);
            for (int from = 0; from < train.size(); from += batchSize) {
                int to = Math.min(train.size(), from + batchSize);
                int[] indices = LabelledImages.range(from, to);
                try (NDManager scope = work.newSubManager()) {
                    scope.tempAttachAll(gram, cross, featureSum, targetSum);
                    NDArray x = train.rows(scope, indices).toType(type, false);
                    NDArray y = ReadoutScore.labels(scope, train, indices).oneHot(classes).toType(type, false);
                    gram.addi(x.transpose().matMul(x));
                    cross.addi(x.transpose().matMul(y));
                    featureSum.addi(x.sum(new int[] {0}));
                    targetSum.addi(y.sum(new int[] {0}));
                }
            }
            double n = train.size();
            NDArray meanX = featureSum.div(n);
            NDArray meanY = targetSum.div(n);
            NDArray centredGram = gram.sub(meanX.reshape(features, 1).matMul(meanX.reshape(1, features)).mul(n));
            NDArray centredCross = cross.sub(meanX.reshape(features, 1).matMul(meanY.reshape(1, classes)).mul(n));
            double lambda = relativeRidge * centredGram.diagonal().sum().toType(DataType.FLOAT64, false).getDouble() / features;
            NDArray regularised = centredGram.add(work.eye(features).toType(type, false).mul(lambda));
            NDArray weightT = regularised.inverse().matMul(centredCross);
            NDArray bias = meanY.sub(meanX.reshape(1, features).matMul(weightT).reshape(classes));
            NDArray weight = weightT.transpose().toType(DataType.FLOAT32, false);
            NDArray biasFloat = bias.toType(DataType.FLOAT32, false);
            weight.attach(manager);
            biasFloat.attach(manager);
            return new LinearReadout(manager, weight, biasFloat);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}

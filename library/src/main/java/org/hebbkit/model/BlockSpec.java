package org.hebbkit.model;

import java.util.List;
import java.util.Objects;
import org.hebbkit.nn.Activation;
import org.hebbkit.nn.Pooling;
import org.hebbkit.nn.Preprocessing;
import org.hebbkit.nn.WeightInit;
import org.hebbkit.nn.WeightMask;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.LearningRateSchedule;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.LinearResponse;
import org.hebbkit.rule.Response;

/**
 * One Hebbian block as data: {@code [input transforms] -> [batch norm] -> Hebbian layer (conv or linear) ->
 * activation -> [pooling]}.
 * Rules, competitions, responses, schedules and activations are typed records, named in JSON by their
 * registered type ({@link Components}), e.g.
 * {@code "competition": {"type": "soft-krotov", "temperatureInverse": 1.0}}.
 *
 * <pre>{@code
 * BlockSpec block = BlockSpec.builder().setOutChannels(96).optConv(ConvSpec.of(5, 2, Padding.REFLECT))
 *         .setRule(new SoftHebbRule()).setCompetition(new SoftKrotov(1.0))
 *         .setLearningRate(new AdaptiveLearningRate(0.08, 0.5)).optBatchNorm(true)
 *         .optActivation(new Triangle(0.7)).optPooling(new Pooling(Pooling.Kind.AVG, 4, 2, 1)).build();
 * }</pre>
 *
 * @param batchNorm whether a non-affine batch norm precedes the layer
 * @param outChannels neurons, at least 1
 * @param conv the convolution, or {@code null} for a fully connected layer (which flattens its input)
 * @param response how {@code u} is computed ({@code null} reads as the linear response)
 * @param competition how neurons compete
 * @param rule the learning rule
 * @param learningRate the learning-rate schedule
 * @param normaliseUpdate whether each update is divided by its largest magnitude
 * @param renormalise whether each neuron's weights are rescaled to norm 1 after every update
 * @param preTriangle whether Triangle(1) precedes the competition and forms the layer's output
 * @param activation the block's non-linearity
 * @param pooling the block's pooling, or {@code null}
 * @param init the weight initialisation
 * @param preprocessing fixed transforms of the block's input before the batch norm, in order (missing: none),
 *     e.g. Miconi's per-image standardisation before every layer
 * @param mask a fixed random mask of the weights (missing: every weight learns)
 */
public record BlockSpec(boolean batchNorm, int outChannels, ConvSpec conv, Response response, Competition competition,
        LearningRule rule, LearningRateSchedule learningRate, boolean normaliseUpdate, boolean renormalise,
        boolean preTriangle, Activation activation, Pooling pooling, WeightInit init, List<Preprocessing> preprocessing,
        WeightMask mask) {

    /** Checks the values; a missing response is the linear one, missing preprocessing none. */
    public BlockSpec {
        preprocessing = preprocessing == null ? List.of() : List.copyOf(preprocessing);
        if (outChannels < 1) {
            throw new IllegalArgumentException("outChannels must be at least 1, got " + outChannels);
        }
        response = response == null ? new LinearResponse() : response;
        require(competition, "competition");
        require(rule, "rule");
        require(learningRate, "learningRate");
        require(activation, "activation");
        require(init, "init");
        if (conv == null && pooling != null) {
            throw new IllegalArgumentException("pooling needs a conv block (conv is missing: this is a linear block)");
        }
        competition.checkNeurons(outChannels);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }

    /** Whether the layer is a convolution (else fully connected). */
    public boolean isConv() {
        return conv != null;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link BlockSpec}: {@code setX} for what is required, {@code optX} for what has a default. */
    public static final class Builder {
        private boolean batchNorm;
        private int outChannels;
        private ConvSpec conv;
        private Response response = new LinearResponse();
        private Competition competition;
        private LearningRule rule;
        private LearningRateSchedule learningRate;
        private boolean normaliseUpdate = true;
        private boolean renormalise;
        private boolean preTriangle;
        private Activation activation = new org.hebbkit.nn.Identity();
        private Pooling pooling;
        private WeightInit init = new WeightInit(WeightInit.Kind.NORMAL, 1);
        private List<Preprocessing> preprocessing = List.of();
        private WeightMask mask;

        /** Neurons (required). */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /** The competition (required). */
        public Builder setCompetition(Competition competition) {
            this.competition = Objects.requireNonNull(competition, "competition");
            return this;
        }

        /** The learning rule (required). */
        public Builder setRule(LearningRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** The learning-rate schedule (required). */
        public Builder setLearningRate(LearningRateSchedule learningRate) {
            this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
            return this;
        }

        /** A convolution; default none (a fully connected layer). */
        public Builder optConv(ConvSpec conv) {
            this.conv = conv;
            return this;
        }

        /** A batch norm before the layer; default false. */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** The response; default linear. */
        public Builder optResponse(Response response) {
            this.response = Objects.requireNonNull(response, "response");
            return this;
        }

        /** Update normalisation by the largest magnitude; default true. */
        public Builder optNormaliseUpdate(boolean normaliseUpdate) {
            this.normaliseUpdate = normaliseUpdate;
            return this;
        }

        /** Weight renormalisation to norm 1 after each update; default false. */
        public Builder optRenormalise(boolean renormalise) {
            this.renormalise = renormalise;
            return this;
        }

        /** Triangle(1) before the competition; default false. */
        public Builder optPreTriangle(boolean preTriangle) {
            this.preTriangle = preTriangle;
            return this;
        }

        /** The activation; default identity. */
        public Builder optActivation(Activation activation) {
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /** Pooling after the activation; default none. */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /** The weight initialisation; default normal with radius 1. */
        public Builder optInit(WeightInit init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** Fixed transforms of the block's input, before the batch norm; default none. */
        public Builder optPreprocessing(List<Preprocessing> preprocessing) {
            this.preprocessing = List.copyOf(preprocessing);
            return this;
        }

        /** A fixed random mask of the weights; default none. */
        public Builder optMask(WeightMask mask) {
            this.mask = mask;
            return this;
        }

        /** Checks and builds. */
        public BlockSpec build() {
            return new BlockSpec(batchNorm, outChannels, conv, response, competition, rule, learningRate, normaliseUpdate,
                    renormalise, preTriangle, activation, pooling, init, preprocessing, mask);
        }
    }
}

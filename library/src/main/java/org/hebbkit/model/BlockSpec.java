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
 * activation -> [pooling]}, made of five named parts: what happens to the block's {@link Input}, the
 * {@link Layer}'s weights, how the layer's {@link Activity} is computed, how the weights learn
 * ({@link Plasticity}), and the block's {@link Output}.
 * Rules, competitions, responses, schedules and activations are typed records, named in JSON by their
 * registered type ({@link Components}), e.g.
 * {@code "competition": {"type": "soft-krotov", "temperatureInverse": 1.0}}.
 *
 * <p>In JSON a block stays one flat object (the parts are {@link Configs.Inline}), its fields in the order
 * below, so preset files and {@code --set blocks.0.competition.temperatureInverse=2} paths do not name the parts:
 * {@code {"batchNorm": true, "outChannels": 96, "conv": {...}, "response": {...}, "competition": {...},
 * "rule": {...}, "learningRate": {...}, "normaliseUpdate": true, "renormalise": false, "preTriangle": false,
 * "activation": {...}, "pooling": {...}, "init": {...}, "preprocessing": [...], "mask": null}}.
 * The accessors named after those fields ({@link #outChannels()}, {@link #competition()}, ...) read the parts.
 *
 * <pre>{@code
 * BlockSpec block = BlockSpec.builder().setOutChannels(96).optConv(ConvSpec.of(5, 2, Padding.REFLECT))
 *         .setRule(new SoftHebbRule()).setCompetition(new SoftKrotov(1.0))
 *         .setLearningRate(new AdaptiveLearningRate(0.08, 0.5)).optBatchNorm(true)
 *         .optActivation(new Triangle(0.7)).optPooling(new Pooling(Pooling.Kind.AVG, 4, 2, 1)).build();
 * }</pre>
 *
 * @param input the transforms and batch norm before the layer
 * @param layer the neurons, their weights' shape, initialisation and mask
 * @param activity how the layer's response and competition give its activity {@code y}
 * @param plasticity how the weights learn
 * @param output the activation and pooling after the layer
 */
@Configs.FieldOrder({"batchNorm", "outChannels", "conv", "response", "competition", "rule", "learningRate",
        "normaliseUpdate", "renormalise", "preTriangle", "activation", "pooling", "init", "preprocessing", "mask"})
public record BlockSpec(@Configs.Inline Input input, @Configs.Inline Layer layer, @Configs.Inline Activity activity,
        @Configs.Inline Plasticity plasticity, @Configs.Inline Output output) {

    /** Checks that every part is there and that the parts agree (pooling needs a conv; k fits the neurons). */
    public BlockSpec {
        require(input, "input");
        require(layer, "layer");
        require(activity, "activity");
        require(plasticity, "plasticity");
        require(output, "output");
        if (layer.conv() == null && output.pooling() != null) {
            throw new IllegalArgumentException("pooling needs a conv block (conv is missing: this is a linear block)");
        }
        activity.competition().checkNeurons(layer.outChannels());
    }

    /**
     * What the block does to its input {@code x [B, C, H, W]} (or {@code [B, F]}) before the layer:
     * {@code x <- p_k(...p_1(x))}, then, with {@code batchNorm}, each channel standardised by its batch
     * statistics without a learned scale or shift, {@code x <- (x - mean_c) / sqrt(var_c + eps)}.
     *
     * @param preprocessing fixed transforms of the input, in order ({@code null} reads as none), e.g. Miconi's
     *     per-image standardisation before every layer (Miconi 2021)
     * @param batchNorm whether a non-affine batch norm precedes the layer
     */
    public record Input(List<Preprocessing> preprocessing, boolean batchNorm) {

        /** Copies the transforms; missing ones are none. */
        public Input {
            preprocessing = preprocessing == null ? List.of() : List.copyOf(preprocessing);
        }
    }

    /**
     * The Hebbian layer's neurons and weights: {@code W [outChannels, C / groups, k, k]} for a convolution,
     * {@code [outChannels, F]} for a fully connected layer, drawn by {@code init} and, with a {@code mask}, a fixed
     * random subset of them kept at zero for good.
     *
     * @param outChannels neurons, at least 1
     * @param conv the convolution, or {@code null} for a fully connected layer (which flattens its input)
     * @param init the weight initialisation
     * @param mask a fixed random mask of the weights ({@code null}: every weight learns)
     */
    public record Layer(int outChannels, ConvSpec conv, WeightInit init, WeightMask mask) {

        /** Checks the neurons and that there is an initialisation. */
        public Layer {
            if (outChannels < 1) {
                throw new IllegalArgumentException("outChannels must be at least 1, got " + outChannels);
            }
            require(init, "init");
        }
    }

    /**
     * How the layer's post-synaptic activity is computed from its input patches {@code x [I, N]} (the {@code N}
     * images and positions): the response {@code u = f(W) x}, {@code [outChannels, N]} ({@code f} the identity for
     * the linear response, Krotov and Hopfield's currents otherwise); with {@code preTriangle},
     * {@code u <- Triangle(1)(u) = relu(u - mean over neurons of u)}, which also becomes the layer's output; then
     * {@code y = competition(u)}, {@code [outChannels, N]}, the neurons competing at each column
     * ({@link org.hebbkit.nn.HebbianLayer}).
     *
     * @param response how {@code u} is computed ({@code null} reads as the linear response)
     * @param preTriangle whether Triangle(1) precedes the competition and forms the layer's output
     * @param competition how neurons compete
     */
    public record Activity(Response response, boolean preTriangle, Competition competition) {

        /** A missing response is the linear one; the competition is required. */
        public Activity {
            response = response == null ? new LinearResponse() : response;
            require(competition, "competition");
        }
    }

    /**
     * How the weights learn from {@code x}, {@code u} and {@code y} ({@link org.hebbkit.nn.HebbianLayer}):
     * {@code dW = rule.delta(W, x, u, y)}, the shape of {@code W}; with {@code normaliseUpdate},
     * {@code dW <- dW / max|dW|}; then {@code W <- W + lr_i dW} with {@code lr_i} from the schedule, per neuron
     * {@code i}; with {@code renormalise}, {@code w_i <- w_i / ||w_i||_p} ({@code p} from the response).
     *
     * @param rule the learning rule
     * @param learningRate the learning-rate schedule
     * @param normaliseUpdate whether each update is divided by its largest magnitude
     * @param renormalise whether each neuron's weights are rescaled to norm 1 after every update
     */
    public record Plasticity(LearningRule rule, LearningRateSchedule learningRate, boolean normaliseUpdate,
            boolean renormalise) {

        /** The rule and the schedule are required. */
        public Plasticity {
            require(rule, "rule");
            require(learningRate, "learningRate");
        }
    }

    /**
     * What the block passes on: {@code activation(layer output)}, then pooled over space when there is
     * pooling ({@code [B, outChannels, H', W']} for a conv block, {@code [B, outChannels]} for a linear one).
     *
     * @param activation the block's non-linearity
     * @param pooling the block's pooling, or {@code null} (a linear block has none)
     */
    public record Output(Activation activation, Pooling pooling) {

        /** The activation is required. */
        public Output {
            require(activation, "activation");
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }

    /** Whether the layer is a convolution (else fully connected). */
    public boolean isConv() {
        return layer.conv() != null;
    }

    /** {@link Input#batchNorm()}. */
    public boolean batchNorm() {
        return input.batchNorm();
    }

    /** {@link Input#preprocessing()}. */
    public List<Preprocessing> preprocessing() {
        return input.preprocessing();
    }

    /** {@link Layer#outChannels()}. */
    public int outChannels() {
        return layer.outChannels();
    }

    /** {@link Layer#conv()}. */
    public ConvSpec conv() {
        return layer.conv();
    }

    /** {@link Layer#init()}. */
    public WeightInit init() {
        return layer.init();
    }

    /** {@link Layer#mask()}. */
    public WeightMask mask() {
        return layer.mask();
    }

    /** {@link Activity#response()}. */
    public Response response() {
        return activity.response();
    }

    /** {@link Activity#preTriangle()}. */
    public boolean preTriangle() {
        return activity.preTriangle();
    }

    /** {@link Activity#competition()}. */
    public Competition competition() {
        return activity.competition();
    }

    /** {@link Plasticity#rule()}. */
    public LearningRule rule() {
        return plasticity.rule();
    }

    /** {@link Plasticity#learningRate()}. */
    public LearningRateSchedule learningRate() {
        return plasticity.learningRate();
    }

    /** {@link Plasticity#normaliseUpdate()}. */
    public boolean normaliseUpdate() {
        return plasticity.normaliseUpdate();
    }

    /** {@link Plasticity#renormalise()}. */
    public boolean renormalise() {
        return plasticity.renormalise();
    }

    /** {@link Output#activation()}. */
    public Activation activation() {
        return output.activation();
    }

    /** {@link Output#pooling()}. */
    public Pooling pooling() {
        return output.pooling();
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
            return new BlockSpec(new Input(preprocessing, batchNorm), new Layer(outChannels, conv, init, mask),
                    new Activity(response, preTriangle, competition),
                    new Plasticity(rule, learningRate, normaliseUpdate, renormalise), new Output(activation, pooling));
        }
    }
}

package org.hebbkit.model;

import java.util.List;
import org.hebbkit.nn.Activation;
import org.hebbkit.nn.ChannelSoftmax;
import org.hebbkit.nn.CompetitionOutput;
import org.hebbkit.nn.DifferenceOfGaussians;
import org.hebbkit.nn.Grayscale;
import org.hebbkit.nn.Identity;
import org.hebbkit.nn.Preprocessing;
import org.hebbkit.nn.RectifiedPower;
import org.hebbkit.nn.Standardise;
import org.hebbkit.nn.UnitLength;
import org.hebbkit.nn.Relu;
import org.hebbkit.nn.Triangle;
import org.hebbkit.rule.AdaptiveLearningRate;
import org.hebbkit.rule.AdaptiveThresholds;
import org.hebbkit.rule.Bcm;
import org.hebbkit.rule.Competition;
import org.hebbkit.rule.ConstantRate;
import org.hebbkit.rule.HardWinnerTakeAll;
import org.hebbkit.rule.Instar;
import org.hebbkit.rule.KWinnersTakeAll;
import org.hebbkit.rule.KrotovCurrents;
import org.hebbkit.rule.KrotovRanking;
import org.hebbkit.rule.LearningRateSchedule;
import org.hebbkit.rule.LearningRule;
import org.hebbkit.rule.LinearDecay;
import org.hebbkit.rule.LinearResponse;
import org.hebbkit.rule.NoCompetition;
import org.hebbkit.rule.Oja;
import org.hebbkit.rule.PlainHebb;
import org.hebbkit.rule.Response;
import org.hebbkit.rule.SoftHebbRule;
import org.hebbkit.rule.SoftKrotov;
import org.hebbkit.rule.SoftWinnerTakeAll;
import org.hebbkit.rule.StepDecay;

/** HebbKit's own rules, competitions, responses, schedules and activations (listed by {@code hebbkit rules}). */
public final class BuiltInComponents implements ComponentProvider {

    @Override
    public List<Component<?>> components() {
        return List.of(
                new Component<>(LearningRule.class, "softhebb", SoftHebbRule.class,
                        "dW = y x^T - (sum_n y u) W", "Journe et al. 2023, Eq. 3; Krotov & Hopfield 2019, Eq. 3"),
                new Component<>(LearningRule.class, "hebb", PlainHebb.class,
                        "dW = y x^T", "Hebb 1949; Miconi 2021"),
                new Component<>(LearningRule.class, "instar", Instar.class,
                        "dW = y (x - w) = y x^T - (sum_n y) W", "Grossberg 1976; Miconi 2021"),
                new Component<>(LearningRule.class, "oja", Oja.class,
                        "dW = y (x - y w) = y x^T - (sum_n y^2) W", "Oja 1982; Miconi 2021"),
                new Component<>(LearningRule.class, "bcm", Bcm.class,
                        "dW = y (y - theta) x^T; theta <- theta + thresholdRate (mean y^2 - theta)",
                        "Bienenstock, Cooper & Munro 1982"),
                new Component<>(Competition.class, "none", NoCompetition.class, "y = u", "Miconi 2021"),
                new Component<>(Competition.class, "hard-wta", HardWinnerTakeAll.class,
                        "y = 1 for the argmax unit, else 0", "Journe et al. 2023, Table 3"),
                new Component<>(Competition.class, "k-wta", KWinnersTakeAll.class,
                        "y = 1 for the k largest units, else 0", "Miconi 2021, Section 3"),
                new Component<>(Competition.class, "soft-wta", SoftWinnerTakeAll.class,
                        "y = softmax(temperatureInverse u)", "Journe et al. 2023, Eq. 2"),
                new Component<>(Competition.class, "soft-krotov", SoftKrotov.class,
                        "y = s for the argmax unit, -s for the others, s = softmax(temperatureInverse u)",
                        "Journe et al. 2023, Appendix"),
                new Component<>(Competition.class, "krotov-ranking", KrotovRanking.class,
                        "y = +1 for rank 1, -delta for rank k alone, else 0", "Krotov & Hopfield 2019, Eq. 10"),
                new Component<>(Competition.class, "adaptive-thresholds", AdaptiveThresholds.class,
                        "y = kWTA_k(u - theta); theta <- theta + rate (mean y - k/O)", "Miconi 2021, Section 3"),
                new Component<>(Response.class, "linear", LinearResponse.class, "u = W x", "(the default)"),
                new Component<>(Response.class, "krotov-currents", KrotovCurrents.class,
                        "u = (sign(W) |W|^(p-1)) x", "Krotov & Hopfield 2019, Eq. 2"),
                new Component<>(LearningRateSchedule.class, "constant", ConstantRate.class, "lr = rate", ""),
                new Component<>(LearningRateSchedule.class, "norm-adaptive", AdaptiveLearningRate.class,
                        "lr_i = rate (| ||w_i|| - 1 | + 1e-10)^power", "Journe et al. 2023, Section 4"),
                new Component<>(LearningRateSchedule.class, "linear-decay", LinearDecay.class,
                        "lr = rate (1 - epoch / epochs)", "Krotov & Hopfield 2019, Methods"),
                new Component<>(LearningRateSchedule.class, "step-decay", StepDecay.class,
                        "lr = rate factor^floor(epoch / everyEpochs)", ""),
                new Component<>(Activation.class, "triangle", Triangle.class,
                        "ReLU(u - mean over channels of u)^power", "Journe et al. 2023, Section 4"),
                new Component<>(Activation.class, "softmax", ChannelSoftmax.class,
                        "softmax(temperatureInverse u) over channels", "Journe et al. 2023 (MNIST MLP)"),
                new Component<>(Activation.class, "relu", Relu.class, "max(u, 0)", ""),
                new Component<>(Activation.class, "identity", Identity.class, "u", ""),
                new Component<>(Activation.class, "thresholded-triangle", org.hebbkit.nn.ThresholdedTriangle.class,
                        "y = ReLU(v - mean over channels of v)^power, v = u - theta (the competition's thresholds)",
                        "Miconi 2021 (full network's output)"),
                new Component<>(Activation.class, "competition", CompetitionOutput.class,
                        "y = the layer's competition (with its state) over channels", "Miconi 2021 (binary k-WTA output)"),
                new Component<>(Activation.class, "repu", RectifiedPower.class, "max(u, 0)^power",
                        "Krotov & Hopfield 2019, Eq. 8"),
                new Component<>(Preprocessing.class, "unit-length", UnitLength.class, "x / ||x||_2 per image",
                        "Krotov & Hopfield 2019"),
                new Component<>(Preprocessing.class, "grayscale", Grayscale.class, "mean over channels", "Miconi 2021"),
                new Component<>(Preprocessing.class, "standardise", Standardise.class,
                        "(x - mean) / std per image", "Miconi 2021"),
                new Component<>(Preprocessing.class, "difference-of-gaussians", DifferenceOfGaussians.class,
                        "x * (G(sigmaCentre) - G(sigmaSurround)), size x size", "Miconi 2021"),
                new Component<>(Preprocessing.class, "zca-whitening", org.hebbkit.nn.ZcaWhitening.class,
                        "x' = C^(-1/2) t, t the standardised image, C = t^T t / D + epsilon I fitted on images",
                        "Miconi 2021 (full network)"));
    }
}

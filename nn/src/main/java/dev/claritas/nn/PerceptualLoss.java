package dev.claritas.nn;

import dev.claritas.autograd.GradMode;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Perceptual (feature) loss, Johnson et al. 2016: Σ_i w_i · d(φ_i(input), φ_i(target)) for the features
 * φ_i a {@link FeatureExtractor} gives, weights w_i and a distance d (L1 by default, as BasicSR's
 * {@code PerceptualLoss}). The target's features are computed without gradient, as BasicSR does with
 * {@code gt.detach()}: the target is data. The extractor is not trained by this loss, so freeze its
 * parameters (e.g. {@link dev.claritas.nn.models.Vgg#freeze()}) to spare computing their gradients.
 */
public final class PerceptualLoss implements Loss {
    private final FeatureExtractor features;
    private final double[] weights;
    private final Loss distance;

    /** Every feature weighted 1, L1 distance. */
    public PerceptualLoss(FeatureExtractor features) {
        this(features, null, new L1Loss());
    }

    /** @param weights one per feature, or null for all 1 */
    public PerceptualLoss(FeatureExtractor features, double[] weights, Loss distance) {
        this.features = features;
        this.weights = weights == null ? null : weights.clone();
        this.distance = distance;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        Losses.checkSameShape("PerceptualLoss", input, target);
        List<Tensor> ofInput = features.extract(input);
        List<Tensor> ofTarget;
        try (var noGrad = GradMode.disable()) {
            ofTarget = features.extract(target);
        }
        if (weights != null && weights.length != ofInput.size()) {
            throw new IllegalArgumentException("PerceptualLoss: " + weights.length + " weights " + Arrays.toString(weights)
                    + " for " + ofInput.size() + " features");
        }
        Tensor total = null;
        for (int i = 0; i < ofInput.size(); i++) {
            Tensor term = distance.apply(ofInput.get(i), ofTarget.get(i));
            if (weights != null) {
                term = term.mul(weights[i]);
            }
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}

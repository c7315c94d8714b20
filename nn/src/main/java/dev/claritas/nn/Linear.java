package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;

/**
 * y = x·Wᵀ + b over the last dimension of [*, in], PyTorch's {@code nn.Linear}: weight [out, in],
 * optional bias [out], both initialised as PyTorch does (Kaiming-uniform with a = √5, which bounds
 * the weight by 1/√in, and the bias from U(±1/√in)).
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = Tensor.zeros(new int[] {outFeatures, inFeatures}, DType.FLOAT32, Device.CPU);
        Init.kaimingUniform(w, Math.sqrt(5));
        this.weight = registerParameter("weight", w);
        if (bias) {
            double bound = 1 / Math.sqrt(inFeatures);
            this.bias = registerParameter("bias", Init.uniform(Tensor.zeros(outFeatures), -bound, bound));
        } else {
            this.bias = null;
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): expects input [*, "
                    + inFeatures + "], got " + x.shape());
        }
        int[] outShape = x.shape().toArray();
        outShape[outShape.length - 1] = outFeatures;
        // One matrix product over all leading dimensions: matmul of [*, in] with [in, out] would
        // broadcast (copy) the weight for every batch index.
        Tensor y = x.reshape(-1, inFeatures).matmul(weight.value().t()).reshape(outShape);
        return bias == null ? y : y.add(bias.value());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Repr.bool(bias != null);
    }
}

package dev.claritas.nn;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import java.util.Arrays;

/**
 * x for x > 0, else a·x with a learnt slope a, PyTorch's {@code nn.PReLU}: one slope shared by all
 * channels ({@code numParameters = 1}, the default) or one per channel of dimension 1 (dimension 0
 * of a 1-D input); every slope starts at {@code init} (0.25 by default).
 */
public class PReLU extends Module {
    private final int numParameters;
    private final Parameter weight;

    public PReLU() {
        this(1, 0.25);
    }

    public PReLU(int numParameters) {
        this(numParameters, 0.25);
    }

    public PReLU(int numParameters, double init) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        }
        this.numParameters = numParameters;
        this.weight = registerParameter("weight", Tensor.full(new int[] {numParameters}, init, DType.FLOAT32, Device.CPU));
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor slope = weight.value();
        if (numParameters > 1) {
            int channelDim = x.rank() >= 2 ? 1 : 0;
            if (x.rank() == 0 || x.size(channelDim) != numParameters) {
                throw new IllegalArgumentException("PReLU(" + numParameters + "): expects " + numParameters
                        + " channels in dimension " + channelDim + ", got input " + x.shape());
            }
            int[] shape = new int[x.rank() - channelDim];
            Arrays.fill(shape, 1);
            shape[0] = numParameters;
            slope = slope.reshape(shape);
        }
        // where() rather than relu arithmetic: the gradient at x = 0 is then the slope's, as in PyTorch
        return Ops.where(x.gt(0), x, x.mul(slope));
    }

    @Override
    protected String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}

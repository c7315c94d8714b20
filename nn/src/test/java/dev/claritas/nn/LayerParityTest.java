package dev.claritas.nn;

import static dev.claritas.nn.NnFixtures.args;
import static dev.claritas.nn.NnFixtures.assertClose;
import static dev.claritas.nn.NnFixtures.number;
import static dev.claritas.nn.NnFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.claritas.tensor.DType;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.io.SafeTensorsFile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nn layers and losses against PyTorch's modules, forward and backward, from the fixtures of
 * {@code tools/make_nn_fixtures.py}. Gradients are those of L = Σ output · proj for a random
 * projection, so every output element contributes with a different weight.
 */
class LayerParityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bias_pad1", "nobias_stride2_pad1", "groups2_bias"})
    void conv2dMatchesPyTorch(String name) {
        SafeTensorsFile f = NnFixtures.read("conv2d__" + name);
        Map<String, Object> a = args(f);
        int k = (int) number(a, "kernel_size");
        int stride = (int) number(a, "stride");
        int padding = (int) number(a, "padding");
        boolean hasBias = (Boolean) a.get("bias");
        Conv2d conv = new Conv2d((int) number(a, "in_channels"), (int) number(a, "out_channels"), new int[] {k, k},
                new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, (int) number(a, "groups"), hasBias);
        conv.weight().set(tensor(f, "weight"));
        if (hasBias) {
            conv.bias().set(tensor(f, "bias"));
        } else {
            assertNull(conv.bias(), "bias=False makes no bias parameter");
        }

        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor out = conv.forward(x);
        assertClose(tensor(f, "output"), out, "output");

        out.mul(tensor(f, "proj")).sum().backward();
        assertClose(tensor(f, "grad_input"), x.grad(), "input gradient");
        assertClose(tensor(f, "grad_weight"), conv.weight().grad(), "weight gradient");
        if (hasBias) {
            assertClose(tensor(f, "grad_bias"), conv.bias().grad(), "bias gradient");
        }
    }

    /**
     * Three training passes (batch statistics, running statistics updated with the unbiased batch
     * variance and momentum 0.1, num_batches_tracked counted), then evaluation with the running
     * statistics the three passes left.
     */
    @Test
    void batchNorm2dTrainAndEvalMatchPyTorch() {
        SafeTensorsFile f = NnFixtures.read("batchnorm2d");
        Map<String, Object> a = args(f);
        BatchNorm2d bn = new BatchNorm2d((int) number(a, "num_features"), number(a, "eps"), number(a, "momentum"));
        // PyTorch's initial state dict, under its own key names; strict, so the names must all match.
        Map<String, Tensor> initial = new LinkedHashMap<>();
        f.tensors().keySet().stream().filter(key -> key.startsWith("state."))
                .forEach(key -> initial.put(key.substring("state.".length()), tensor(f, key)));
        bn.loadStateDict(initial, true);
        Parameter weight = bn.namedParameters().get("weight");
        Parameter bias = bn.namedParameters().get("bias");

        bn.train();
        for (int i = 0; i < 3; i++) {
            Tensor x = tensor(f, "input" + i).requiresGrad(i == 0);
            Tensor out = bn.forward(x);
            assertClose(tensor(f, "output" + i), out, "training output of pass " + i);
            if (i == 0) {
                out.mul(tensor(f, "proj")).sum().backward();
                assertClose(tensor(f, "grad_input"), x.grad(), "input gradient");
                assertClose(tensor(f, "grad_weight"), weight.grad(), "weight gradient");
                assertClose(tensor(f, "grad_bias"), bias.grad(), "bias gradient");
            }
            assertRunningStats(f, bn, i);
        }

        bn.eval();
        assertClose(tensor(f, "eval_output"), bn.forward(tensor(f, "eval_input")), "evaluation output");
        // Evaluation reads the running statistics but must not update them.
        assertRunningStats(f, bn, 2);
    }

    private static void assertRunningStats(SafeTensorsFile f, BatchNorm2d bn, int pass) {
        Map<String, Tensor> state = bn.stateDict();
        assertClose(tensor(f, "running_mean" + pass), state.get("running_mean"), "running_mean after pass " + pass);
        assertClose(tensor(f, "running_var" + pass), state.get("running_var"), "running_var after pass " + pass);
        Tensor tracked = state.get("num_batches_tracked");
        assertEquals(DType.INT64, tracked.dtype(), "num_batches_tracked is an int64 scalar, as in PyTorch");
        assertArrayEquals(tensor(f, "num_batches_tracked" + pass).toLongArray(), tracked.toLongArray(),
                "num_batches_tracked after pass " + pass);
    }

    @Test
    void reluMatchesPyTorch() {
        assertActivationMatches("relu", new ReLU());
    }

    @Test
    void leakyReluWithSlope02MatchesPyTorch() {
        assertActivationMatches("leaky_relu_0.2", new LeakyReLU(0.2));
    }

    private static void assertActivationMatches(String name, Module activation) {
        SafeTensorsFile f = NnFixtures.read(name);
        Tensor x = tensor(f, "input").requiresGrad(true);
        Tensor out = activation.forward(x);
        assertClose(tensor(f, "output"), out, name + " output");
        out.mul(tensor(f, "proj")).sum().backward();
        assertClose(tensor(f, "grad_input"), x.grad(), name + " input gradient");
    }

    @Test
    void mseLossMatchesPyTorch() {
        assertLossMatches("mse_loss", new MSELoss());
    }

    @Test
    void l1LossMatchesPyTorch() {
        assertLossMatches("l1_loss", new L1Loss());
    }

    /** The loss value and its gradients with respect to both the prediction and the target. */
    private static void assertLossMatches(String name, Loss loss) {
        SafeTensorsFile f = NnFixtures.read(name);
        Tensor input = tensor(f, "input").requiresGrad(true);
        Tensor target = tensor(f, "target").requiresGrad(true);
        Tensor value = loss.apply(input, target);
        assertClose(tensor(f, "output"), value, name + " value");
        value.backward();
        assertClose(tensor(f, "grad_input"), input.grad(), name + " gradient for the input");
        assertClose(tensor(f, "grad_target"), target.grad(), name + " gradient for the target");
    }
}

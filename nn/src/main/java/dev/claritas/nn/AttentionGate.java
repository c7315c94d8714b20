package dev.claritas.nn;

import dev.claritas.tensor.Ops;
import dev.claritas.tensor.Tensor;
import dev.claritas.tensor.spi.UpsampleMode;

/**
 * The additive attention gate of Attention U-Net (Oktay et al. 2018): a decoder's gating signal g
 * decides, pixel by pixel, how much of an encoder skip connection x passes on.
 *
 * <pre>
 *   α = σ(ψ(ReLU(W_g(g) + W_x(x))))        output = x · α
 * </pre>
 *
 * W_g and W_x are 1×1 convolutions to {@code F_int} channels, each followed by BatchNorm, and ψ a
 * 1×1 convolution to one channel with BatchNorm, then the sigmoid: the formulation of the widely
 * used PyTorch {@code Attention_block(F_g, F_l, F_int)} of LeeJunHyun/Image_Segmentation, whose
 * keys this module has ({@code W_g.0.weight}, {@code W_g.1.running_mean}, {@code W_x.0.*},
 * {@code W_x.1.*}, {@code psi.0.*}, {@code psi.1.*}). That block expects g at x's size; when g is
 * coarser (the gate taken before the decoder upsamples, as in the paper), W_g(g) is resized to x's
 * height and width bilinearly ({@code align_corners=False}) before the sum, as the authors' own
 * {@code GridAttentionBlock} does with its projected gate.
 */
public class AttentionGate extends Module {
    private final int gateChannels;
    private final int skipChannels;
    private final Sequential wG;
    private final Sequential wX;
    private final Sequential psi;

    /**
     * @param gateChannels  F_g, the channels of the gating signal
     * @param skipChannels  F_l, the channels of the skip connection (and of the output)
     * @param interChannels F_int, the channels in which the two are added
     */
    public AttentionGate(int gateChannels, int skipChannels, int interChannels) {
        this.gateChannels = gateChannels;
        this.skipChannels = skipChannels;
        this.wG = registerModule("W_g", new Sequential(new Conv2d(gateChannels, interChannels, 1),
                new BatchNorm2d(interChannels)));
        this.wX = registerModule("W_x", new Sequential(new Conv2d(skipChannels, interChannels, 1),
                new BatchNorm2d(interChannels)));
        this.psi = registerModule("psi", new Sequential(new Conv2d(interChannels, 1, 1), new BatchNorm2d(1),
                new Sigmoid()));
    }

    /**
     * The skip connection [N, F_l, H, W] weighted by the attention the gate [N, F_g, h, w] gives each
     * pixel; a gate of another size is resized to H × W.
     */
    public Tensor forward(Tensor gate, Tensor skip) {
        if (gate.rank() != 4 || skip.rank() != 4 || gate.size(0) != skip.size(0) || gate.size(1) != gateChannels
                || skip.size(1) != skipChannels) {
            throw new IllegalArgumentException("AttentionGate(F_g=" + gateChannels + ", F_l=" + skipChannels
                    + "): expects a gate [N, " + gateChannels + ", h, w] and a skip [N, " + skipChannels
                    + ", H, W], got " + gate.shape() + " and " + skip.shape());
        }
        Tensor g = wG.forward(gate);
        int height = skip.size(2), width = skip.size(3);
        if (g.size(2) != height || g.size(3) != width) {
            g = Ops.interpolate(g, height, width, UpsampleMode.BILINEAR, false);
        }
        Tensor attention = psi.forward(g.add(wX.forward(skip)).relu());
        return skip.mul(attention);
    }

    /** Refused: the gate takes two inputs; call {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("AttentionGate takes a gating signal and a skip connection: "
                + "call forward(gate, skip)");
    }
}

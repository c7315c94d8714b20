package dev.claritas.nn;

import dev.claritas.nn.init.Init;
import dev.claritas.tensor.DType;
import dev.claritas.tensor.Device;
import dev.claritas.tensor.Tensor;

/**
 * Multi-head self-attention over an image [N, C, H, W]: PyTorch's
 * {@code nn.MultiheadAttention(embed_dim, num_heads, batch_first=True)} applied with query = key =
 * value to the image's tokens, with that module's parameters and keys ({@code in_proj_weight}
 * [3E, E], {@code in_proj_bias} [3E], {@code out_proj.weight} [E, E], {@code out_proj.bias} [E]),
 * without dropout or masks.
 *
 * <p>With patch size 1 every pixel is a token of its C channels (E = C). With patch size p, the
 * image is first cut into p×p patches, each a token of E = C·p² features ordered as
 * {@code F.pixel_unshuffle} orders its channels, and the output is put back together the same way;
 * H and W must be multiples of p. Tokens run row by row. Attention costs (HW/p²)² per head and
 * sample, so patches are what make it affordable on larger images.
 *
 * <p>Per head of d = E / heads features, as torch 1.13 computes it: q, k, v from the input
 * projection, softmax(q/√d · kᵀ) · v, heads concatenated, then {@code out_proj}. Initialised as
 * PyTorch does: Xavier-uniform input projection, zero biases, {@code out_proj.weight} as a
 * {@link Linear}'s.
 */
public class MultiheadSelfAttention2d extends Module {
    private final int channels;
    private final int numHeads;
    private final int patchSize;
    private final int embedDim;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;

    /** Attention between pixels. */
    public MultiheadSelfAttention2d(int channels, int numHeads) {
        this(channels, numHeads, 1);
    }

    public MultiheadSelfAttention2d(int channels, int numHeads, int patchSize) {
        if (channels < 1 || numHeads < 1 || patchSize < 1) {
            throw new IllegalArgumentException("MultiheadSelfAttention2d: channels, heads and patch size must be positive, got "
                    + channels + ", " + numHeads + ", " + patchSize);
        }
        this.channels = channels;
        this.numHeads = numHeads;
        this.patchSize = patchSize;
        this.embedDim = channels * patchSize * patchSize;
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadSelfAttention2d: embed_dim " + embedDim + " (channels × patch²) "
                    + "must be divisible by num_heads " + numHeads);
        }
        Tensor w = Tensor.zeros(new int[] {3 * embedDim, embedDim}, DType.FLOAT32, Device.CPU);
        double bound = Math.sqrt(6.0 / (embedDim + 3 * embedDim)); // xavier_uniform_: fan_in E, fan_out 3E
        this.inProjWeight = registerParameter("in_proj_weight", Init.uniform(w, -bound, bound));
        this.inProjBias = registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim));
        outProj.bias().set(Tensor.zeros(embedDim));
    }

    @Override
    public Tensor forward(Tensor x) {
        int p = patchSize;
        if (x.rank() != 4 || x.size(1) != channels || x.size(2) % p != 0 || x.size(3) % p != 0) {
            throw new IllegalArgumentException("MultiheadSelfAttention2d(" + channels + ", patch " + p + "): expects input [N, "
                    + channels + ", H, W] with H and W multiples of " + p + ", got " + x.shape());
        }
        Tensor grid = p == 1 ? x : new PixelUnshuffle(p).forward(x);
        int n = x.size(0), h = grid.size(2), w = grid.size(3), tokens = h * w;
        Tensor sequence = grid.reshape(n, embedDim, tokens).transpose(1, 2);          // [N, L, E]
        Tensor attended = attend(sequence.reshape(n * tokens, embedDim), n, tokens);  // [N·L, E]
        Tensor out = attended.reshape(n, h, w, embedDim).permute(0, 3, 1, 2);
        return p == 1 ? out : new PixelShuffle(p).forward(out);
    }

    /** Self-attention of N sequences of L tokens, given as rows [N·L, E]; returns rows [N·L, E]. */
    private Tensor attend(Tensor rows, int n, int tokens) {
        int d = embedDim / numHeads;
        Tensor qkv = rows.matmul(inProjWeight.value().t()).add(inProjBias.value());   // [N·L, 3E]
        Tensor q = heads(qkv.narrow(1, 0, embedDim), n, tokens).div(Math.sqrt(d));
        Tensor k = heads(qkv.narrow(1, embedDim, embedDim), n, tokens);
        Tensor v = heads(qkv.narrow(1, 2 * embedDim, embedDim), n, tokens);
        Tensor weights = q.bmm(k.transpose(1, 2)).softmax(-1);                        // [N·heads, L, L]
        Tensor mixed = weights.bmm(v)                                                  // [N·heads, L, d]
                .reshape(n, numHeads, tokens, d).permute(0, 2, 1, 3).reshape(n * tokens, embedDim);
        return outProj.forward(mixed);
    }

    /** Rows [N·L, E] as [N·heads, L, d]: head j holds features [j·d, (j+1)·d). */
    private Tensor heads(Tensor rows, int n, int tokens) {
        int d = embedDim / numHeads;
        return rows.reshape(n, tokens, numHeads, d).permute(0, 2, 1, 3).reshape(n * numHeads, tokens, d);
    }
}

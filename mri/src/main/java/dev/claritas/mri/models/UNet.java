package dev.claritas.mri.models;

import dev.claritas.nn.Conv2d;
import dev.claritas.nn.Module;
import dev.claritas.nn.ModuleList;
import dev.claritas.nn.Sequential;
import dev.claritas.tensor.Ops;
import dev.claritas.tensor.PadMode;
import dev.claritas.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * fastMRI's U-Net ({@code fastmri.models.Unet}, after Ronneberger et al. 2015), with its
 * architecture and state-dict keys, so weights trained with fastMRI load unchanged.
 *
 * <p>Down path: {@code numPoolLayers} {@link ConvBlock}s ({@code down_sample_layers.N}), from
 * {@code chans} channels doubling at each level, each followed by 2×2 average pooling; the bottom
 * block {@code conv} doubles once more. Up path, per level: a {@link TransposeConvBlock}
 * ({@code up_transpose_conv.N}) halves the channels and doubles the size, the result is
 * concatenated before the skip connection and a ConvBlock ({@code up_conv.N}) mixes them; the last
 * {@code up_conv} is a Sequential of a ConvBlock and a 1×1 convolution with bias to
 * {@code outChans}. Pooling floors odd sizes, so on the way up the upsampled map may be one row or
 * column short of its skip; it is then reflect-padded by one on the bottom or right, as fastMRI does.
 */
public final class UNet extends Module {
    private final int inChans;
    private final int outChans;
    private final int chans;
    private final int numPoolLayers;
    private final double dropProb;
    private final ModuleList downSampleLayers;
    private final ConvBlock conv;
    private final ModuleList upConv;
    private final ModuleList upTransposeConv;

    /** fastMRI's defaults: 32 channels, 4 pooling levels, no dropout (7.8 M parameters for one channel in and out). */
    public UNet(int inChans, int outChans) {
        this(inChans, outChans, 32, 4, 0.0);
    }

    public UNet(int inChans, int outChans, int chans, int numPoolLayers, double dropProb) {
        if (inChans < 1 || outChans < 1 || chans < 1 || numPoolLayers < 1) {
            throw new IllegalArgumentException("UNet: channels and pooling levels must be positive, got in_chans "
                    + inChans + ", out_chans " + outChans + ", chans " + chans + ", num_pool_layers " + numPoolLayers);
        }
        this.inChans = inChans;
        this.outChans = outChans;
        this.chans = chans;
        this.numPoolLayers = numPoolLayers;
        this.dropProb = dropProb;
        // Registration order is fastMRI's attribute order, which is the state dict's key order.
        this.downSampleLayers = registerModule("down_sample_layers", new ModuleList(new ConvBlock(inChans, chans, dropProb)));
        int ch = chans;
        for (int i = 1; i < numPoolLayers; i++, ch *= 2) {
            downSampleLayers.append(new ConvBlock(ch, ch * 2, dropProb));
        }
        this.conv = registerModule("conv", new ConvBlock(ch, ch * 2, dropProb));
        this.upConv = registerModule("up_conv", new ModuleList());
        this.upTransposeConv = registerModule("up_transpose_conv", new ModuleList());
        for (int i = 1; i < numPoolLayers; i++, ch /= 2) {
            upTransposeConv.append(new TransposeConvBlock(ch * 2, ch));
            upConv.append(new ConvBlock(ch * 2, ch, dropProb));
        }
        upTransposeConv.append(new TransposeConvBlock(ch * 2, ch));
        upConv.append(new Sequential(new ConvBlock(ch * 2, ch, dropProb), new Conv2d(ch, outChans, 1, 1, 0, true)));
    }

    /** [N, in_chans, H, W] to [N, out_chans, H, W]; H and W must be at least 2^num_pool_layers. */
    @Override
    public Tensor forward(Tensor image) {
        int smallest = 1 << numPoolLayers;
        if (image.rank() != 4 || image.size(1) != inChans || image.size(2) < smallest || image.size(3) < smallest) {
            throw new IllegalArgumentException("UNet: expects input [N, " + inChans + ", H, W] with H, W >= " + smallest
                    + " (" + numPoolLayers + " poolings by 2), got " + image.shape());
        }
        Deque<Tensor> skips = new ArrayDeque<>();
        Tensor output = image;
        for (Module layer : downSampleLayers) {
            output = layer.forward(output);
            skips.push(output);
            output = Ops.avgPool2d(output, 2);
        }
        output = conv.forward(output);
        for (int i = 0; i < numPoolLayers; i++) {
            Tensor skip = skips.pop();
            output = padToSkip(upTransposeConv.get(i).forward(output), skip);
            output = upConv.get(i).forward(Ops.cat(List.of(output, skip), 1));
        }
        return output;
    }

    /** Reflect-pads one column on the right and/or one row at the bottom where pooling floored an odd size. */
    private static Tensor padToSkip(Tensor up, Tensor skip) {
        int right = up.size(3) != skip.size(3) ? 1 : 0;
        int bottom = up.size(2) != skip.size(2) ? 1 : 0;
        return right + bottom == 0 ? up : Ops.pad(up, new int[] {0, right, 0, bottom}, PadMode.REFLECT, 0);
    }

    /** The architecture as file metadata, under fastMRI's argument names, so a weights file says what it holds. */
    public Map<String, String> metadata() {
        return Map.of("architecture", "UNet", "in_chans", Integer.toString(inChans), "out_chans",
                Integer.toString(outChans), "chans", Integer.toString(chans), "num_pool_layers",
                Integer.toString(numPoolLayers), "drop_prob", Double.toString(dropProb));
    }

    /** A U-Net shaped as the metadata of a weights file describes. */
    public static UNet fromMetadata(Map<String, String> metadata, String fileName) {
        if (!"UNet".equals(metadata.get("architecture"))) {
            throw new IllegalArgumentException(fileName + ": not U-Net weights (architecture="
                    + metadata.get("architecture") + ")");
        }
        try {
            return new UNet(Integer.parseInt(field(metadata, "in_chans", fileName)),
                    Integer.parseInt(field(metadata, "out_chans", fileName)),
                    Integer.parseInt(field(metadata, "chans", fileName)),
                    Integer.parseInt(field(metadata, "num_pool_layers", fileName)),
                    Double.parseDouble(field(metadata, "drop_prob", fileName)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(fileName + ": bad U-Net metadata " + metadata, e);
        }
    }

    private static String field(Map<String, String> metadata, String key, String fileName) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException(fileName + ": U-Net metadata has no '" + key + "' entry");
        }
        return value;
    }

    public int inChans() {
        return inChans;
    }

    public int outChans() {
        return outChans;
    }

    public int chans() {
        return chans;
    }

    public int numPoolLayers() {
        return numPoolLayers;
    }

    public double dropProb() {
        return dropProb;
    }
}

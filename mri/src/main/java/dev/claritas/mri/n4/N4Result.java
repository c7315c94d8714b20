package dev.claritas.mri.n4;

/**
 * What N4 produced, at full resolution in the input's voxel order.
 *
 * @param corrected   input / exp(logField)
 * @param logField    the estimated log bias field, defined up to an additive constant
 * @param iterations  iterations run at each fitting level
 * @param convergence the last convergence measure of each level
 */
public record N4Result(float[] corrected, float[] logField, int[] iterations, double[] convergence) {

    /** The multiplicative bias field exp(logField), what SimpleITK users write as the "bias field". */
    public float[] field() {
        float[] out = new float[logField.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.exp(logField[i]);
        }
        return out;
    }
}

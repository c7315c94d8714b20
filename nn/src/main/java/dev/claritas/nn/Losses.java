package dev.claritas.nn;

import dev.claritas.tensor.ShapeMismatchException;
import dev.claritas.tensor.Tensor;

/** Argument checks shared by the losses, so that their messages name the loss and both shapes. */
final class Losses {
    private Losses() {}

    static void checkSameShape(String loss, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new ShapeMismatchException(loss + ": input " + input.shape() + " and target " + target.shape()
                    + " must have one shape");
        }
    }

    /** An image batch [N, C, H, W]. */
    static void checkImages(String loss, Tensor input, Tensor target) {
        checkSameShape(loss, input, target);
        if (input.rank() != 4) {
            throw new ShapeMismatchException(loss + ": expects images [N, C, H, W], got shape " + input.shape());
        }
    }
}

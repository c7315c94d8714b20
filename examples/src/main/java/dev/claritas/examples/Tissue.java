package dev.claritas.examples;

/**
 * The classes {@link TissueClassifier} predicts, from the k-means labels of {@code t1-brain-kmeans-labels.nii.gz}
 * (see examples/data/README.md). Its two non-brain labels, darker and brighter tissue outside the brain, are one
 * class here: the split between them follows intensity, not anatomy.
 */
enum Tissue {
    BACKGROUND("background"),
    NON_BRAIN("non-brain tissue"),
    CSF("CSF"),
    GREY_MATTER("grey matter"),
    WHITE_MATTER("white matter");

    private final String label;

    Tissue(String label) {
        this.label = label;
    }

    /** The class of a k-means label, or null for label 0 (a handful of scattered voxels) and unknown values. */
    static Tissue ofKmeansLabel(int kmeansLabel) {
        return switch (kmeansLabel) {
            case 1 -> BACKGROUND;
            case 2, 3 -> NON_BRAIN;
            case 4 -> CSF;
            case 5 -> GREY_MATTER;
            case 6 -> WHITE_MATTER;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}

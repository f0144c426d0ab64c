package io.github.loihiemu.datasets;

/** The data-set configurations the nBP paper's authors used. */
public enum Dataset {
    /** MNIST cropped by 4 pixels on every side: 20x20 = 400 inputs (the paper's headline configuration). */
    MNIST20(Source.MNIST, 4),
    /** MNIST uncropped: 784 inputs. */
    MNIST28(Source.MNIST, 0),
    /** Fashion-MNIST uncropped: 784 inputs. */
    FMNIST28(Source.FASHION_MNIST, 0);

    private final Source source;
    private final int crop;

    Dataset(Source source, int crop) {
        this.source = source;
        this.crop = crop;
    }

    /** Where the raw files come from. */
    public Source source() {
        return source;
    }

    /** Pixels cropped from every side of the 28x28 image. */
    public int crop() {
        return crop;
    }

    /** Side of the (square) input image after cropping. */
    public int side() {
        return 28 - 2 * crop;
    }

    /** Number of inputs (pixels) per sample. */
    public int inputCount() {
        return side() * side();
    }

    /** Parses a lower-case or upper-case name such as {@code mnist20}, naming the valid ones otherwise. */
    public static Dataset parse(String name) {
        for (Dataset d : values()) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; valid names are mnist20, mnist28, fmnist28");
    }
}

package org.spikeflow.training;

/** Conversion-friendly architectures: ReLU, average pooling (max pooling in the UNet), no batch norm needed. */
public enum Arch {
    /** Inputs -> hidden (ReLU) -> hidden/2 (ReLU) -> classes. */
    MLP,
    /** Small CNN: conv5x5(8) ReLU avgpool2, conv5x5(16) ReLU avgpool2, dense to classes (bias-free head). */
    CNN,
    /**
     * Two-block CNN, the fast default for 28x28 images: conv3x3(32) ReLU avgpool2, conv3x3(64) ReLU avgpool2,
     * dense 128 ReLU, dense to classes (about 4.3 M multiply-adds per 28x28 sample, a fifth of {@link #VGG}).
     */
    CONVNET,
    /** VGG-style: 2x[conv3x3(32) ReLU] avgpool2, 2x[conv3x3(64) ReLU] avgpool2, dense 256 ReLU, dense to classes. */
    VGG,
    /**
     * ResNet-style: two stages, each conv3x3 ReLU then one residual block (conv3x3 ReLU conv3x3, plus the identity
     * shortcut, ReLU) and 2x2 pooling, with 16 and 32 channels; dense to classes.
     */
    RESNET,
    /**
     * VGG-16 in SNN4Space's conversion-friendly form: 13 conv3x3 layers with ReLU in five blocks (64, 64 | 128,
     * 128 | 256 x 3 | 512 x 3 | 512 x 3 channels), 2x2 average pooling after each block, global average pooling
     * and one dense layer to the classes (15.4 G multiply-adds per 224x224x3 image, 1.25 G at 64x64x3).
     */
    VGG16,
    /**
     * A two-level UNet for segmentation (per-pixel logits, trained on {@code seg:} data): 8, 16 and 32 channels of
     * conv3x3 + ReLU pairs, 2x2 max pooling down, 2x2 stride-2 transposed convolutions up, skip concatenations
     * (see {@link LayerDef#plan}).
     */
    UNET
}

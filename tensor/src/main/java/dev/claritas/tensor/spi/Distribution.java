package dev.claritas.tensor.spi;

/**
 * Random distributions: {@link #UNIFORM} on [a, b), {@link #NORMAL} with mean a and standard
 * deviation b, {@link #BERNOULLI} with probability a of 1.
 */
public enum Distribution {
    UNIFORM, NORMAL, BERNOULLI
}

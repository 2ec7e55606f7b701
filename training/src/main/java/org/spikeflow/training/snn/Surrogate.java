package org.spikeflow.training.snn;

/**
 * Surrogate derivatives of the spike (Heaviside of {@code x = v - threshold}) for backpropagation, each with
 * the smooth function whose derivative it is (used to check gradients by finite differences).
 */
public enum Surrogate {
    /** sigma(x) = 1/2 + x / (2 (1 + a|x|)); sigma'(x) = 1 / (2 (1 + a|x|)^2)  (SuperSpike). */
    FAST_SIGMOID {
        @Override
        public double grad(double x, double a) {
            double d = 1 + a * Math.abs(x);
            return 1 / (2 * d * d);
        }

        @Override
        public double smooth(double x, double a) {
            return 0.5 + x / (2 * (1 + a * Math.abs(x)));
        }
    },
    /** sigma(x) = 1/2 + atan(pi a x / 2) / pi; sigma'(x) = a / (2 (1 + (pi a x / 2)^2)). */
    ARCTAN {
        @Override
        public double grad(double x, double a) {
            double z = Math.PI * a * x / 2;
            return a / (2 * (1 + z * z));
        }

        @Override
        public double smooth(double x, double a) {
            return 0.5 + Math.atan(Math.PI * a * x / 2) / Math.PI;
        }
    },
    /** sigma'(x) = max(0, 1 - a|x|) a; sigma the matching piecewise quadratic. */
    TRIANGLE {
        @Override
        public double grad(double x, double a) {
            return Math.max(0, 1 - a * Math.abs(x)) * a;
        }

        @Override
        public double smooth(double x, double a) {
            double z = a * x;
            if (z <= -1) return 0;
            if (z >= 1) return 1;
            return z < 0 ? 0.5 * (1 + z) * (1 + z) : 1 - 0.5 * (1 - z) * (1 - z);
        }
    };

    public abstract double grad(double x, double alpha);

    public abstract double smooth(double x, double alpha);
}

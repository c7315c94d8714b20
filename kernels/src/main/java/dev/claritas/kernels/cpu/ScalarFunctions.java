package dev.claritas.kernels.cpu;

import dev.claritas.tensor.spi.BinaryOp;
import dev.claritas.tensor.spi.UnaryOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** The math of each elementwise op on one value, computed in double and rounded by the caller's store. */
final class ScalarFunctions {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ScalarFunctions() {}

    static DoubleUnaryOperator unary(UnaryOp op, double a, double b) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Math::signum;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TANH -> Math::tanh;
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case RELU -> x -> x > 0 ? x : (Double.isNaN(x) ? x : 0);
            case LEAKY_RELU -> x -> x > 0 ? x : x * a;
            case GELU -> x -> 0.5 * x * (1 + erf(x * INV_SQRT2));
            case GELU_GRAD -> x -> 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case POW -> x -> Math.pow(x, a);
            case CLAMP -> x -> clamp(x, a, b);
        };
    }

    private static double clamp(double x, double min, double max) {
        if (Double.isNaN(x)) {
            return x;
        }
        double y = Double.isNaN(min) ? x : Math.max(x, min);
        return Double.isNaN(max) ? y : Math.min(y, max);
    }

    static DoubleBinaryOperator binary(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (x, y) -> x - y;
            case MUL -> (x, y) -> x * y;
            case DIV -> (x, y) -> x / y;
            case POW -> Math::pow;
            case MAXIMUM -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case MINIMUM -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case RELU_BACKWARD -> (g, out) -> out <= 0 ? 0 : g; // a NaN output passes g
            case EQ -> (x, y) -> x == y ? 1 : 0;
            case NE -> (x, y) -> x != y ? 1 : 0;
            case LT -> (x, y) -> x < y ? 1 : 0;
            case LE -> (x, y) -> x <= y ? 1 : 0;
            case GT -> (x, y) -> x > y ? 1 : 0;
            case GE -> (x, y) -> x >= y ? 1 : 0;
        };
    }

    /**
     * The error function to double precision: a series for small |x|, a continued fraction of
     * erfc for large |x| (Abramowitz and Stegun 7.1.5 and 7.1.14).
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 2.5) {
            // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 80; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return Math.copySign(sum * 2 / Math.sqrt(Math.PI), x);
        }
        if (ax > 6) {
            return Math.copySign(1, x);
        }
        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated bottom-up
        double f = ax;
        for (int n = 60; n >= 1; n--) {
            f = ax + (n / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.copySign(1 - erfc, x);
    }
}

package dev.estimator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/** Every estimator against an independent exact answer. */
class ReferenceSolutionsTest {

    private static final double[] LINEAR_TRUTH = {1.5, -2.0, 0.7, 0.0, 3.1, 4.0};

    @Test
    void fullBatchGdReachesOrdinaryLeastSquares() {
        Frame frame = Fixtures.linear(1_003, LINEAR_TRUTH, 0.8, 11);
        FitResult fit = Fixtures.fit(frame, Fixtures.spec(ModelKind.LINEAR),
                TrainingConfig.builder(ModelKind.LINEAR).learningRate(0.5).tolerance(0).maxIterations(3000).build());

        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(frame.column("y").values(), Fixtures.rows(frame, "y"));
        double[] beta = ols.estimateRegressionParameters(); // intercept first
        double[] se = ols.estimateRegressionParametersStandardErrors();

        double[] expected = moveInterceptLast(beta);
        assertThat(Fixtures.maxRelativeError(Fixtures.values(fit), expected)).isLessThan(1e-8);
        assertThat(fit.statistic()).isEqualTo("t");
        double[] expectedSe = moveInterceptLast(se);
        for (int j = 0; j < fit.coefficients().size(); j++) {
            assertThat(fit.coefficients().get(j).standardError()).isCloseTo(expectedSe[j], within(1e-6 * expectedSe[j]));
        }
        assertThat(fit.intercept().standardError()).isCloseTo(expectedSe[expectedSe.length - 1],
                within(1e-6 * expectedSe[expectedSe.length - 1]));
        // R² as OLS reports it.
        assertThat(fit.trainMetrics().get("r2")).isCloseTo(ols.calculateRSquared(), within(1e-9));
        // p-value and interval of a t statistic with n − p degrees of freedom.
        Coefficient c = fit.coefficients().get(3);
        double t = c.value() / c.standardError();
        var dist = new org.apache.commons.math3.distribution.TDistribution(1_003 - 6);
        assertThat(c.statistic()).isCloseTo(t, within(1e-9 * Math.abs(t) + 1e-12));
        assertThat(c.pValue()).isCloseTo(2 * dist.cumulativeProbability(-Math.abs(t)), within(1e-9));
        assertThat(c.ci95()[1] - c.value()).isCloseTo(dist.inverseCumulativeProbability(0.975) * c.standardError(),
                within(1e-9));
    }

    @Test
    void logisticReachesNewtonSolution() {
        Frame frame = Fixtures.logistic(2_001, new double[] {0.8, -1.2, 0.5, 0.3}, 5);
        FitResult fit = Fixtures.fit(frame, Fixtures.spec(ModelKind.LOGISTIC),
                TrainingConfig.builder(ModelKind.LOGISTIC).learningRate(1.0).update(UpdateKind.NESTEROV)
                        .learningRate(0.5).tolerance(0).maxIterations(4000).build());
        Newton reference = Newton.fit(Fixtures.rows(frame, "y"), frame.column("y").values(), new LogisticLoss());
        assertThat(Fixtures.maxRelativeError(Fixtures.values(fit), reference.beta)).isLessThan(1e-6);
        assertThat(fit.statistic()).isEqualTo("z");
        for (int j = 0; j < fit.coefficients().size(); j++) {
            assertThat(fit.coefficients().get(j).standardError())
                    .isCloseTo(reference.standardErrors[j], within(1e-5 * reference.standardErrors[j]));
        }
    }

    @Test
    void poissonReachesNewtonSolution() {
        Frame frame = Fixtures.poisson(2_001, new double[] {0.5, -0.4, 0.25, 0.6}, 9);
        FitResult fit = Fixtures.fit(frame, Fixtures.spec(ModelKind.POISSON),
                TrainingConfig.builder(ModelKind.POISSON).update(UpdateKind.NESTEROV).learningRate(0.1)
                        .tolerance(0).maxIterations(4000).build());
        Newton reference = Newton.fit(Fixtures.rows(frame, "y"), frame.column("y").values(), new PoissonLoss());
        assertThat(Fixtures.maxRelativeError(Fixtures.values(fit), reference.beta)).isLessThan(1e-6);
        for (int j = 0; j < fit.coefficients().size(); j++) {
            assertThat(fit.coefficients().get(j).standardError())
                    .isCloseTo(reference.standardErrors[j], within(1e-5 * reference.standardErrors[j]));
        }
        assertThat(fit.trainMetrics()).containsKeys("deviance", "rmse");
    }

    @Test
    void huberReachesIterativelyReweightedSolution() {
        Frame frame = Fixtures.linear(1_501, LINEAR_TRUTH, 1.0, 13);
        double[] y = frame.column("y").values();
        for (int i = 0; i < y.length; i += 37) {
            y[i] += 60; // gross outliers the squared loss would chase
        }
        double delta = 1.345;
        FitResult fit = Fixtures.fit(frame, Fixtures.spec(ModelKind.HUBER),
                TrainingConfig.builder(ModelKind.HUBER).huberDelta(delta).update(UpdateKind.NESTEROV).learningRate(0.3)
                        .tolerance(0).maxIterations(6000).build());
        double[] reference = huberByReweighting(Fixtures.rows(frame, "y"), y, delta);
        assertThat(Fixtures.maxRelativeError(Fixtures.values(fit), reference)).isLessThan(1e-6);
        double[] truthInterceptLast = LINEAR_TRUTH;
        assertThat(Fixtures.maxErrorRelativeToLargest(Fixtures.values(fit), truthInterceptLast)).isLessThan(0.05);
    }

    @Test
    void sgdAndMinibatchWithAdamGetClose() {
        Frame frame = Fixtures.linear(20_000, LINEAR_TRUTH, 0.5, 17);
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(frame.column("y").values(), Fixtures.rows(frame, "y"));
        double[] expected = moveInterceptLast(ols.estimateRegressionParameters());
        for (Algorithm algorithm : List.of(Algorithm.SGD, Algorithm.MINIBATCH)) {
            for (ParallelMode mode : ParallelMode.values()) {
                TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).algorithm(algorithm)
                        .parallelMode(mode).update(UpdateKind.ADAM).batchSize(32)
                        .learningRate(algorithm == Algorithm.SGD ? 0.005 : 0.05)
                        .schedule(ScheduleKind.INVERSE_SCALING).tolerance(0).maxIterations(60).build();
                FitResult fit = Fixtures.fit(frame, Fixtures.spec(ModelKind.LINEAR), config);
                assertThat(Fixtures.maxErrorRelativeToLargest(Fixtures.values(fit), expected))
                        .as("%s %s", algorithm, mode).isLessThan(1e-2);
            }
        }
    }

    @Test
    void lassoGivesExactZerosWhereCoordinateDescentDoes() {
        double[] truth = {2.0, 0.0, -1.5, 0.0, 0.05, 1.0};
        Frame frame = Fixtures.linear(2_000, truth, 1.0, 19);
        DesignSpec spec = Fixtures.spec(ModelKind.LINEAR);
        DesignMatrix data = DesignMatrixBuilder.build(frame, spec);
        double l1 = 0.15;
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).l1(l1).learningRate(0.5).tolerance(0)
                .maxIterations(3000).build();
        TrainingOutcome outcome = new Trainer(data, config, Fixtures.POOL).run(TrainingListener.NONE);
        double[] reference = lassoByCoordinateDescent(data, l1);
        int zeros = 0;
        for (int j = 0; j < data.p(); j++) {
            if (reference[j] == 0.0) {
                zeros++;
                assertThat(outcome.params()[j]).as("coefficient %d", j).isEqualTo(0.0);
            } else {
                assertThat(outcome.params()[j]).isCloseTo(reference[j], within(1e-8));
            }
        }
        assertThat(zeros).isGreaterThanOrEqualTo(2);
        assertThat(outcome.params()[data.p()]).isCloseTo(reference[data.p()], within(1e-8));
        assertThat(FitResult.of(data, config, outcome).statistic()).isNull();
    }

    /** (1/2n)‖y − b − Xw‖² + l1‖w‖₁ on the (centred) design matrix, by cyclic coordinate descent. */
    private static double[] lassoByCoordinateDescent(DesignMatrix data, double l1) {
        int n = data.trainingRows();
        int p = data.p();
        double[] x = data.x();
        double[] y = data.y();
        double[] w = new double[p + 1];
        double[] r = y.clone();
        for (int sweep = 0; sweep < 10_000; sweep++) {
            double b = 0;
            for (int i = 0; i < n; i++) {
                b += r[i] + w[p];
            }
            b /= n;
            for (int i = 0; i < n; i++) {
                r[i] -= b - w[p];
            }
            w[p] = b;
            for (int j = 0; j < p; j++) {
                double rho = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    double xij = x[i * p + j];
                    rho += xij * (r[i] + xij * w[j]);
                    norm += xij * xij;
                }
                rho /= n;
                norm /= n;
                double updated = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / norm;
                for (int i = 0; i < n; i++) {
                    r[i] -= x[i * p + j] * (updated - w[j]);
                }
                w[j] = updated;
            }
        }
        return w;
    }

    /**
     * Huber's M-estimate by iteratively reweighted least squares (weights min(1, δ/|r|)), solved with
     * commons-math3, starting from OLS; intercept last.
     */
    private static double[] huberByReweighting(double[][] rows, double[] y, double delta) {
        int n = rows.length;
        int q = rows[0].length + 1;
        double[] theta = new double[q];
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        for (int it = 0; it < 500; it++) {
            RealMatrix a = new Array2DRowRealMatrix(q, q);
            RealVector b = new ArrayRealVector(q);
            for (int i = 0; i < n; i++) {
                double[] z = new double[q];
                System.arraycopy(rows[i], 0, z, 0, q - 1);
                z[q - 1] = 1.0;
                RealVector zi = new ArrayRealVector(z, false);
                a = a.add(zi.outerProduct(zi).scalarMultiply(w[i]));
                b = b.add(zi.mapMultiply(w[i] * y[i]));
            }
            double[] next = new LUDecomposition(a).getSolver().solve(b).toArray();
            double change = 0;
            for (int j = 0; j < q; j++) {
                change = Math.max(change, Math.abs(next[j] - theta[j]));
            }
            theta = next;
            for (int i = 0; i < n; i++) {
                double m = theta[q - 1];
                for (int j = 0; j < q - 1; j++) {
                    m += theta[j] * rows[i][j];
                }
                double r = Math.abs(y[i] - m);
                w[i] = r <= delta ? 1.0 : delta / r;
            }
            if (change < 1e-14) {
                break;
            }
        }
        return theta;
    }

    private static double[] moveInterceptLast(double[] interceptFirst) {
        double[] out = new double[interceptFirst.length];
        System.arraycopy(interceptFirst, 1, out, 0, interceptFirst.length - 1);
        out[out.length - 1] = interceptFirst[0];
        return out;
    }

    /**
     * Newton's method (IRLS) on the unstandardized design with an intercept column, written with
     * commons-math3 linear algebra: θ ← θ − (XᵀWX)⁻¹ Xᵀℓ'. Standard errors from the inverse information.
     */
    static final class Newton {
        double[] beta;
        double[] standardErrors;

        static Newton fit(double[][] rows, double[] y, Loss loss) {
            int n = rows.length;
            int q = rows[0].length + 1;
            RealMatrix x = new Array2DRowRealMatrix(n, q);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < q - 1; j++) {
                    x.setEntry(i, j, rows[i][j]);
                }
                x.setEntry(i, q - 1, 1.0);
            }
            RealVector theta = new ArrayRealVector(q);
            RealMatrix info = null;
            for (int it = 0; it < 100; it++) {
                RealVector margin = x.operate(theta);
                RealVector g = new ArrayRealVector(q);
                info = new Array2DRowRealMatrix(q, q);
                for (int i = 0; i < n; i++) {
                    RealVector xi = x.getRowVector(i);
                    g = g.add(xi.mapMultiply(loss.derivative(margin.getEntry(i), y[i])));
                    double w = loss.curvature(margin.getEntry(i), y[i]);
                    info = info.add(xi.outerProduct(xi).scalarMultiply(w));
                }
                RealVector step = new LUDecomposition(info).getSolver().solve(g);
                theta = theta.subtract(step);
                if (step.getNorm() < 1e-13 * (1 + theta.getNorm())) {
                    break;
                }
            }
            Newton out = new Newton();
            out.beta = theta.toArray();
            RealMatrix cov = new LUDecomposition(info).getSolver().getInverse();
            out.standardErrors = new double[q];
            for (int j = 0; j < q; j++) {
                out.standardErrors[j] = Math.sqrt(cov.getEntry(j, j));
            }
            return out;
        }
    }
}

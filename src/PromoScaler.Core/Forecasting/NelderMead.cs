namespace PromoScaler.Core.Forecasting;

/// <summary>
/// Nelder-Mead simplex minimisation with the standard coefficients (reflection 1, expansion 2, contraction 0.5,
/// shrink 0.5). Small and derivative-free: enough for the three smoothing constants of Holt-Winters.
/// </summary>
internal static class NelderMead
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/>; returns the best point found.</summary>
    /// <param name="objective">Function to minimise.</param>
    /// <param name="start">Initial point.</param>
    /// <param name="initialStep">Size of the initial simplex along each axis.</param>
    /// <param name="maxEvaluations">Budget of objective evaluations.</param>
    /// <param name="tolerance">Stop when the simplex's values differ by less than this (relative).</param>
    // Long on purpose: the textbook iteration (reflect, expand, contract, shrink) as one loop; its geometry is already in the helpers below.
    public static double[] Minimize(Func<double[], double> objective, double[] start, double initialStep, int maxEvaluations, double tolerance)
    {
        var n = start.Length;
        var (points, values) = InitialSimplex(objective, start, initialStep);
        var evaluations = n + 1;
        var centroid = new double[n];
        var trial = new double[n];
        var trial2 = new double[n];
        while (evaluations < maxEvaluations)
        {
            Array.Sort(values, points);
            var spread = Math.Abs(values[n] - values[0]);
            if (spread <= tolerance * (Math.Abs(values[0]) + 1e-12))
            {
                break;
            }

            Centroid(points, centroid);
            Blend(centroid, points[n], -1.0, trial);
            var reflected = objective(trial);
            evaluations++;
            if (reflected < values[0])
            {
                Blend(centroid, points[n], -2.0, trial2);
                var expanded = objective(trial2);
                evaluations++;
                Replace(points, values, n, expanded < reflected ? trial2 : trial, Math.Min(expanded, reflected));
            }
            else if (reflected < values[n - 1])
            {
                Replace(points, values, n, trial, reflected);
            }
            else
            {
                // Contract towards the better of the worst point and its reflection.
                var outside = reflected < values[n];
                Blend(centroid, points[n], outside ? -0.5 : 0.5, trial2);
                var contracted = objective(trial2);
                evaluations++;
                if (contracted < (outside ? reflected : values[n]))
                {
                    Replace(points, values, n, trial2, contracted);
                }
                else
                {
                    evaluations += Shrink(objective, points, values);
                }
            }
        }

        var best = 0;
        for (var i = 1; i <= n; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }

        return points[best];
    }

    // The start and one point a step away along each axis.
    private static (double[][] Points, double[] Values) InitialSimplex(Func<double[], double> objective, double[] start, double initialStep)
    {
        var n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            points[i] = (double[])start.Clone();
            if (i > 0)
            {
                points[i][i - 1] += initialStep;
            }

            values[i] = objective(points[i]);
        }

        return (points, values);
    }

    // The centroid of every point but the worst (the last, once sorted).
    private static void Centroid(double[][] points, double[] centroid)
    {
        var n = centroid.Length;
        Array.Clear(centroid);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                centroid[j] += points[i][j] / n;
            }
        }
    }

    // Every point but the best halfway towards it; returns the evaluations spent.
    private static int Shrink(Func<double[], double> objective, double[][] points, double[] values)
    {
        var n = points.Length - 1;
        for (var i = 1; i <= n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                points[i][j] = points[0][j] + 0.5 * (points[i][j] - points[0][j]);
            }

            values[i] = objective(points[i]);
        }

        return n;
    }

    // result = centroid + coefficient x (worst - centroid)
    private static void Blend(double[] centroid, double[] worst, double coefficient, double[] result)
    {
        for (var j = 0; j < centroid.Length; j++)
        {
            result[j] = centroid[j] + coefficient * (worst[j] - centroid[j]);
        }
    }

    private static void Replace(double[][] points, double[] values, int index, double[] point, double value)
    {
        Array.Copy(point, points[index], point.Length);
        values[index] = value;
    }
}

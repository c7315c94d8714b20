package dev.claritas.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots of training curves written as PNG with XChart. Each curve added with {@link #addSmoothed} is drawn
 * twice: its raw values as a faint line, and an exponential moving average of them on top (over about a thirtieth
 * of the curve), so the trend shows through the step-to-step noise of stochastic training. Curves added with
 * {@link #addPoints} (values measured now and then, e.g. on held-out data) are drawn as they are, with markers.
 *
 * <pre>{@code
 * new LossCurves("Training", "step", "loss").addSmoothed("train", steps, losses).write(Path.of("loss.png"), 800, 500);
 * }</pre>
 */
public final class LossCurves {
    static {
        // No display is needed to draw a chart into an image; say so before any AWT class loads.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Colours that stay apart for the colour-blind (Okabe and Ito's palette), in the order curves are added. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233)};

    private final String title, xLabel, yLabel;
    private final List<Curve> curves = new ArrayList<>();

    private record Curve(String name, double[] x, double[] y, boolean smoothed) {}

    public LossCurves(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a noisy curve, drawn raw (faint) and smoothed; returns this. */
    public LossCurves addSmoothed(String name, double[] x, double[] y) {
        curves.add(new Curve(name, check(name, x, y), y.clone(), true));
        return this;
    }

    /** Adds a curve of occasional measurements, drawn as points joined by a line; returns this. */
    public LossCurves addPoints(String name, double[] x, double[] y) {
        curves.add(new Curve(name, check(name, x, y), y.clone(), false));
        return this;
    }

    /** Writes the plot as a {@code width} × {@code height} PNG, creating the parent folder if needed. */
    public void write(Path file, int width, int height) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart(width, height), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private XYChart chart(int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAntiAlias(true);
        styler.setMarkerSize(6);
        // For x values evenly spaced from end to end of the axis XChart puts ticks on every k-th value (1, 76, 151,
        // ...); a little room after the last value breaks the even spacing, and it picks round numbers instead.
        double lastX = curves.stream().mapToDouble(c -> c.x()[c.x().length - 1]).max().orElse(1);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(lastX * 1.02);
        styler.setXAxisDecimalPattern("#"); // "1,051" labels ran into each other
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Color color = PALETTE[i % PALETTE.length];
            if (c.smoothed()) {
                XYSeries raw = chart.addSeries(c.name() + " (raw)", c.x(), c.y());
                raw.setMarker(SeriesMarkers.NONE);
                raw.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
                raw.setLineStyle(new BasicStroke(1f));
                raw.setShowInLegend(false);
                XYSeries smooth = chart.addSeries(c.name(), c.x(), exponentialMovingAverage(c.y()));
                smooth.setMarker(SeriesMarkers.NONE);
                smooth.setLineColor(color);
                smooth.setLineStyle(new BasicStroke(2.5f));
            } else {
                XYSeries points = chart.addSeries(c.name(), c.x(), c.y());
                points.setMarker(SeriesMarkers.CIRCLE);
                points.setMarkerColor(color);
                points.setLineColor(color);
                points.setLineStyle(new BasicStroke(1.5f));
            }
        }
        return chart;
    }

    /**
     * The exponential moving average with the start-up bias removed (as Adam corrects its moments), so the
     * smoothed curve starts at the first values rather than creeping up from zero.
     */
    static double[] exponentialMovingAverage(double[] y) {
        double span = Math.max(1, y.length / 30.0);
        double smoothing = 1 - 1 / span; // the weight of the previous average
        double[] out = new double[y.length];
        double average = 0, weight = 0;
        for (int i = 0; i < y.length; i++) {
            average = smoothing * average + (1 - smoothing) * y[i];
            weight = smoothing * weight + (1 - smoothing);
            out[i] = average / weight;
        }
        return out;
    }

    private static double[] check(String name, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("curve '" + name + "': needs as many x as y values, at least one; got "
                    + x.length + " and " + y.length);
        }
        return x.clone();
    }
}

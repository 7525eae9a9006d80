package io.distlock.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.distlock.benchmarks.clients.Contender;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The bar chart of BENCHMARKS.md: throughput of every contender relative to the raw floor, per
 * scenario, on a logarithmic axis (1.0 = as fast as the floor), drawn headless with JFreeChart.
 */
final class Chart {

    private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0x6baed6), new Color(0xd62728),
            new Color(0x2ca02c), new Color(0x98df8a), new Color(0x9467bd), new Color(0x7f7f7f) };

    private Chart() {
    }

    static void write(Results results, Path png, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        double min = 1;
        double max = 1;
        for (String scenario : Results.SCENARIOS.keySet()) {
            for (Contender contender : Contender.values()) {
                double ratio = results.ratio(scenario, contender);
                if (Double.isFinite(ratio) && ratio > 0) {
                    dataset.addValue(ratio, contender.label(), Results.TITLES.get(scenario));
                    min = Math.min(min, ratio);
                    max = Math.max(max, ratio);
                }
            }
        }
        LogAxis values = new LogAxis("throughput relative to raw Lettuce SET NX + EVALSHA (log scale)");
        values.setBase(10);
        values.setSmallestValue(1e-4);
        values.setRange(Math.pow(10, Math.floor(Math.log10(min)) - 0.05), Math.pow(10, Math.ceil(Math.log10(max)) + 0.05));
        values.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        values.setTickUnit(new NumberTickUnit(1.0));
        values.setMinorTickCount(9);
        values.setMinorTickMarksVisible(true);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.03);
        renderer.setBase(1e-4);
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[Contender.valueOf(contenderName(dataset.getRowKey(i))).ordinal()
                    % COLORS.length]);
        }
        CategoryPlot plot = new CategoryPlot(dataset, new CategoryAxis(null), values, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        ValueMarker floor = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(floor);
        JFreeChart chart = new JFreeChart("distlock vs. alternatives: lock cycles/s relative to the floor",
                new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 560);
    }

    private static String contenderName(Comparable<?> label) {
        for (Contender contender : Contender.values()) {
            if (contender.label().equals(label)) {
                return contender.name();
            }
        }
        throw new IllegalArgumentException(String.valueOf(label));
    }
}

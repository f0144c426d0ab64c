package io.github.loihiemu.nbp.plot;

import io.github.loihiemu.nbp.NbpReport;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A spike raster as a PNG, like the paper's raster figure: one band per population (rows are neurons, scaled to the
 * band), one column per timestep, slots shaded alternately and numbered, sample boundaries drawn bold.
 */
public final class RasterPlot {
    private static final int LEFT = 90;
    private static final int TOP = 40;
    private static final int STEP_WIDTH = 22;
    private static final int GAP = 3;

    private RasterPlot() {
    }

    /** Draws {@code raster} under {@code title} into {@code file}. */
    public static void write(NbpReport.Raster raster, String title, Path file) throws IOException {
        int bands = raster.names().size();
        int[] height = new int[bands];
        int total = 0;
        for (int b = 0; b < bands; b++) {
            height[b] = Math.max(8, Math.min(raster.sizes().get(b), 60));
            total += height[b] + GAP;
        }
        int width = LEFT + raster.steps() * STEP_WIDTH + 20;
        int h = TOP + total + 40;
        BufferedImage img = Png.canvas(width, h);
        Graphics2D g = Png.graphics(img);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(13f));
        g.drawString(title, LEFT, 16);
        g.setFont(g.getFont().deriveFont(10f));
        for (int s = 0; s < raster.steps(); s++) {
            long t = raster.firstStep() + s;
            int x = LEFT + s * STEP_WIDTH;
            if ((t % raster.period()) % 2 == 0) {
                g.setColor(new Color(238, 238, 245));
                g.fillRect(x, TOP, STEP_WIDTH, total);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(Long.toString(t % raster.period()), x + 6, TOP - 6);
        }
        int y = TOP;
        int[] bandTop = new int[bands];
        for (int b = 0; b < bands; b++) {
            bandTop[b] = y;
            g.setColor(Color.BLACK);
            g.drawString(raster.names().get(b), 4, y + Math.min(height[b], 12));
            g.setColor(new Color(200, 200, 200));
            g.drawLine(LEFT, y + height[b] + 1, width - 20, y + height[b] + 1);
            y += height[b] + GAP;
        }
        g.setColor(new Color(20, 60, 160));
        for (int b = 0; b < bands; b++) {
            long[] times = raster.times().get(b);
            int[] idx = raster.indices().get(b);
            int size = raster.sizes().get(b);
            for (int k = 0; k < times.length; k++) {
                int x = LEFT + (int) (times[k] - raster.firstStep()) * STEP_WIDTH + 4;
                int yy = bandTop[b] + (int) ((long) idx[k] * height[b] / size);
                g.fillRect(x, yy, STEP_WIDTH - 8, Math.max(1, height[b] / Math.max(1, size)));
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s <= raster.steps(); s += raster.period()) {
            int x = LEFT + s * STEP_WIDTH;
            g.drawLine(x, TOP, x, TOP + total);
        }
        g.setFont(g.getFont().deriveFont(11f));
        g.drawString("timestep " + raster.firstStep() + " .. " + (raster.firstStep() + raster.steps() - 1)
                + " (numbers: slot = t mod " + raster.period() + "; bold lines: sample boundaries)", LEFT, h - 14);
        g.dispose();
        Png.write(img, file);
    }
}

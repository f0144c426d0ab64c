package io.github.loihiemu.nbp.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A learning curve as a PNG: accuracy (%) against epoch, one line per series. */
public final class CurvePlot {
    /** One line: its label and its values at epochs 1, 2, ... */
    public record Series(String label, double[] values) {
    }

    private static final Color[] COLORS = {new Color(20, 60, 160), new Color(200, 80, 20), new Color(30, 140, 60),
        new Color(120, 40, 140)};

    private CurvePlot() {
    }

    /** Draws {@code series} under {@code title} into {@code file}. */
    public static void write(String title, List<Series> series, Path file) throws IOException {
        int epochs = 0;
        double lo = 100;
        double hi = 0;
        for (Series s : series) {
            epochs = Math.max(epochs, s.values().length);
            for (double v : s.values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (epochs == 0) {
            throw new IllegalArgumentException("learning curve: no epochs to plot");
        }
        lo = Math.max(0, Math.floor(lo / 5) * 5 - 5);
        hi = Math.min(100, Math.ceil(hi / 5) * 5 + 5);
        int w = 720;
        int h = 460;
        int left = 70;
        int right = w - 30;
        int top = 40;
        int bottom = h - 60;
        BufferedImage img = Png.canvas(w, h);
        Graphics2D g = Png.graphics(img);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(14f));
        g.drawString(title, left, 22);
        g.setFont(g.getFont().deriveFont(11f));
        g.drawRect(left, top, right - left, bottom - top);
        for (double v = lo; v <= hi + 1e-9; v += 5) {
            int y = (int) Math.round(bottom - (v - lo) / (hi - lo) * (bottom - top));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left + 1, y, right - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.0f", v), left - 28, y + 4);
        }
        int tick = Math.max(1, epochs / 10);
        for (int e = 1; e <= epochs; e += tick) {
            int x = xOf(e, epochs, left, right);
            g.drawLine(x, bottom, x, bottom + 4);
            g.drawString(Integer.toString(e), x - 4, bottom + 18);
        }
        g.drawString("epoch", (left + right) / 2 - 15, bottom + 36);
        g.drawString("accuracy (%)", 4, top - 8);
        g.setStroke(new BasicStroke(2f));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            double[] v = s.values();
            for (int e = 0; e < v.length; e++) {
                int x = xOf(e + 1, epochs, left, right);
                int y = (int) Math.round(bottom - (v[e] - lo) / (hi - lo) * (bottom - top));
                g.fillOval(x - 3, y - 3, 6, 6);
                if (e > 0) {
                    int px = xOf(e, epochs, left, right);
                    int py = (int) Math.round(bottom - (v[e - 1] - lo) / (hi - lo) * (bottom - top));
                    g.drawLine(px, py, x, y);
                }
            }
            g.drawString(s.label() + String.format(Locale.ROOT, " (last %.2f %%)", v[v.length - 1]), left + 12,
                    bottom - 12 - 16 * (series.size() - 1 - k));
        }
        g.dispose();
        Png.write(img, file);
    }

    private static int xOf(int epoch, int epochs, int left, int right) {
        return epochs == 1 ? (left + right) / 2 : left + 20 + (epoch - 1) * (right - left - 40) / (epochs - 1);
    }
}

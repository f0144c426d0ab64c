package io.github.loihiemu.nir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A spike raster of a run as a PNG: one band per node (Input and neuron nodes, in the graph's order), its neurons as
 * rows scaled to the band, time running to the right. A long run is drawn with several steps per pixel column (a
 * column is marked where a neuron spiked in any of its steps), so the image stays under about
 * {@value #MAX_PLOT_WIDTH} pixels of plot whatever the length.
 */
public final class RasterPng {
    /** Left margin, for the node names. */
    static final int LEFT = 130;
    static final int TOP = 30;
    static final int RIGHT = 20;
    static final int BOTTOM = 30;
    static final int GAP = 4;
    static final int MAX_PLOT_WIDTH = 2000;
    /** The spike colour; a test finds spikes by it. */
    static final Color SPIKE = new Color(20, 60, 160);

    private RasterPng() {
    }

    /** Steps drawn per pixel column: 1 up to {@value #MAX_PLOT_WIDTH} steps, then as many as keep the width. */
    static int stepsPerColumn(int steps) {
        return Math.max(1, (steps + MAX_PLOT_WIDTH - 1) / MAX_PLOT_WIDTH);
    }

    /** Pixels per column: up to 8 for short runs, so that single spikes stay visible. */
    static int columnWidth(int steps) {
        int cols = (steps + stepsPerColumn(steps) - 1) / stepsPerColumn(steps);
        return Math.max(1, Math.min(8, MAX_PLOT_WIDTH / Math.max(1, cols)));
    }

    /** A band's height in pixels: one per neuron, at least 8 and at most 120. */
    static int bandHeight(int neurons) {
        return Math.max(8, Math.min(120, neurons));
    }

    /**
     * Draws the spikes of every node of {@code spikes} under {@code title} into {@code file}.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(NirSpikes spikes, String title, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("cannot write " + file + ": directory " + parent + " does not exist");
        }
        List<String> nodes = spikes.nodes();
        int steps = spikes.steps();
        int per = stepsPerColumn(steps);
        int cw = columnWidth(steps);
        int cols = (steps + per - 1) / per;
        int total = 0;
        for (String n : nodes) {
            total += bandHeight(spikes.size(n)) + GAP;
        }
        int width = LEFT + Math.max(1, cols) * cw + RIGHT;
        int height = TOP + total + BOTTOM;
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(12f));
        g.drawString(title, LEFT, 18);
        g.setFont(g.getFont().deriveFont(10f));
        int y = TOP;
        for (String n : nodes) {
            int size = spikes.size(n);
            int h = bandHeight(size);
            g.setColor(new Color(244, 244, 248));
            g.fillRect(LEFT, y, cols * cw, h);
            g.setColor(Color.BLACK);
            String label = n.length() > 20 ? n.substring(0, 19) + "~" : n;
            g.drawString(label + " (" + size + ")", 4, y + Math.min(h, 11));
            g.setColor(SPIKE);
            boolean[][] s = spikes.spikes(n);
            int rowH = Math.max(1, h / Math.max(1, size));
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < size; i++) {
                    if (s[t][i]) {
                        g.fillRect(LEFT + (t / per) * cw, y + (int) ((long) i * h / size), cw, rowH);
                    }
                }
            }
            y += h + GAP;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("step 0 .. " + (steps - 1) + (per > 1 ? " (" + per + " steps per column)" : ""), LEFT,
                height - 10);
        g.dispose();
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("cannot write " + file + ": no PNG writer in this JVM");
        }
    }
}

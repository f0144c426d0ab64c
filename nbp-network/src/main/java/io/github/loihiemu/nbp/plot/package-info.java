/**
 * The PNG plots of {@code nbp report}, drawn headless with java.awt: {@link RasterPlot} is a spike raster like the
 * nBP paper's (one band per population, slots shaded and numbered), {@link CurvePlot} a learning curve (accuracy
 * against epoch). They only draw data handed to them by the report; see docs/nbp.md and docs/energy.md.
 */
package io.github.loihiemu.nbp.plot;

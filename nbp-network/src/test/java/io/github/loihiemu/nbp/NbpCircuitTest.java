package io.github.loihiemu.nbp;

import io.github.loihiemu.core.network.CompartmentGroup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The circuit generator: the paper's circuit for one hidden layer, and the schedule for more. */
class NbpCircuitTest {
    /** The 102 rows of nbp-circuit.md section 5 as "source target type delay" (g, g1, g1s: G one-to-all, G1 one-to-one). */
    private static final String[] PAPER_ROWS = {
            "x m_x6 E1 4", "h1 m_h1 E1 0", "x h1 P 0", "x h1_copy P 0", "x h1_copy2 P 0", "h1 o P 0",
            "h1 o_copy P 0", "h1 o_copy2 P 0", "o_copy d- G1 0", "o_copy d+ G1 0", "o_copy2 d- I1 0", "o d- E1 0",
            "t d- I1 0", "t d+ E1 0", "o d+ I1 0", "d- o E1 4", "d- o_copy E1 4", "d- o_copy2 E1 4", "d- oT- E1 0",
            "d+ o E1 0", "d+ o_copy E1 0", "d+ o_copy2 E1 0", "d+ oT- E1 4", "m_h1 h1 E1 1", "m_h1 h1T E1 1",
            "o h1T P 0", "oT- h1T P 0", "h1T h1 E1 0", "h1T h1_copy E1 0", "h1T h1_copy2 E1 0", "m_x6 x E1 0",
            "m_h1 h1 E1 5", "m_h1 h1T E1 5", "m_x6 x E1 4", "g06 m_x6 G 0", "g03 m_h1 G 0", "g01 x G 0",
            "g02 h1 G 0", "g02 h1_copy GM05 0", "g02 h1_copy2 GP05 0", "g02 h1_copy G 0", "g03 o G 0",
            "g03 o_copy GM05 0", "g03 o_copy2 GP05 0", "g03 o_copy G 0", "g03 t G 0", "g04 h1T GI 0", "g04 oT- GI 0",
            "g05 h1 G 0", "g05 h1T G 0", "g05 oT- G 0", "g05 o G 0", "g05 o_copy G 0", "g05 o_copy2 G 0",
            "g06 h1T GM05 0", "g06 h1T G 0", "g06 o GI 0", "g06 o_copy GI 0", "g06 o_copy2 GI 0", "g07 x G 0",
            "g08 h1 GI 0", "g08 h1_copy GI 0", "g08 h1_copy2 GI 0", "g09 h1 G 0", "g09 h1T G 0", "g09 o G 0",
            "g09 o_copy G 0", "g09 o_copy2 G 0", "g09 oT- G 0", "g10 h1T GM05 0", "g10 h1T G 0", "g10 o GI 0",
            "g10 o_copy GI 0", "g10 o_copy2 GI 0", "g11 x G 0", "g00 o GI 0", "g00 o_copy GI 0", "g00 o_copy2 GI 0",
            "c_h1 h1 G1 0", "c_h1 h1 G1 4", "c_h1 h1_copy G1 0", "c_h1 h1_copy G1 4", "c_h1 h1_copy2 G1 0",
            "c_h1 h1_copy2 G1 4", "input x E1 0", "in_tgt t E1 0", "h1_copy c_h1 E1 3", "h1_copy2 c_h1 I1 3",
            "g06 c_h1 G 0", "in_g g00 GE1 0", "g00 g01 GE1 0", "g01 g02 GE1 0", "g02 g03 GE1 0", "g03 g04 GE1 0",
            "g04 g05 GE1 0", "g05 g06 GE1 0", "g06 g07 GE1 0", "g07 g08 GE1 0", "g08 g09 GE1 0", "g09 g10 GE1 0",
            "g10 g11 GE1 0", "g11 g00 GE1 0"
    };

    /** Populations of nbp-circuit.md section 4 in its order, with sizes for 400-400-10. */
    private static final String PAPER_POPULATIONS = "m_x6:400 m_h1:400 c_h1:400 t:10 d-:10 d+:10 h1T:400 oT-:10 "
            + "g00:1 g01:1 g02:1 g03:1 g04:1 g05:1 g06:1 g07:1 g08:1 g09:1 g10:1 g11:1 x:400 h1:400 h1_copy:400 "
            + "h1_copy2:400 o:10 o_copy:10 o_copy2:10";

    @Test
    void oneHiddenLayerGeneratesThePaperCircuit() {
        NbpCircuit c = new NbpCircuit(NbpWeights.heInit(400, 400, 10, 1));
        assertEquals(12, c.period());
        List<String> got = new ArrayList<>();
        for (NbpCircuit.Row r : c.rows()) {
            got.add(r.key());
        }
        List<String> want = new ArrayList<>(Arrays.asList(PAPER_ROWS));
        assertEquals(102, want.size());
        assertEquals(sorted(want), sorted(got), "the rows of nbp-circuit.md, as a multiset");
        StringBuilder pops = new StringBuilder();
        for (CompartmentGroup g : c.network().groups()) {
            pops.append(pops.length() == 0 ? "" : " ").append(g.name()).append(':').append(g.size());
        }
        assertEquals(PAPER_POPULATIONS, pops.toString(), "populations in the paper's order");
        assertEquals(102, c.network().connections().size());
        // the firing slots of nbp-circuit.md section 6 (slot 0 is written 12)
        Map<String, List<Integer>> slots = c.firingSlots();
        assertEquals(List.of(2, 8, 12), slots.get("x"));
        assertEquals(List.of(3, 6, 8, 10, 12), slots.get("h1"));
        assertEquals(List.of(3, 8, 12), slots.get("h1_copy"));
        assertEquals(List.of(3, 8, 12), slots.get("h1_copy2"));
        assertEquals(List.of(4), slots.get("m_h1"));
        assertEquals(List.of(4, 6, 10), slots.get("o_copy2"));
        assertEquals(List.of(4), slots.get("t"));
        assertEquals(List.of(5), slots.get("d+"));
        assertEquals(List.of(6, 10), slots.get("oT-"));
        assertEquals(List.of(6, 7, 10, 11), slots.get("h1T"));
        assertEquals(List.of(7), slots.get("m_x6"));
        assertEquals(List.of(7), slots.get("c_h1"));
        assertEquals(List.of(12), slots.get("g00"));
        assertEquals(List.of(5), slots.get("g05"));
    }

    @Test
    void twoHiddenLayersFollowTheDocumentedSchedule() {
        NbpCircuit c = new NbpCircuit(NbpWeights.heInit(new int[] {400, 200, 200, 10}, 1));
        assertEquals(17, c.period());
        Map<String, List<Integer>> want = new LinkedHashMap<>();
        want.put("x", List.of(2, 13, 17));
        want.put("h1", List.of(3, 11, 13, 15, 17));
        want.put("h1_copy", List.of(3, 13, 17));
        want.put("h2", List.of(4, 7, 9, 11, 15));
        want.put("h2_copy2", List.of(4, 11, 15));
        want.put("o", List.of(5, 7, 9));
        want.put("t", List.of(5));
        want.put("d-", List.of(6));
        want.put("oT-", List.of(7, 9));
        want.put("h2T", List.of(7, 8, 9, 10));
        want.put("h2T-", List.of(11, 15));
        want.put("h1T", List.of(11, 12, 15, 16));
        want.put("m_h2", List.of(5));
        want.put("m_h1", List.of(8));
        want.put("m_x6", List.of(9));
        want.put("m_x6_r1", List.of(12));
        want.put("c_h1", List.of(10));
        want.put("c_h2", List.of(10));
        Map<String, List<Integer>> slots = c.firingSlots();
        want.forEach((pop, s) -> assertEquals(s, slots.get(pop), pop));
        NbpSchedule s = c.schedule();
        assertEquals("[7, 11, 13]", Arrays.toString(s.rewardSlots()));
        assertEquals(4, s.forward(2));
        assertEquals(5, s.forward(3));
    }

    @Test
    void deeperCircuitsPassTheGeneratorsSelfCheck() {
        for (int hidden = 2; hidden <= 8; hidden++) {
            int[] layers = new int[hidden + 2];
            Arrays.fill(layers, 3);
            layers[0] = 5;
            layers[hidden + 1] = 4;
            NbpCircuit c = new NbpCircuit(NbpWeights.heInit(layers, hidden));
            assertEquals(12 + 5 * (hidden - 1), c.period());
            // every population except the generators fires somewhere; gates once per period
            c.firingSlots().forEach((pop, s) -> assertTrue(!s.isEmpty(), pop + " never fires"));
            // 3 copies of each W_k, and W_kT+ and W_kT- for k >= 2
            long plastic = c.rows().stream().filter(r -> r.kind() == NbpCircuit.Kind.P).count();
            assertEquals(3L * (hidden + 1) + 2L * hidden, plastic);
        }
        assertThrows(IllegalArgumentException.class, () -> NbpWeights.heInit(new int[] {4, 4}, 1));
    }

    @Test
    void delayLinesUseTheFewestStages() {
        NbpSchedule s = new NbpSchedule(1);
        assertEquals("[4]", Arrays.toString(s.delayLine(3, 6, 10, false)));   // m_h1 of the paper
        assertEquals("[7]", Arrays.toString(s.delayLine(2, 8, 12, true)));    // m_x6 of the paper
        assertEquals("[9, 12]", Arrays.toString(s.delayLine(2, 13, 17, true)));
        assertEquals("[8]", Arrays.toString(s.delayLine(3, 11, 15, false)));
        assertEquals("[10, 17]", Arrays.toString(s.delayLine(3, 20, 24, false)));
        assertThrows(IllegalStateException.class, () -> s.delayLine(3, 10, 20, true));
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}

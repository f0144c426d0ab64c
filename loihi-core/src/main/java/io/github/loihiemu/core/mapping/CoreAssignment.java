package io.github.loihiemu.core.mapping;

import io.github.loihiemu.core.network.CompartmentGroup;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mapper step 2: from the placement's global core ids to core slots (the used cores in id order) and local indices
 * (on each core, compartments in (group, index) order).
 */
final class CoreAssignment {
    /** Global core id of each slot, ascending. */
    final int[] coreIds;
    /** Per group and compartment: its core slot and its index on that core. */
    final int[][] groupCoreSlot;
    final int[][] groupLocal;
    /** Per slot: the group and the index within it of each local compartment. */
    final int[][] compartmentGroup;
    final int[][] compartmentIndex;

    CoreAssignment(List<CompartmentGroup> groups, int[][] coreOf) {
        TreeMap<Integer, IntList[]> byCore = new TreeMap<>();
        for (CompartmentGroup g : groups) {
            for (int i = 0; i < g.size(); i++) {
                IntList[] l = byCore.computeIfAbsent(coreOf[g.index()][i],
                        k -> new IntList[] {new IntList(), new IntList()});
                l[0].add(g.index());
                l[1].add(i);
            }
        }
        int cores = byCore.size();
        coreIds = new int[cores];
        compartmentGroup = new int[cores][];
        compartmentIndex = new int[cores][];
        groupCoreSlot = new int[groups.size()][];
        groupLocal = new int[groups.size()][];
        for (CompartmentGroup g : groups) {
            groupCoreSlot[g.index()] = new int[g.size()];
            groupLocal[g.index()] = new int[g.size()];
        }
        int slot = 0;
        for (Map.Entry<Integer, IntList[]> e : byCore.entrySet()) {
            coreIds[slot] = e.getKey();
            compartmentGroup[slot] = e.getValue()[0].toArray();
            compartmentIndex[slot] = e.getValue()[1].toArray();
            for (int k = 0; k < compartmentGroup[slot].length; k++) {
                int g = compartmentGroup[slot][k];
                groupCoreSlot[g][compartmentIndex[slot][k]] = slot;
                groupLocal[g][compartmentIndex[slot][k]] = k;
            }
            slot++;
        }
    }

    /**
     * The compute cores of {@code chip}: compute core k is the chip slots {@code members[k]} (ascending, consecutive
     * runs), its id that of its first chip core, its compartments those of its chip cores one core after the other,
     * so that each chip core is a contiguous range of local indices.
     */
    CoreAssignment(List<CompartmentGroup> groups, CoreAssignment chip, int[][] members) {
        int cores = members.length;
        coreIds = new int[cores];
        compartmentGroup = new int[cores][];
        compartmentIndex = new int[cores][];
        groupCoreSlot = new int[groups.size()][];
        groupLocal = new int[groups.size()][];
        for (CompartmentGroup g : groups) {
            groupCoreSlot[g.index()] = new int[g.size()];
            groupLocal[g.index()] = new int[g.size()];
        }
        for (int k = 0; k < cores; k++) {
            coreIds[k] = chip.coreIds[members[k][0]];
            int n = 0;
            for (int s : members[k]) {
                n += chip.compartmentGroup[s].length;
            }
            compartmentGroup[k] = new int[n];
            compartmentIndex[k] = new int[n];
            int at = 0;
            for (int s : members[k]) {
                int m = chip.compartmentGroup[s].length;
                System.arraycopy(chip.compartmentGroup[s], 0, compartmentGroup[k], at, m);
                System.arraycopy(chip.compartmentIndex[s], 0, compartmentIndex[k], at, m);
                at += m;
            }
            for (int q = 0; q < n; q++) {
                int g = compartmentGroup[k][q];
                groupCoreSlot[g][compartmentIndex[k][q]] = k;
                groupLocal[g][compartmentIndex[k][q]] = q;
            }
        }
    }

    int coreCount() {
        return coreIds.length;
    }
}

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

    int coreCount() {
        return coreIds.length;
    }
}

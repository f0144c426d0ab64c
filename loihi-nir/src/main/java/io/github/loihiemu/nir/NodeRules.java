package io.github.loihiemu.nir;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parameter checks and shape rules per node type, following {@code nir/ir/*.py} (shapes without a batch dimension).
 * Convolution and pooling output sizes use PyTorch's formula, as {@code nir/ir/utils.py} does:
 * {@code floor((n + 2 p - d (k - 1) - 1) / s) + 1}; padding {@code "same"} keeps n, {@code "valid"} is p = 0.
 */
final class NodeRules {

    private NodeRules() {
    }

    static String label(String prefix, String name, NodeType type) {
        return "'" + prefix + name + "'" + (type == null ? "" : " (" + type.nirName() + ")");
    }

    static int product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) p;
    }

    /** Checks the parameters of a non-graph node and returns it with the shapes its parameters fix. */
    static NirNode create(String source, String prefix, String name, NodeType type, Map<String, NirArray> params,
                          Map<String, NirArray> metadata) {
        Checker c = new Checker(source, label(prefix, name, type), params);
        for (String key : type.requiredParameters()) {
            c.require(key);
        }
        int[] in = null;
        int[] out = null;
        switch (type) {
            case INPUT:
            case OUTPUT: {
                in = c.shapeVector("shape");
                out = in;
                break;
            }
            case AFFINE:
            case LINEAR: {
                NirArray w = c.numeric("weight");
                if (w.rank() < 2) {
                    throw c.fail("parameter 'weight' must have at least 2 dimensions [out, in], has shape "
                            + Arrays.toString(w.shape()));
                }
                int[] ws = w.shape();
                in = Arrays.copyOf(ws, ws.length - 1);
                in[in.length - 1] = ws[ws.length - 1];
                out = Arrays.copyOf(ws, ws.length - 1);
                if (type == NodeType.AFFINE) {
                    NirArray b = c.numeric("bias");
                    if (b.size() != 1 && b.size() != product(out)) {
                        throw c.fail("parameter 'bias' has shape " + Arrays.toString(b.shape()) + ", the output is "
                                + Arrays.toString(out));
                    }
                }
                break;
            }
            case SCALE:
                in = c.numeric("scale").shape();
                out = in;
                break;
            case THRESHOLD:
                in = c.numeric("threshold").shape();
                out = in;
                break;
            case DELAY:
                in = c.numeric("delay").shape();
                out = in;
                break;
            case LIF:
            case CUBA_LIF:
            case CUBA_LI:
            case IF:
            case LI:
            case I: {
                List<String> req = type.requiredParameters();
                int[] shape = c.numeric(req.get(0)).shape();
                for (String key : req) {
                    c.sameShape(key, req.get(0), shape, false);
                }
                for (String key : type.optionalParameters()) {
                    if (params.containsKey(key)) {
                        c.sameShape(key, req.get(0), shape, key.equals("w_in"));
                    }
                }
                in = shape;
                out = shape;
                break;
            }
            case FLATTEN: {
                c.intScalar("start_dim");
                c.intScalar("end_dim");
                if (params.containsKey("input_type")) {
                    in = c.shapeVector("input_type");
                    out = flatten(c, in);
                }
                break;
            }
            case CONV1D:
            case CONV2D: {
                int nd = type == NodeType.CONV1D ? 1 : 2;
                NirArray w = c.numeric("weight");
                if (w.rank() != nd + 2) {
                    throw c.fail("parameter 'weight' must have " + (nd + 2) + " dimensions [C_out, C_in/groups, "
                            + (nd == 1 ? "K" : "K_x, K_y") + "], has shape " + Arrays.toString(w.shape()));
                }
                long groups = c.intScalar("groups");
                if (groups < 1 || w.dim(0) % groups != 0) {
                    throw c.fail("parameter 'groups' = " + groups + " must be >= 1 and divide C_out = " + w.dim(0));
                }
                c.intVector("stride", nd, 1);
                c.intVector("dilation", nd, 1);
                NirArray pad = c.numeric("padding", true);
                if (pad.dtype() == NirArray.DType.STRING) {
                    String mode = pad.size() == 1 ? pad.getString(0) : "";
                    if (!mode.equals("same") && !mode.equals("valid")) {
                        throw c.fail("parameter 'padding' must be 'same', 'valid' or integers, is " + pad);
                    }
                } else {
                    c.intVector("padding", nd, 0);
                }
                NirArray b = c.numeric("bias");
                if (b.size() != 1 && b.size() != w.dim(0)) {
                    throw c.fail("parameter 'bias' has " + b.size() + " elements, C_out is " + w.dim(0));
                }
                if (params.containsKey("input_shape")) {
                    int[] spatial = c.intVector("input_shape", nd, 1);
                    in = new int[nd + 1];
                    in[0] = (int) (w.dim(1) * groups);
                    System.arraycopy(spatial, 0, in, 1, nd);
                    out = convOutput(c, in);
                }
                break;
            }
            case SUM_POOL2D:
            case AVG_POOL2D:
                c.intVector("kernel_size", 2, 1);
                c.intVector("stride", 2, 1);
                c.intVector("padding", 2, 0);
                break;
            default:
                throw new IllegalStateException(type.toString());
        }
        return new NirNode(name, type, params, metadata, null, in, out);
    }

    /** A nested-graph node; its shapes are those of its single Input and Output node, if single. */
    static NirNode createGraphNode(String name, NirGraph graph) {
        int[] in = null;
        int[] out = null;
        List<String> inputs = graph.inputNames();
        List<String> outputs = graph.outputNames();
        if (inputs.size() == 1) {
            in = graph.node(inputs.get(0)).outputShape();
        }
        if (outputs.size() == 1) {
            out = graph.node(outputs.get(0)).inputShape();
        }
        return new NirNode(name, NodeType.NIR_GRAPH, Map.of(), graph.metadata(), graph, in, out);
    }

    /** Whether the node's output shape is computed from its input shape when an edge brings one. */
    static boolean infersFromInput(NirNode node) {
        switch (node.type()) {
            case FLATTEN:
            case CONV1D:
            case CONV2D:
            case SUM_POOL2D:
            case AVG_POOL2D:
                return node.inputShape() == null;
            default:
                return false;
        }
    }

    /** The output shape of an inferring node given the input shape an edge brings. */
    static int[] inferOutput(String source, String prefix, NirNode node, int[] in) {
        Checker c = new Checker(source, label(prefix, node.name(), node.type()), node.parameters());
        switch (node.type()) {
            case FLATTEN:
                return flatten(c, in);
            case CONV1D:
            case CONV2D: {
                int nd = node.type() == NodeType.CONV1D ? 1 : 2;
                NirArray w = c.numeric("weight");
                int cin = (int) (w.dim(1) * c.intScalar("groups"));
                if (in.length != nd + 1 || in[0] != cin) {
                    throw c.fail("takes [" + cin + (nd == 1 ? ", N" : ", H, W") + "] (C_in = " + cin
                            + "), an edge brings " + Arrays.toString(in));
                }
                return convOutput(c, in);
            }
            case SUM_POOL2D:
            case AVG_POOL2D: {
                if (in.length != 3) {
                    throw c.fail("takes [C, H, W], an edge brings " + Arrays.toString(in));
                }
                int[] k = c.intVector("kernel_size", 2, 1);
                int[] s = c.intVector("stride", 2, 1);
                int[] p = c.intVector("padding", 2, 0);
                int[] out = {in[0], 0, 0};
                for (int i = 0; i < 2; i++) {
                    out[i + 1] = Math.floorDiv(in[i + 1] + 2 * p[i] - k[i], s[i]) + 1;
                    if (out[i + 1] < 1) {
                        throw c.fail("kernel " + Arrays.toString(k) + " does not fit the input " + Arrays.toString(in));
                    }
                }
                return out;
            }
            default:
                throw new IllegalStateException(node.type().toString());
        }
    }

    private static int[] flatten(Checker c, int[] in) {
        int rank = in.length;
        long start = c.intScalar("start_dim");
        long end = c.intScalar("end_dim");
        long s = start < 0 ? start + rank : start;
        long e = end < 0 ? end + rank : end;
        if (rank == 0 || s < 0 || s >= rank || e < s || e >= rank) {
            throw c.fail("start_dim " + start + " and end_dim " + end + " do not fit the input shape "
                    + Arrays.toString(in));
        }
        int[] out = new int[rank - (int) (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            out[k++] = in[i];
        }
        long merged = 1;
        for (int i = (int) s; i <= e; i++) {
            merged *= in[i];
        }
        out[k++] = (int) merged;
        for (int i = (int) e + 1; i < rank; i++) {
            out[k++] = in[i];
        }
        return out;
    }

    private static int[] convOutput(Checker c, int[] in) {
        int nd = in.length - 1;
        NirArray w = c.numeric("weight");
        int[] s = c.intVector("stride", nd, 1);
        int[] d = c.intVector("dilation", nd, 1);
        NirArray pad = c.numeric("padding", true);
        boolean same = pad.dtype() == NirArray.DType.STRING && pad.getString(0).equals("same");
        int[] p = pad.dtype() == NirArray.DType.STRING ? new int[nd] : c.intVector("padding", nd, 0);
        int[] out = new int[nd + 1];
        out[0] = w.dim(0);
        for (int i = 0; i < nd; i++) {
            int k = w.dim(2 + i);
            out[i + 1] = same ? in[i + 1] : Math.floorDiv(in[i + 1] + 2 * p[i] - d[i] * (k - 1) - 1, s[i]) + 1;
            if (out[i + 1] < 1) {
                throw c.fail("kernel " + k + " (dilation " + d[i] + ") does not fit the input "
                        + Arrays.toString(in));
            }
        }
        return out;
    }

    /** Reads parameters of one node and turns every problem into a {@link NirFormatException}. */
    static final class Checker {
        private final String source;
        private final String label;
        private final Map<String, NirArray> params;

        Checker(String source, String label, Map<String, NirArray> params) {
            this.source = source;
            this.label = label;
            this.params = params;
        }

        NirFormatException fail(String problem) {
            return new NirFormatException(source, label, problem);
        }

        NirArray require(String key) {
            NirArray a = params.get(key);
            if (a == null) {
                throw fail("missing parameter '" + key + "'");
            }
            return a;
        }

        NirArray numeric(String key) {
            return numeric(key, false);
        }

        NirArray numeric(String key, boolean stringAllowed) {
            NirArray a = require(key);
            if (!a.isNumeric() && !stringAllowed) {
                throw fail("parameter '" + key + "' must be numeric, is " + a);
            }
            if (a.isNumeric()) {
                for (int i = 0; i < a.size(); i++) {
                    double v = a.getDouble(i);
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        throw fail("parameter '" + key + "' holds " + v + " at element " + i);
                    }
                }
            }
            return a;
        }

        void sameShape(String key, String ref, int[] shape, boolean scalarAllowed) {
            NirArray a = numeric(key);
            if (Arrays.equals(a.shape(), shape) || (scalarAllowed && a.size() == 1)) {
                return;
            }
            throw fail("parameter '" + key + "' has shape " + Arrays.toString(a.shape()) + ", '" + ref + "' has "
                    + Arrays.toString(shape));
        }

        long intScalar(String key) {
            NirArray a = numeric(key);
            if (a.size() != 1) {
                throw fail("parameter '" + key + "' must be one integer, has shape " + Arrays.toString(a.shape()));
            }
            return whole(key, a, 0);
        }

        private long whole(String key, NirArray a, int i) {
            double v = a.getDouble(i);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw fail("parameter '" + key + "' must hold integers, element " + i + " is " + v);
            }
            return (long) v;
        }

        /** A 0- or 1-dimensional list of whole numbers >= min, as a shape vector. */
        int[] shapeVector(String key) {
            NirArray a = numeric(key);
            if (a.rank() > 1) {
                throw fail("parameter '" + key + "' must be a list of sizes, has shape " + Arrays.toString(a.shape()));
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                long v = whole(key, a, i);
                if (v < 1) {
                    throw fail("parameter '" + key + "' holds the size " + v);
                }
                out[i] = (int) v;
            }
            return out;
        }

        /** One integer (used for every dimension) or {@code nd} integers, each >= min. */
        int[] intVector(String key, int nd, int min) {
            NirArray a = numeric(key);
            if (a.size() != 1 && a.size() != nd) {
                throw fail("parameter '" + key + "' must hold 1 or " + nd + " integers, has shape "
                        + Arrays.toString(a.shape()));
            }
            int[] out = new int[nd];
            for (int i = 0; i < nd; i++) {
                long v = whole(key, a, a.size() == 1 ? 0 : i);
                if (v < min) {
                    throw fail("parameter '" + key + "' must be >= " + min + ", holds " + v);
                }
                out[i] = (int) v;
            }
            return out;
        }
    }
}
